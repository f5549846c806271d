/**
 * Text for comparison: NFC, diacritics removed (đ/Đ included, which Unicode does not decompose), upper
 * case, every dash form as "-", runs of white space as one space.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether the text contains what is wanted, compared as fold() compares (diacritics and case aside). */
export function includesFolded(text: string, wanted: string): boolean {
  return fold(text).includes(fold(wanted));
}

/** Rows as CSV (RFC 4180, CRLF), with a byte-order mark so that spreadsheet programs read the diacritics. */
export function csvOf(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cell = (value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
