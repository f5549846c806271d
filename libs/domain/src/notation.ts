import { fold } from './text';

const SO_PREFIX = /^SO\s*[:.]?\s*/;

/**
 * One spelling for a document's number and notation (số, ký hiệu), whatever the partner wrote:
 * "123/QĐ-UBND", "123 /QĐ-UBND", "Số 123/QD-UBND", "0123/qđ – ubnd" all give "123/QD-UBND". The notation
 * may also carry the number ("123/QĐ-UBND" in the notation field).
 */
export function notationKey(number: string, notation: string): string {
  let num = fold(number).replace(SO_PREFIX, '').replace(/\s+/g, '');
  let rest = fold(notation).replace(SO_PREFIX, '');
  const carried = /^(\d+[A-Z]?)\s*\/\s*(.*)$/.exec(rest);
  if (carried && (num === '' || carried[1] === num)) {
    num = carried[1]!;
    rest = carried[2]!;
  }
  num = num.replace(/^0+(?=\d)/, '');
  rest = rest
    .replace(/^\/+/, '')
    .replace(/\s*([-/])\s*/g, '$1')
    .replace(/\s+/g, '');
  return `${num}/${rest}`;
}

/** What rule 2 matches on: issuing agency, year of issue, number and notation (docs/events.md section 5). */
export function documentMatchKey(
  agencyCode: string,
  issuedDate: string,
  number: string,
  notation: string,
): string {
  return `${agencyCode}|${issuedDate.slice(0, 4)}|${notationKey(number, notation)}`;
}
