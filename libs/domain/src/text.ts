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
/**
 * Text that a spreadsheet would take for a formula (it starts with =, +, -, @, a tab or a carriage return)
 * with an apostrophe in front, so that it stays text: partners' names and titles reach CSV and Excel
 * exports (the defence against CSV injection that OWASP gives). Anything else is left as it is.
 */
export function spreadsheetText<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvOf(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cell = (value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? '' : String(spreadsheetText(value));
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const SCALES = ['', ' nghìn', ' triệu', ' tỷ'];

/**
 * A whole number in Vietnamese words, as a form's "Viết bằng chữ" line wants it: 21 → "hai mươi mốt",
 * 105 → "một trăm lẻ năm", 1 005 → "một nghìn không trăm lẻ năm". Capitalised, up to 999 999 999 999.
 */
export function vietnameseNumberWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > 999_999_999_999)
    throw new RangeError(`${n} has no words here`);
  if (n === 0) return 'Không';
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words = groups
    .map((group, scale) => ({ group, scale }))
    .reverse()
    .filter(({ group }) => group > 0)
    .map(({ group, scale }) => `${hundreds(group, scale < groups.length - 1)}${SCALES[scale]}`);
  const text = words.join(' ');
  return text[0]!.toUpperCase() + text.slice(1);
}

/** 0-999 in words; `inner` when a higher group stands before it, so that 5 reads "không trăm lẻ năm". */
function hundreds(n: number, inner: boolean): string {
  const [h, t, u] = [Math.floor(n / 100), Math.floor(n / 10) % 10, n % 10];
  const parts: string[] = [];
  if (h > 0 || inner) parts.push(`${DIGITS[h]} trăm`);
  if (t === 0 && u > 0 && parts.length > 0) parts.push('lẻ');
  if (t === 1) parts.push('mười');
  if (t > 1) parts.push(`${DIGITS[t]} mươi`);
  if (u > 0) parts.push(u === 1 && t > 1 ? 'mốt' : u === 5 && t > 0 ? 'lăm' : DIGITS[u]!);
  return parts.join(' ');
}
