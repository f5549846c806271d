import { MAX_FILE_NOTATION } from './file-plan';

/** The parts of a file code (mã hồ sơ) of Decree 30/2020: organId.fileCatalog.fileNotation. */
export interface FileCodeParts {
  organId: string;
  fileCatalog: string;
  fileNotation: string;
}

/** The file notation of the n-th file under a heading in a year: "HT.0042". */
export function fileNotation(heading: string, sequence: number): string {
  const notation = `${heading}.${String(sequence).padStart(4, '0')}`;
  if (notation.length > MAX_FILE_NOTATION) {
    throw new Error(`file notation ${notation} is longer than ${MAX_FILE_NOTATION} characters`);
  }
  return notation;
}

export function fileCodeOf(parts: FileCodeParts): string {
  return `${parts.organId}.${parts.fileCatalog}.${parts.fileNotation}`;
}

/** A document's code in its file: the file code and a 7-digit ordinal (Circular 05/2025). */
export function docCodeOf(fileCode: string, ordinal: number): string {
  return `${fileCode}.${String(ordinal).padStart(7, '0')}`;
}

/** The parts of a file code; the organ id is an agency code of four dot-separated groups. */
export function parseFileCode(code: string): FileCodeParts {
  const parts = code.split('.');
  return {
    organId: parts.slice(0, 4).join('.'),
    fileCatalog: parts[4]!,
    fileNotation: parts.slice(5).join('.'),
  };
}
