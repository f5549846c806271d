import { csvOf, includesFolded, spreadsheetText } from '@hoso/domain';
import {
  AGENCY_COLUMNS,
  formatVnDateTime,
  type AgencyStatistics,
  type Counted,
  type Period,
  type Totals,
} from '@hoso/contracts';
import { Workbook } from 'exceljs';

const DAY_MS = 86_400_000;

/** The period asked for; by default the 30 days up to today (Vietnam time). */
export function periodOf(q: { from?: string; to?: string }): Period {
  const to = q.to ?? formatVnDateTime(Date.now()).slice(0, 10);
  const from = q.from ?? formatVnDateTime(Date.parse(`${to}T00:00:00+07:00`) - 29 * DAY_MS).slice(0, 10);
  return { from, to };
}

/** Days in a period, both ends included (0 or less when it runs backwards). */
export function daysIn(period: Period): number {
  return (Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / DAY_MS + 1;
}

const COUNTED = AGENCY_COLUMNS.map((c) => c.key).filter(
  (key): key is Counted => key !== 'agencyCode' && key !== 'agencyName' && key !== 'efileRate',
);

/** The province's figures: each count summed over the agencies, and the two rates over the sums. */
export function totalOf(agencies: readonly AgencyStatistics[]): Totals {
  const sums = Object.fromEntries(
    COUNTED.map((k) => [k, agencies.reduce((sum, a) => sum + a[k], 0)]),
  ) as Record<Counted, number>;
  return {
    ...sums,
    efileRate: sums.resolved > 0 ? sums.efiles / sums.resolved : null,
    // Of the dossiers filed electronically, the share resolved by their due date.
    onTimeRate: sums.efiles > 0 ? sums.onTime / sums.efiles : null,
  };
}

/** Agencies whose code or name contains the text, compared without diacritics or case. */
export function matching<A extends { agencyCode: string; agencyName: string | null }>(
  agencies: readonly A[],
  text: string | undefined,
): A[] {
  return agencies.filter((a) => includesFolded(`${a.agencyCode} ${a.agencyName ?? ''}`, text ?? ''));
}

export type Language = 'vi' | 'en';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A table's columns: its key in each row and its heading in each language. */
type Columns<R> = ReadonlyArray<{ key: keyof R & string; vi: string; en: string }>;

/** A per-agency table as CSV. */
export function tableCsv<R extends object>(columns: Columns<R>, rows: readonly R[], lang: Language): string {
  return csvOf([
    columns.map((c) => c[lang]),
    ...rows.map((r) => columns.map((c) => r[c.key] as string | number | null)),
  ]);
}

/** A per-agency table as an XLSX workbook of one sheet, rates as percentages. */
export async function tableXlsx<R extends object>(
  columns: Columns<R>,
  rows: readonly R[],
  lang: Language,
  sheetName: string,
  rates: ReadonlyArray<keyof R & string>,
): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet(sheetName.replace(/[\\/*?:[\]]/g, '-'));
  sheet.columns = columns.map((c) => ({
    header: c[lang],
    key: c.key,
    width: c.key === 'agencyName' ? 40 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const rate of rates) sheet.getColumn(rate).numFmt = '0.0%';
  for (const r of rows)
    sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, spreadsheetText(r[c.key])])));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The agency table of a period as CSV. */
export const agencyTableCsv = (agencies: readonly AgencyStatistics[], lang: Language) =>
  tableCsv(AGENCY_COLUMNS, agencies, lang);

/** The agency table of a period as XLSX. */
export const agencyTableXlsx = (agencies: readonly AgencyStatistics[], lang: Language, period: Period) =>
  tableXlsx(AGENCY_COLUMNS, agencies, lang, `${period.from} – ${period.to}`, ['efileRate']);
