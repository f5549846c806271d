import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

// What every PDF the archive export draws shares: PDF/A-2b with DejaVu Sans embedded (it has every
// Vietnamese glyph), and its bytes read at once.

export const FONT = 'DejaVuSans';
export const BOLD = 'DejaVuSans-Bold';

const FONT_FILES = {
  [FONT]: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  [BOLD]: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

// Parsed once per process: pdfkit would read and parse both fonts again for every document.
let parsed: Record<string, unknown> | null = null;
const fonts = () =>
  (parsed ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([name, file]) => [name, fontkit.create(readFileSync(file))]),
  ));

export type PdfaOptions = Omit<PDFKit.PDFDocumentOptions, 'pdfVersion' | 'subset' | 'lang'>;

export function pdfaDocument(options: PdfaOptions): PDFKit.PDFDocument {
  // DejaVu as the default font too: pdfkit would parse Helvetica's metrics for every document.
  const font = fonts()[FONT] as never;
  const doc = new PDFDocument({ ...options, font, pdfVersion: '1.7', subset: 'PDF/A-2b', lang: 'vi-VN' });
  for (const [name, font] of Object.entries(fonts())) doc.registerFont(name, font as never);
  return doc;
}

/** Ends the document; pdfkit writes it whole into its stream's buffer during end(), so it is read at once. */
export function pdfBytes(doc: PDFKit.PDFDocument): Buffer {
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
