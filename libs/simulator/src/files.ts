import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { sealPdf } from './seal';

// A simulated document store: every file the partner systems name can be fetched from it, and its bytes
// (so its SHA-256) follow from its name and size alone.

/** Larger files are not served (the simulator names files of at most 2 MB). */
export const MAX_SIMULATED_FILE = 64 * 1024 * 1024;

/** A document the system made, or the agency's certified scan of a paper (a digitized component). */
export type SimulatedKind = 'document' | 'scan';

const FOLDERS: Record<SimulatedKind, string> = { document: 'files', scan: 'scans' };

/** Where the store keeps a file of this name and size. */
export const simulatedFilePath = (fileName: string, size: number, kind: SimulatedKind = 'document') =>
  `/${FOLDERS[kind]}/${size}/${encodeURIComponent(fileName)}`;

/** The name, size and kind a store path stands for, or null when it is not one. */
export function parseSimulatedFilePath(
  path: string,
): { fileName: string; size: number; kind: SimulatedKind } | null {
  const match = /^\/(files|scans)\/(\d{1,9})\/([^/]+)$/.exec(path);
  const size = Number(match?.[2]);
  if (!match || size > MAX_SIMULATED_FILE) return null;
  return {
    fileName: decodeURIComponent(match[3]!),
    size,
    kind: match[1] === 'scans' ? 'scan' : 'document',
  };
}

/**
 * A file's bytes: a PDF/A-2b page (so an archive's PDF/A check passes it), then, before its cross-reference
 * table, comment lines naming the file and filling it to `size`; the same every time. A scan's page is an
 * A4 colour image at 200 dpi, sealed with the agency's signature over the whole file (Decree 30/2020/NĐ-CP
 * Appendix I: a digitized copy is a colour PDF of at least 200 dpi, signed by the agency). A size below the
 * page's own (11 to 35 KB; the simulator names files of 40 KB and more) gets a bare PDF header instead.
 */
export function simulatedFile(fileName: string, size: number, kind: SimulatedKind = 'document'): Buffer {
  const page = kind === 'scan' ? scanPage() : pdfaPage();
  const xref = page.lastIndexOf('\nxref\n') + 1;
  const naming = Buffer.from(`% ${fileName.replace(/[\r\n]/g, ' ')}\n`, 'utf8');
  const tailFor = (offset: number) =>
    Buffer.from(
      page
        .subarray(xref)
        .toString('latin1')
        .replace(/startxref\n\d+/, `startxref\n${offset}`),
      'latin1',
    );
  // The offset's digits can change the tail's length, so the padding is settled in two rounds.
  let padding = size - page.length;
  for (let round = 0; round < 2; round++) padding = size - xref - tailFor(xref + padding).length;
  if (padding < naming.length + 2) {
    const bytes = Buffer.alloc(size, createHash('sha256').update(fileName).digest());
    bytes.write(`%PDF-1.4\n% ${fileName}\n`.slice(0, size), 'latin1');
    return bytes;
  }
  const fill = Buffer.alloc(
    padding - naming.length,
    `%${createHash('sha256').update(fileName).digest('hex')}\n`,
  );
  fill[fill.length - 1] = 0x0a; // the last comment line ends before "xref"
  const bytes = Buffer.concat([page.subarray(0, xref), naming, fill, tailFor(xref + padding)]);
  return kind === 'scan' ? sealPdf(bytes, SIMULATED_AT) : bytes;
}

const SIMULATED_AT = new Date('2026-01-01T00:00:00Z');

const pdfaDocument = (title: string) =>
  new PDFDocument({
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'vi-VN',
    size: 'A4',
    info: { Title: title, Producer: 'hoso-bridge simulator', CreationDate: SIMULATED_AT },
  });

/** pdfkit writes the whole document into its stream's buffer during end(), so it can be read at once. */
function bytesOf(doc: PDFKit.PDFDocument): Buffer {
  doc.end();
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null)
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

let page: Buffer | undefined;

/** One page of PDF/A-2b with its font embedded (DejaVu Sans has every Vietnamese glyph), built once. */
function pdfaPage(): Buffer {
  if (page) return page;
  const doc = pdfaDocument('Tài liệu mô phỏng');
  doc
    .font(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))
    .fontSize(12)
    .text('Tài liệu mô phỏng của hoso-bridge');
  page = bytesOf(doc);
  return page;
}

/** The scan's resolution: the least Decree 30/2020/NĐ-CP Appendix I allows a digitized copy. */
export const SIMULATED_SCAN_DPI = 200;

let scan: Buffer | undefined;

/**
 * One scanned A4 page: an RGB image at 200 dpi filling the page (paper with lines of ink), and an invisible
 * signature field whose value is a placeholder for the seal, built once.
 */
function scanPage(): Buffer {
  if (scan) return scan;
  const doc = pdfaDocument('Bản sao điện tử từ bản giấy');
  const [width, height] = [doc.page.width, doc.page.height];
  const pixels = { width: Math.round((width / 72) * SIMULATED_SCAN_DPI), height: 0 };
  pixels.height = Math.round((height / 72) * SIMULATED_SCAN_DPI);
  const rows: Buffer[] = [];
  for (let y = 0; y < pixels.height; y++) {
    const row = Buffer.alloc(pixels.width * 3, 0xf4);
    const inked = y > 200 && y < pixels.height - 200 && y % 60 < 14;
    if (inked) row.fill(0x30, 160 * 3, (pixels.width - 160 - ((y * 7) % 400)) * 3);
    rows.push(row);
  }
  const image = doc.ref({
    Type: 'XObject',
    Subtype: 'Image',
    Width: pixels.width,
    Height: pixels.height,
    ColorSpace: 'DeviceRGB',
    BitsPerComponent: 8,
    Filter: 'FlateDecode',
  });
  image.end(deflateSync(Buffer.concat(rows), { level: 9 }));
  (doc.page as unknown as { xobjects: Record<string, unknown> }).xobjects.Scan = image;
  doc.addContent(`q ${width} 0 0 ${height} 0 0 cm /Scan Do Q`);
  addSignaturePlaceholder(doc);
  scan = bytesOf(doc);
  return scan;
}

/**
 * The objects a PDF signature needs (ISO 32000-1 12.8): a signature dictionary whose /ByteRange and
 * /Contents sealPdf fills, in a print-flagged widget of zero size, as PDF/A-2 requires of every annotation.
 */
function addSignaturePlaceholder(doc: PDFKit.PDFDocument) {
  const internals = doc as unknown as {
    _root: { data: { AcroForm: { data: Record<string, unknown> & { Fields: unknown[] } } } };
    page: { dictionary: unknown; annotations: unknown[] };
  };
  const signature = doc.ref({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'adbe.pkcs7.detached',
    ByteRange: [0, '**********', '**********', '**********'],
    Contents: Buffer.alloc(8192),
    M: SIMULATED_AT,
    Name: new String('Cơ quan mô phỏng'),
    Reason: new String('Sao từ bản giấy'),
  });
  doc.initForm();
  const form = internals._root.data.AcroForm;
  // SigFlags 3: signatures exist, and the file is to be appended to only.
  form.data = { Type: 'AcroForm', SigFlags: 3, Fields: form.data.Fields, DR: form.data.DR };
  const widget = doc.ref({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    F: 4,
    Rect: [0, 0, 0, 0],
    V: signature,
    T: new String('Signature1'),
    P: internals.page.dictionary,
  });
  internals.page.annotations.push(widget);
  form.data.Fields.push(widget);
  signature.end(undefined);
  widget.end(undefined);
}

/**
 * Points every file an event names (a document's file, a dossier's components) at the store, with its real
 * SHA-256; a digitized component is a scan.
 */
export function storeFiles(data: Record<string, unknown>, storeUrl: string): void {
  const files = [data.file, ...(Array.isArray(data.components) ? (data.components as unknown[]) : [])];
  for (const file of files) {
    if (!file || typeof file !== 'object') continue;
    const named = file as {
      fileName: string;
      sizeBytes: number;
      sha256: string;
      uri?: string;
      digitized?: boolean;
    };
    const kind = named.digitized ? 'scan' : 'document';
    named.uri = `${storeUrl}${simulatedFilePath(named.fileName, named.sizeBytes, kind)}`;
    named.sha256 = createHash('sha256')
      .update(simulatedFile(named.fileName, named.sizeBytes, kind))
      .digest('hex');
  }
}

/** A document's file as real bytes (no store): its SHA-256 becomes theirs. The bytes, to send along. */
export function realFile(data: Record<string, unknown>): Buffer {
  const file = data.file as { fileName: string; sizeBytes: number; sha256: string };
  const bytes = simulatedFile(file.fileName, file.sizeBytes);
  file.sha256 = createHash('sha256').update(bytes).digest('hex');
  return bytes;
}
