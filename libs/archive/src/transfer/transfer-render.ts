import ExcelJS from 'exceljs';
import { spreadsheetText } from '@hoso/domain';
import {
  documentIndexForm,
  fileIndexForm,
  handoverForm,
  type TransferForm,
  type TransferInput,
} from './transfer-forms';
import { BOLD, FONT, pdfaDocument, pdfBytes } from '../pdfa-document';

// A transfer form as the archive files it: PDF/A-2b on A4 with DejaVu Sans embedded (every Vietnamese
// glyph), to print and sign, and XLSX, to check and import; both laid out from the same TransferForm.

const MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];

export interface RenderedPdf {
  bytes: Buffer;
  /** Sheets as printed on one side: the "tờ" a handover record counts. */
  pages: number;
}

export function formPdf(form: TransferForm, at: Date): RenderedPdf {
  const doc = pdfaDocument({
    size: 'A4',
    layout: form.landscape ? 'landscape' : 'portrait',
    margin: 40,
    info: {
      Title: `${form.title} ${form.subtitle[0] ?? ''}`.trim(),
      Author: form.agencyName,
      Subject: form.basis,
      Creator: 'hoso-bridge',
      CreationDate: at,
      ModDate: at,
    },
  });
  let pages = 1;
  doc.on('pageAdded', () => (pages += 1));
  const width = doc.page.width - 80;
  const text = (value: string, options: { bold?: boolean; size?: number; align?: 'center' | 'left' } = {}) =>
    doc
      .font(options.bold ? BOLD : FONT)
      .fontSize(options.size ?? 10)
      .text(value, { align: options.align ?? 'left' });

  // The heading: the agency on the left, the national motto on the right (Decree 30/2020 Appendix I).
  const top = doc.y;
  doc
    .font(BOLD)
    .fontSize(10)
    .text(form.agencyName.toUpperCase(), 40, top, { width: width * 0.45, align: 'center' });
  const below = doc.y;
  doc.font(BOLD).text(MOTTO[0]!, 40 + width * 0.45, top, { width: width * 0.55, align: 'center' });
  doc.font(FONT).text(MOTTO[1]!, { width: width * 0.55, align: 'center' });
  doc.x = 40;
  doc.y = Math.max(below, doc.y) + 12;
  text(form.title, { bold: true, size: 13, align: 'center' });
  for (const line of form.subtitle) text(line, { align: 'center' });
  doc.moveDown();
  for (const paragraph of form.paragraphs) text(paragraph);
  for (const table of form.tables) {
    doc.moveDown(0.5);
    if (table.caption) text(table.caption, { bold: true });
    const total = table.columns.reduce((sum, c) => sum + c.width, 0);
    doc.font(FONT).fontSize(8);
    doc.table({
      columnStyles: table.columns.map((c) => (c.width / total) * width),
      defaultStyle: { padding: 3 },
      data: [
        table.columns.map((c) => ({ text: c.label, font: { src: BOLD }, align: 'center' as const })),
        table.columns.map((_, i) => ({ text: `(${i + 1})`, align: 'center' as const })),
        ...table.rows,
      ],
    });
  }
  doc.moveDown();
  doc.x = 40;
  text(form.dated, { align: 'center' });
  const signTop = doc.y + 4;
  const column = width / form.signatures.length;
  form.signatures.forEach((signature, i) => {
    doc
      .font(BOLD)
      .fontSize(10)
      .text(signature, 40 + i * column, signTop, { width: column, align: 'center' });
  });
  return { bytes: pdfBytes(doc), pages };
}

export async function formXlsx(form: TransferForm, at: Date): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = form.agencyName;
  book.created = at;
  book.modified = at;
  book.title = form.title;
  book.subject = form.basis;
  const sheet = book.addWorksheet(form.title.slice(0, 31), {
    pageSetup: { paperSize: 9, orientation: form.landscape ? 'landscape' : 'portrait', fitToWidth: 1 },
  });
  const span = Math.max(2, ...form.tables.map((t) => t.columns.length));
  const line = (value: string, options: { bold?: boolean; size?: number; center?: boolean } = {}) => {
    const row = sheet.addRow([spreadsheetText(value)]);
    sheet.mergeCells(row.number, 1, row.number, span);
    row.getCell(1).font = { name: 'Times New Roman', bold: options.bold, size: options.size ?? 12 };
    row.getCell(1).alignment = {
      horizontal: options.center ? 'center' : 'left',
      wrapText: true,
      vertical: 'top',
    };
  };
  const heading = sheet.addRow([spreadsheetText(form.agencyName.toUpperCase())]);
  const half = Math.floor(span / 2);
  sheet.mergeCells(heading.number, 1, heading.number, half);
  heading.getCell(half + 1).value = `${MOTTO[0]}\n${MOTTO[1]}`;
  sheet.mergeCells(heading.number, half + 1, heading.number, span);
  heading.height = 32;
  for (const cell of [heading.getCell(1), heading.getCell(half + 1)]) {
    cell.font = { name: 'Times New Roman', bold: true, size: 12 };
    cell.alignment = { horizontal: 'center', vertical: 'top', wrapText: true };
  }
  line(form.title, { bold: true, size: 14, center: true });
  for (const subtitle of form.subtitle) line(subtitle, { center: true });
  for (const paragraph of form.paragraphs) line(paragraph);
  const thin = { style: 'thin' as const };
  for (const table of form.tables) {
    if (table.caption) line(table.caption, { bold: true });
    const head = sheet.addRow(table.columns.map((c) => c.label));
    const numbers = sheet.addRow(table.columns.map((_, i) => `(${i + 1})`));
    const body = table.rows.map((r) => sheet.addRow(r.map(spreadsheetText)));
    for (const row of [head, numbers, ...body]) {
      row.eachCell((cell) => {
        cell.border = { top: thin, left: thin, bottom: thin, right: thin };
        cell.alignment = {
          wrapText: true,
          vertical: 'top',
          horizontal: row === head || row === numbers ? 'center' : 'left',
        };
        cell.font = { name: 'Times New Roman', size: 11, bold: row === head };
      });
    }
    table.columns.forEach((c, i) => {
      const column = sheet.getColumn(i + 1);
      column.width = Math.max(column.width ?? 0, c.width * 1.6);
    });
  }
  line(form.dated, { center: true });
  const signatures = sheet.addRow([]);
  const each = Math.floor(span / form.signatures.length);
  form.signatures.forEach((signature, i) => {
    const first = 1 + i * each;
    signatures.getCell(first).value = signature;
    signatures.getCell(first).font = { name: 'Times New Roman', bold: true, size: 12 };
    signatures.getCell(first).alignment = { horizontal: 'center', wrapText: true };
    sheet.mergeCells(
      signatures.number,
      first,
      signatures.number,
      i === form.signatures.length - 1 ? span : first + each - 1,
    );
  });
  signatures.height = 32;
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** One file of a transfer's paperwork. */
export interface PaperworkFile {
  fileName: string;
  bytes: Buffer;
}

/**
 * The three forms, each as PDF/A and XLSX; the handover record counts the inventory's printed sheets, so the
 * inventory is drawn first.
 */
export async function renderTransferPaperwork(
  input: Omit<TransferInput, 'inventorySheets'>,
): Promise<PaperworkFile[]> {
  const inventory = fileIndexForm(input);
  const inventoryPdf = formPdf(inventory, input.at);
  const forms = [
    inventory,
    documentIndexForm(input),
    handoverForm({ ...input, inventorySheets: inventoryPdf.pages }),
  ];
  const files: PaperworkFile[] = [];
  for (const form of forms) {
    const pdf = form === inventory ? inventoryPdf : formPdf(form, input.at);
    files.push({ fileName: `${form.name}.pdf`, bytes: pdf.bytes });
    files.push({ fileName: `${form.name}.xlsx`, bytes: await formXlsx(form, input.at) });
  }
  return files;
}
