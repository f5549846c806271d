/** Vietnam's offset: the contract reads dates and times without an offset as local time here. */
export const VN_OFFSET = '+07:00';
const VN_OFFSET_MS = 7 * 3_600_000;

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const VN_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

function validDay(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function offsetMinutes(zone: string | undefined): number | undefined {
  if (!zone) return 7 * 60;
  if (zone.toUpperCase() === 'Z') return 0;
  const [, sign, hh, mm] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
  const minutes = Number(hh) * 60 + Number(mm ?? 0);
  if (Number(hh) > 14 || Number(mm ?? 0) > 59) return undefined;
  return sign === '-' ? -minutes : minutes;
}

/** The instant an RFC 3339 date-time denotes (no offset = +07:00), or undefined when it is not a real one. */
export function parseVnDateTime(value: string): number | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(m[6] ?? '0');
  const offset = offsetMinutes(m[8]);
  if (!validDay(year, month, day) || hour > 23 || minute > 59 || second > 59 || offset === undefined) {
    return undefined;
  }
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

/** Formats an instant as local Vietnam time: 2026-03-02T08:15:00+07:00 (milliseconds only when present). */
export function formatVnDateTime(instant: number): string {
  const local = new Date(instant + VN_OFFSET_MS).toISOString(); // 2026-03-02T08:15:00.000Z
  const millis = local.slice(19, 23) === '.000' ? '' : local.slice(19, 23);
  return `${local.slice(0, 19)}${millis}${VN_OFFSET}`;
}

/** One canonical form for a date-time in any accepted spelling; other values pass through unchanged. */
export function normalizeVnDateTime(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const instant = parseVnDateTime(value);
  return instant === undefined ? value : formatVnDateTime(instant);
}

/** A calendar date as YYYY-MM-DD, from YYYY-MM-DD, DD/MM/YYYY or a date-time (its Vietnam-local day). */
export function normalizeVnDate(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const vn = VN_DATE.exec(value);
  if (vn) return validDay(Number(vn[3]), Number(vn[2]), Number(vn[1])) ? `${vn[3]}-${vn[2]}-${vn[1]}` : value;
  if (ISO_DATE.test(value)) return value;
  const instant = parseVnDateTime(value);
  return instant === undefined ? value : formatVnDateTime(instant).slice(0, 10);
}

export function isVnDate(value: unknown): boolean {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  return m !== null && validDay(Number(m[1]), Number(m[2]), Number(m[3]));
}
