import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';

// A simulated document store: every file the partner systems name can be fetched from it, and its bytes
// (so its SHA-256) follow from its name and size alone.

/** Larger files are not served (the simulator names files of at most 2 MB). */
export const MAX_SIMULATED_FILE = 64 * 1024 * 1024;

/** Where the store keeps a file of this name and size. */
export const simulatedFilePath = (fileName: string, size: number) =>
  `/files/${size}/${encodeURIComponent(fileName)}`;

/** The name and size a store path stands for, or null when it is not one. */
export function parseSimulatedFilePath(path: string): { fileName: string; size: number } | null {
  const match = /^\/files\/(\d{1,9})\/([^/]+)$/.exec(path);
  const size = Number(match?.[1]);
  if (!match || size > MAX_SIMULATED_FILE) return null;
  return { fileName: decodeURIComponent(match[2]!), size };
}

/**
 * A file's bytes: a PDF/A-2b page (so an archive's PDF/A check passes it), then, before its cross-reference
 * table, comment lines naming the file and filling it to `size`; the same every time. A size below the
 * page's own (about 11 KB; the simulator names files of 40 KB and more) gets a bare PDF header instead.
 */
export function simulatedFile(fileName: string, size: number): Buffer {
  const page = pdfaPage();
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
  return Buffer.concat([page.subarray(0, xref), naming, fill, tailFor(xref + padding)]);
}

let page: Buffer | undefined;

/** One page of PDF/A-2b with its font embedded (DejaVu Sans has every Vietnamese glyph), built once. */
function pdfaPage(): Buffer {
  if (page) return page;
  const doc = new PDFDocument({
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'vi-VN',
    info: {
      Title: 'Tài liệu mô phỏng',
      Producer: 'hoso-bridge simulator',
      CreationDate: new Date('2026-01-01T00:00:00Z'),
    },
  });
  doc
    .font(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))
    .fontSize(12)
    .text('Tài liệu mô phỏng của hoso-bridge');
  doc.end();
  // pdfkit writes the whole document into its stream's buffer during end(), so it can be read at once.
  const chunks: Buffer[] = [];
  for (let chunk = doc.read() as Buffer | null; chunk !== null; chunk = doc.read() as Buffer | null)
    chunks.push(chunk);
  page = Buffer.concat(chunks);
  return page;
}

/** Points every file an event names (a document's file, a dossier's components) at the store, with its real SHA-256. */
export function storeFiles(data: Record<string, unknown>, storeUrl: string): void {
  const files = [data.file, ...(Array.isArray(data.components) ? (data.components as unknown[]) : [])];
  for (const file of files) {
    if (!file || typeof file !== 'object') continue;
    const named = file as { fileName: string; sizeBytes: number; sha256: string; uri?: string };
    named.uri = `${storeUrl}${simulatedFilePath(named.fileName, named.sizeBytes)}`;
    named.sha256 = createHash('sha256').update(simulatedFile(named.fileName, named.sizeBytes)).digest('hex');
  }
}
