import { createHash } from 'node:crypto';

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

/** A file's bytes: a PDF header naming it, then filler drawn from its name; the same every time. */
export function simulatedFile(fileName: string, size: number): Buffer {
  const bytes = Buffer.alloc(size, createHash('sha256').update(fileName).digest());
  bytes.write(`%PDF-1.4\n% ${fileName}\n`.slice(0, size), 'latin1');
  return bytes;
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
