// What a binary's first bytes say it is. Archives take few formats (Circular 05/2025: text documents as PDF,
// pictures as JPEG/PNG/TIFF), so a short table of signatures names everything a package should hold.

const SIGNATURES: ReadonlyArray<{ mediaType: string; magic: readonly number[] }> = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/tiff', magic: [0x49, 0x49, 0x2a, 0x00] }, // II*␀, little-endian
  { mediaType: 'image/tiff', magic: [0x4d, 0x4d, 0x00, 0x2a] }, // MM␀*, big-endian
  { mediaType: 'application/zip', magic: [0x50, 0x4b, 0x03, 0x04] }, // also DOCX, XLSX, ODT
];

/** Media types whose bytes are a ZIP container. */
const ZIP_BASED = /^application\/(zip|vnd\.openxmlformats-officedocument\..+|vnd\.oasis\.opendocument\..+)$/;

/** The file extensions each sniffable media type is saved under. */
export const EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['.pdf'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/tiff': ['.tif', '.tiff'],
  'text/plain': ['.txt'],
};

/** The media type the bytes begin with, `text/plain` for UTF-8 text, or null when no signature matches. */
export function sniffMediaType(head: Buffer): string | null {
  const found = SIGNATURES.find(({ magic }) => magic.every((byte, i) => head[i] === byte));
  if (found) return found.mediaType;
  return isText(head) ? 'text/plain' : null;
}

/** Whether bytes sniffed as `sniffed` may be what METS calls `declared`. */
export function sameMediaType(declared: string, sniffed: string | null): boolean {
  const type = declared.toLowerCase().split(';')[0]!.trim();
  if (sniffed === 'application/zip') return ZIP_BASED.test(type);
  return sniffed === type;
}

function isText(head: Buffer): boolean {
  if (head.length === 0 || head.includes(0)) return false;
  // A cut in the middle of a multi-byte character at the end of the head is still text.
  return !head.toString('utf8').slice(0, -1).includes('\uFFFD');
}
