import { IsString, Length, Matches, MaxLength } from 'class-validator';
import { RETENTION, type RetentionCode } from '../code-lists';
import { RECEIPT_OUTCOMES, ReceiptReason } from '../hoso/archive-receipt';
import { Nested, NestedList } from '../rules/field-rules';
import { ListQuery } from './common';
import { At, Count, Doc, In, Omittable, Rate, Str, Whole } from './fields';
import { EXPORT_FORMATS, LANGUAGES } from './statistics';

// The archive's answers and the province's view of archive compliance (docs/archive-export.md, "After the
// hand-over").

/** Where a file's transfer to the current archive stands (libs/domain's transferState decides). */
export const TRANSFER_STATES = ['not_yet_due', 'due', 'sent', 'accepted', 'rejected', 'overdue'] as const;
export type TransferStateName = (typeof TRANSFER_STATES)[number];

const YEAR = /^\d{4}$/;

export class ArchiveStatisticsQuery {
  @Matches(YEAR, { message: 'year must be 4 digits' })
  @Doc('the year the files were formed (their file catalog)', { example: '2026' })
  year!: string;

  @Omittable() @Length(1, 13) @Doc('one agency only', { example: '000.00.20.H17' }) agency?: string;
}

export class ArchiveStatisticsExportQuery extends ArchiveStatisticsQuery {
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

/** A reason the archive gave, and how many times. */
export class ReasonCount {
  @Str() code!: string;
  @Str() @Doc('its text, as the archive first gave it') text!: string;
  @Count('times the archive gave it') count!: number;
}

/** The figures of a year's files, per agency or for the province. */
export class ArchiveCounts {
  @Count('e-files formed in the year (their latest revision)') files!: number;
  @Count('not due yet: the year after their work ended has not begun') notYetDue!: number;
  @Count('due for the current archive and not sent') due!: number;
  @Count('sent, waiting for the answer') sent!: number;
  @Count('accepted by the archive') accepted!: number;
  @Count('refused by the archive and not sent again') rejected!: number;
  @Count('past the deadline and not accepted') overdue!: number;
  @Count('under the default heading, or one without a retention') defaultClassified!: number;
  @Count('kept permanently (retention 01): they go on to the historical archive') permanent!: number;
  @Count('kept for a fixed term (retention 02-06)') fixedTerm!: number;
  @Count('with documents digitized from paper') digitized!: number;
  @Count('with fields the bridge could not know (unknownFields)') missingFields!: number;
  @Rate('files under the default classification per file; null when none') defaultClassifiedRate!:
    number | null;
  @Rate('digitized files per file; null when none') digitizationRate!: number | null;
  @NestedList(() => ReasonCount, 10) @Doc('the reasons the archive gave most often') reasons!: ReasonCount[];
}

export class ArchiveAgencyStatistics extends ArchiveCounts {
  @Str() agencyCode!: string;
  @Omittable() @Str() agencyName!: string | null;
}

/** GET /admin/stats/archive: per agency, where a year's files stand with the archive. */
export class ArchiveStatistics {
  @Str() @Doc('YYYY') year!: string;
  @At('the instant the states were computed at') at!: string;
  @Nested(() => ArchiveCounts) total!: ArchiveCounts;
  @NestedList(() => ArchiveAgencyStatistics, 100_000) agencies!: ArchiveAgencyStatistics[];
}

type ArchiveColumn = Exclude<keyof ArchiveAgencyStatistics, 'reasons'>;

/** The columns of the archive table, in order, with their headings: the page, the CLI and the exports. */
export const ARCHIVE_COLUMNS: ReadonlyArray<{ key: ArchiveColumn; vi: string; en: string }> = [
  { key: 'agencyCode', vi: 'Mã cơ quan', en: 'Agency code' },
  { key: 'agencyName', vi: 'Tên cơ quan', en: 'Agency' },
  { key: 'files', vi: 'Hồ sơ', en: 'Files' },
  { key: 'notYetDue', vi: 'Chưa đến hạn', en: 'Not yet due' },
  { key: 'due', vi: 'Đến hạn nộp', en: 'Due' },
  { key: 'sent', vi: 'Đã gửi', en: 'Sent' },
  { key: 'accepted', vi: 'Đã tiếp nhận', en: 'Accepted' },
  { key: 'rejected', vi: 'Bị từ chối', en: 'Rejected' },
  { key: 'overdue', vi: 'Quá hạn nộp', en: 'Overdue' },
  { key: 'defaultClassified', vi: 'Phân loại mặc định', en: 'Default classification' },
  { key: 'defaultClassifiedRate', vi: 'Tỷ lệ phân loại mặc định', en: 'Default classification share' },
  { key: 'permanent', vi: 'Vĩnh viễn', en: 'Permanent' },
  { key: 'fixedTerm', vi: 'Có thời hạn', en: 'Fixed term' },
  { key: 'digitized', vi: 'Có số hóa', en: 'Digitized' },
  { key: 'digitizationRate', vi: 'Tỷ lệ số hóa', en: 'Digitization rate' },
  { key: 'missingFields', vi: 'Thiếu trường', en: 'Missing fields' },
];

export class ArchiveFilesQuery extends ListQuery {
  @Matches(YEAR, { message: 'year must be 4 digits' })
  @Doc('the file catalog year', { example: '2026' })
  year!: string;

  @Length(1, 13) @Doc('the agency', { example: '000.00.20.H17' }) agency!: string;

  @Omittable() @In('state', TRANSFER_STATES) @Doc('only files in this state') state?: TransferStateName;
}

/** One package sent to the archive, and its answer once it came. */
export class TransferAttempt {
  @Str() @Doc('the package OBJID (x-package-objid)') packageId!: string;
  @Str() fileCode!: string;
  @Whole('', { minimum: 1 }) revision!: number;
  @At() sentAt!: string;
  @Omittable() @Str() @Doc('who exported it') sentBy!: string | null;
  @Omittable() @In('outcome', RECEIPT_OUTCOMES) outcome!: 'accepted' | 'rejected' | null;
  @NestedList(() => ReceiptReason, 100) reasons!: ReceiptReason[];
  @Omittable() @At() answeredAt!: string | null;
  @Omittable() @Str() @Doc('the archive that answered') archive!: string | null;
}

/** A file of a year, where its transfer stands, and the dates the law sets for it. */
export class ArchiveFile {
  @Str() dossierCode!: string;
  @Str() fileCode!: string;
  @Whole('', { minimum: 1 }) revision!: number;
  @Str() agencyCode!: string;
  @Str() title!: string;
  @Str() @Doc('YYYY-MM-DD: the work ended') endDate!: string;
  @Omittable() @In('retention', Object.keys(RETENTION)) retention!: RetentionCode | null;
  @Str() @In('state', TRANSFER_STATES) state!: TransferStateName;
  @Str() @Doc('YYYY-MM-DD: the last day for the current archive (Archives Law 2024 Điều 17)') dueBy!: string;
  @Omittable()
  @Str()
  @Doc('YYYY-MM-DD, permanent files: the last day for the historical archive')
  historicalDueBy!: string | null;
  @Count('packages sent') attempts!: number;
}

/** GET /admin/archive/files/{dossierCode}: a file and every package of it sent to the archive. */
export class ArchiveFileHistory extends ArchiveFile {
  @NestedList(() => TransferAttempt, 10_000) history!: TransferAttempt[];
}

/** A fixed-term file whose retention has run out: for the appraisal council; nothing is deleted. */
export class ExpiredFile {
  @Str() dossierCode!: string;
  @Str() fileCode!: string;
  @Str() agencyCode!: string;
  @Str() title!: string;
  @Str() endDate!: string;
  @In('retention', Object.keys(RETENTION)) retention!: RetentionCode;
  @Str() @Doc('YYYY-MM-DD: the first day past its retention') expiresOn!: string;
}

export class DestructionQuery {
  @Omittable() @Length(1, 13) @Doc('one agency only', { example: '000.00.20.H17' }) agency?: string;
}

/** What POST /archive/receipts did with an answer. */
export class ReceiptTaken {
  @Str() packageId!: string;
  @In('effect', ['recorded', 'duplicate']) effect!: 'recorded' | 'duplicate';
  @Str() @Doc('the topic the answer was written to') topic!: string;
  @Whole() partition!: number;
  @Str() offset!: string;
}
