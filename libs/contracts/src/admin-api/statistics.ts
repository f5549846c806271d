import { IsString, Length, MaxLength } from 'class-validator';
import { Nested, NestedList } from '../rules/field-rules';
import { Count, Day, Doc, In, Omittable, Rate, Str } from './fields';

/** A period of calendar days in Vietnam (+07:00), both ends included. */
export class Period {
  @Day('from') from!: string;
  @Day('to') to!: string;
}

/** The figures that add up over agencies. */
export class Counts {
  @Count('dossiers received in the period') received!: number;
  @Count('dossiers ended in the period') resolved!: number;
  @Count('e-files of the dossiers ended in the period') efiles!: number;
  @Count('of those e-files, the dossiers resolved by their appointment date') onTime!: number;
  @Count('officials who created a document in those e-files') officials!: number;
  @Count('outgoing documents (văn bản đi) in those e-files') outgoingDocuments!: number;
  @Count('incoming documents (văn bản đến) in those e-files') incomingDocuments!: number;
  @Count('of the dossiers received in the period, those with an overdue alert') overdue!: number;
  @Count('of the dossiers received in the period, those with an unmatched alert') unmatched!: number;
  @Count('of the dossiers received in the period, those with a needs-classification alert')
  needsClassification!: number;
}

export class AgencyStatistics extends Counts {
  @Str() agencyCode!: string;
  @Omittable() @Str() @Doc('as the one-stop system last named it') agencyName!: string | null;
  @Rate('e-files per dossier ended; null when none ended') efileRate!: number | null;
}

/** The province's figures: each count summed over the agencies, and the two rates over the sums. */
export class Totals extends Counts {
  @Rate('e-files per dossier ended; null when none ended') efileRate!: number | null;
  @Rate('of the e-files, the share resolved on time; null when there are none') onTimeRate!: number | null;
}

/** The figures that add up over agencies (everything but the names and the rate). */
export type Counted = keyof Counts;

/** The columns of the agency table, in order, with their headings: the CLI, the CSV and the Excel export. */
export const AGENCY_COLUMNS: ReadonlyArray<{ key: keyof AgencyStatistics; vi: string; en: string }> = [
  { key: 'agencyCode', vi: 'Mã cơ quan', en: 'Agency code' },
  { key: 'agencyName', vi: 'Tên cơ quan', en: 'Agency' },
  { key: 'received', vi: 'Hồ sơ tiếp nhận', en: 'Dossiers received' },
  { key: 'resolved', vi: 'Hồ sơ đã giải quyết', en: 'Dossiers resolved' },
  { key: 'efiles', vi: 'Hồ sơ điện tử', en: 'E-files' },
  { key: 'efileRate', vi: 'Tỷ lệ lập hồ sơ điện tử', en: 'E-file rate' },
  { key: 'onTime', vi: 'Đúng hạn', en: 'On time' },
  { key: 'officials', vi: 'Cán bộ lập văn bản', en: 'Officials' },
  { key: 'outgoingDocuments', vi: 'Văn bản đi', en: 'Outgoing documents' },
  { key: 'incomingDocuments', vi: 'Văn bản đến', en: 'Incoming documents' },
  { key: 'overdue', vi: 'Quá hạn', en: 'Overdue' },
  { key: 'unmatched', vi: 'Chưa ghép', en: 'Unmatched' },
  { key: 'needsClassification', vi: 'Cần phân loại', en: 'Needs classification' },
];

/** One Vietnamese calendar day of the trend. */
export class DayStatistics {
  @Day('day') day!: string;
  @Count('dossiers received that day') received!: number;
  @Count('dossiers ended that day') resolved!: number;
  @Count('e-files of the dossiers ended that day') efiles!: number;
}

export class PendingCounts {
  @Count('documents that joined no file') documents!: number;
  @Count('dossiers ended but not filed yet (waiting for named result documents)') dossiers!: number;
}

/** GET /admin/stats: per agency over a period. */
export class Statistics {
  @Nested(() => Period) period!: Period;
  @Nested(() => Totals) total!: Totals;
  @NestedList(() => AgencyStatistics, 100_000) agencies!: AgencyStatistics[];
}

/** GET /admin/overview: the statistics, the trend per day, and what waits now. */
export class Overview extends Statistics {
  @Nested(() => PendingCounts) pending!: PendingCounts;
  @Count('dead letters waiting for a redrive') deadLetters!: number;
  @NestedList(() => DayStatistics, 400) daily!: DayStatistics[];
}

/** The longest period the statistics cover at once. */
export const MAX_PERIOD_DAYS = 366;

export class StatisticsQuery {
  @Omittable() @Day('from') @Doc('first day, Vietnam time; default: 30 days before `to`') from?: string;
  @Omittable() @Day('to') @Doc('last day, included; default: today') to?: string;
  @Omittable() @Length(1, 13) @Doc('one agency only', { example: '000.00.20.H17' }) agency?: string;
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const LANGUAGES = ['vi', 'en'] as const;

export class StatisticsExportQuery extends StatisticsQuery {
  @Omittable()
  @In('format', EXPORT_FORMATS)
  @Doc('file format', { default: 'csv' })
  format: (typeof EXPORT_FORMATS)[number] = 'csv';

  @Omittable()
  @In('lang', LANGUAGES)
  @Doc('language of the column headings', { default: 'vi' })
  lang: (typeof LANGUAGES)[number] = 'vi';

  @Omittable()
  @IsString()
  @MaxLength(100)
  @Doc('only agencies whose code or name contains this, diacritics or not')
  q?: string;
}
