import PDFDocument from 'pdfkit';
import { dejaVu } from './dejavu';

// What every PDF the archive export draws with pdfkit shares: PDF/A-2b with DejaVu Sans embedded, and its
// bytes read at once.

export const FONT = 'DejaVuSans';
export const BOLD = 'DejaVuSans-Bold';

export type PdfaOptions = Omit<PDFKit.PDFDocumentOptions, 'pdfVersion' | 'subset' | 'lang'>;

export function pdfaDocument(options: PdfaOptions): PDFKit.PDFDocument {
  // DejaVu as the default font too: pdfkit would parse Helvetica's metrics for every document.
  const { regular, bold } = dejaVu();
  const doc = new PDFDocument({
    ...options,
    font: regular as never,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'vi-VN',
  });
  doc.registerFont(FONT, regular as never);
  doc.registerFont(BOLD, bold as never);
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
