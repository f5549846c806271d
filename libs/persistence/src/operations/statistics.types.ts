// The shapes of the filing statistics, with no imports, so that the dashboard's browser build can share them.

/** A period of calendar days in Vietnam (+07:00), both ends included. */
export interface Period {
  from: string;
  to: string;
}

export interface AgencyStatistics {
  agencyCode: string;
  /** As the one-stop system last named it (null until it has). */
  agencyName: string | null;
  received: number;
  resolved: number;
  efiles: number;
  /** E-files per resolved dossier, null when nothing was resolved. */
  efileRate: number | null;
  onTime: number;
  officials: number;
  outgoingDocuments: number;
  incomingDocuments: number;
  /** These three: of the dossiers received in the period, those with such an alert. */
  overdue: number;
  unmatched: number;
  needsClassification: number;
}

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

/** The figures that add up over agencies (everything but the names and the rate). */
export type Counted = Exclude<keyof AgencyStatistics, 'agencyCode' | 'agencyName' | 'efileRate'>;

/** The province's figures: each count summed over the agencies, and the two rates over the sums. */
export type Totals = Record<Counted, number> & { efileRate: number | null; onTimeRate: number | null };

/** One Vietnamese calendar day of the trend. */
export interface DayStatistics {
  day: string;
  received: number;
  resolved: number;
  efiles: number;
}

export interface PendingCounts {
  /** Documents that joined no file. */
  documents: number;
  /** Dossiers ended but not filed yet (waiting for named result documents). */
  dossiers: number;
}

/** Over a period: the totals, each agency's figures, the trend per day, and what waits now (GET /admin/overview). */
export interface Overview {
  period: Period;
  total: Totals;
  agencies: AgencyStatistics[];
  pending: PendingCounts;
  deadLetters: number;
  daily: DayStatistics[];
}
