import PDFDocument from 'pdfkit';

// What every PDF the archive export draws shares: PDF/A-2b with DejaVu Sans embedded (it has every
// Vietnamese glyph), and its bytes read at once.

export const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
export const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export type PdfaOptions = Omit<PDFKit.PDFDocumentOptions, 'pdfVersion' | 'subset' | 'lang'>;

export const pdfaDocument = (options: PdfaOptions) =>
  new PDFDocument({ ...options, pdfVersion: '1.7', subset: 'PDF/A-2b', lang: 'vi-VN' });

/** Ends the document; pdfkit writes it whole into its stream's buffer during end(), so it is read at once. */
export function pdfBytes(doc: PDFKit.PDFDocument): Buffer {
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
