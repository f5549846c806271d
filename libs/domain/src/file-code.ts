import { AGENCY_CODE } from '@hoso/contracts';

/** The parts of a file code (mã hồ sơ) of Decree 30/2020 Appendix VI: organId.fileCatalog.fileNotation. */
export interface FileCodeParts {
  organId: string;
  fileCatalog: string;
  fileNotation: string;
}

/** A file's number and symbol holds at most 20 characters (Decree 30/2020 Appendix VI, file field 1.3). */
export const MAX_FILE_NOTATION = 20;

/**
 * A file's number and symbol (số và ký hiệu hồ sơ): the ordinal in Arabic numerals from 01, then the
 * symbol of its large heading, "07.HT" (Decree 30/2020 Appendix V, I.2).
 */
export function fileNotation(ordinal: number, heading: string, width = 2): string {
  const notation = `${String(ordinal).padStart(width, '0')}.${heading}`;
  if (notation.length > MAX_FILE_NOTATION) {
    throw new Error(`file notation ${notation} is longer than ${MAX_FILE_NOTATION} characters`);
  }
  return notation;
}

/** The ordinal and heading symbol of a file notation. */
export function parseFileNotation(notation: string): { ordinal: number; heading: string } {
  const dot = notation.indexOf('.');
  return { ordinal: Number(notation.slice(0, dot)), heading: notation.slice(dot + 1) };
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

/** Whether a code is built as Decree 30/2020 Appendix VI says: agency code, year formed, number and symbol. */
export function isFileCode(code: string): boolean {
  const { organId, fileCatalog, fileNotation } = parseFileCode(code);
  return (
    AGENCY_CODE.test(organId) &&
    /^\d{4}$/.test(fileCatalog ?? '') &&
    fileNotation.length <= MAX_FILE_NOTATION &&
    /^\d{2,6}\.[A-Z][A-Z0-9.-]*$/.test(fileNotation)
  );
}

/** The heading symbol a file code names. */
export const headingOfFileCode = (code: string) =>
  parseFileNotation(parseFileCode(code).fileNotation).heading;
