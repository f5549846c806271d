import {
  type AlertKind,
  type ArchiveCounts,
  type ArchiveReceipt,
  type EFileAssembled,
  type ReasonCount,
  type ReceiptReason,
  type RetentionCode,
  type TransferStateName,
} from '@hoso/contracts';

// Transfer to the archive (nộp lưu): when a file falls due, where it stands, and what the archive's answer
// to a package does. Pure: the bridge loads the file's facts and attempts, these decide.

/** What the transfer rules read of an e-file's latest revision. */
export interface TransferFacts {
  /** The last day of the work (YYYY-MM-DD): the file's endDate. */
  endDate: string;
  /** Null while the file needs classification (no lawful retention yet). */
  retention: RetentionCode | null;
}

/** The dates the law sets for a file, as instants in Vietnam time (+07:00). */
export interface TransferDates {
  /** From this day the file is due for the current archive: the year after the one its work ended in. */
  dueFrom: Date;
  /** The last day it may reach the current archive (YYYY-MM-DD), and the instant after which it is overdue. */
  dueBy: string;
  overdueAt: Date;
  /** 30 days before it falls overdue: the officer is told (Decree 30/2020/NĐ-CP Appendix VI). */
  warnAt: Date;
  /** Permanent files only: the last day they may reach the historical archive. */
  historicalDueBy: string | null;
  historicalWarnAt: Date | null;
  /** Fixed-term files only: the first day their retention has run out and they go to the appraisal council. */
  expiresOn: string | null;
}

const DAY_MS = 86_400_000;
/** Decree 30/2020/NĐ-CP Appendix VI: the system tells the officer 30 days before a file is due for transfer. */
export const TRANSFER_WARNING_DAYS = 30;
/**
 * Archives Law 2024 (Luật Lưu trữ 33/2024/QH15) Điều 17: a file reaches the current archive within 1 year
 * counted from the year its work ended (Decree 30/2020 Điều 30: within 1 year of the end of the work).
 */
export const CURRENT_ARCHIVE_YEARS = 1;
/**
 * Archives Law 2024 Điều 17: files kept permanently reach the historical archive within 5 years counted
 * from the year they went to the current archive (30 where another law says so; not modelled).
 */
export const HISTORICAL_ARCHIVE_YEARS = 5;
/**
 * Years of each fixed retention code (Circular 05/2025/TT-BNV). Counted, like the transfer, from the year
 * the work ended [M: the counting start is an inference, not read in the circular]. 07 "Khác" has no
 * number, so such a file needs appraisal rather than a date.
 */
export const RETENTION_YEARS: Partial<Record<RetentionCode, number>> = {
  '02': 70,
  '03': 50,
  '04': 30,
  '05': 20,
  '06': 10,
};
/** Retention 01 (Vĩnh viễn): the only files the historical archive takes (Archives Law 2024 Điều 17). */
export const PERMANENT: RetentionCode = '01';

/** The first instant of 1 January of a year, Vietnam time. */
const startOfYear = (year: number) => new Date(`${String(year).padStart(4, '0')}-01-01T00:00:00+07:00`);

/**
 * A file's transfer dates. `acceptedYear` is the year the current archive took it, when it has: the
 * historical deadline counts from then; until then from the year the file is due.
 */
export function transferDates(facts: TransferFacts, acceptedYear?: number): TransferDates {
  const endYear = Number(facts.endDate.slice(0, 4));
  const dueYear = endYear + CURRENT_ARCHIVE_YEARS;
  const overdueAt = startOfYear(dueYear + 1);
  const permanent = facts.retention === PERMANENT;
  const historicalYear = (acceptedYear ?? dueYear) + HISTORICAL_ARCHIVE_YEARS;
  const years = facts.retention ? RETENTION_YEARS[facts.retention] : undefined;
  return {
    dueFrom: startOfYear(dueYear),
    dueBy: `${dueYear}-12-31`,
    overdueAt,
    warnAt: new Date(overdueAt.getTime() - TRANSFER_WARNING_DAYS * DAY_MS),
    historicalDueBy: permanent ? `${historicalYear}-12-31` : null,
    historicalWarnAt: permanent
      ? new Date(startOfYear(historicalYear + 1).getTime() - TRANSFER_WARNING_DAYS * DAY_MS)
      : null,
    expiresOn: years === undefined ? null : `${endYear + years + 1}-01-01`,
  };
}

/** The stored timers of a file's transfer: each fires an alert unless the file went to the archive by then. */
export const TRANSFER_DEADLINE_KINDS = ['transfer_soon', 'transfer_overdue', 'historical_soon'] as const;
export type TransferDeadlineKind = (typeof TRANSFER_DEADLINE_KINDS)[number];

export function isTransferDeadline(kind: string): kind is TransferDeadlineKind {
  return (TRANSFER_DEADLINE_KINDS as readonly string[]).includes(kind);
}

export function transferDeadlines(
  dossierCode: string,
  facts: TransferFacts,
  acceptedYear?: number,
): Array<{ dossierCode: string; kind: TransferDeadlineKind; dueAt: Date }> {
  const dates = transferDates(facts, acceptedYear);
  return [
    { dossierCode, kind: 'transfer_soon' as const, dueAt: dates.warnAt },
    { dossierCode, kind: 'transfer_overdue' as const, dueAt: dates.overdueAt },
    ...(dates.historicalWarnAt
      ? [{ dossierCode, kind: 'historical_soon' as const, dueAt: dates.historicalWarnAt }]
      : []),
  ];
}

/** What the transfer rules keep of an emitted revision (the latest replaces the earlier). */
export function fileTransferFacts(efile: EFileAssembled) {
  return {
    dossierCode: efile.dossier.dossierCode,
    fileCode: efile.fileCode,
    revision: efile.revision,
    agencyCode: efile.organId,
    fileYear: Number(efile.fileCatalog),
    title: efile.title,
    endDate: efile.endDate,
    retention: efile.maintenance?.code ?? null,
    classified: efile.classified,
    digitized: efile.paperFile !== null,
    missingFields: efile.unknownFields.length,
  };
}

/** The year the current archive took the file, if it has. */
export function acceptedYear(attempts: readonly Attempt[]): number | undefined {
  const at = attempts.find((a) => a.outcome === 'accepted')?.answeredAt;
  return at ? Number(new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 4)) : undefined;
}

/** The alert a transfer deadline raises when it comes due, if the file still calls for one. */
export function transferAlert(
  kind: TransferDeadlineKind,
  facts: TransferFacts,
  attempts: readonly Attempt[],
  now: Date,
): { kind: AlertKind; detail: string } | null {
  const state = transferState(facts, attempts, now);
  const dates = transferDates(facts, acceptedYear(attempts));
  if (kind === 'historical_soon')
    return dates.historicalDueBy
      ? {
          kind: 'historical_transfer_due_soon',
          detail: `a permanent file: due at the historical archive by ${dates.historicalDueBy} (Archives Law 2024 Điều 17)`,
        }
      : null;
  if (state === 'accepted') return null;
  const where = `due at the current archive by ${dates.dueBy} (Archives Law 2024 Điều 17); its transfer is ${state.replace(/_/g, ' ')}`;
  return kind === 'transfer_soon'
    ? { kind: 'transfer_due_soon', detail: where }
    : { kind: 'transfer_overdue', detail: where };
}

/** One package sent to the archive, and its answer once it came. */
export interface Attempt {
  packageId: string;
  fileCode: string;
  revision: number;
  sentAt: Date;
  outcome: ArchiveReceipt['outcome'] | null;
  reasons: readonly ReceiptReason[];
  answeredAt: Date | null;
}

/**
 * Where a file's transfer stands. Accepted ends it; a package awaiting its answer is sent; otherwise past
 * the deadline is overdue (even when rejected: the law's clock does not stop), then rejected, due, not yet
 * due. `attempts` are in the order they were sent.
 */
export function transferState(
  facts: TransferFacts,
  attempts: readonly Attempt[],
  now: Date,
): TransferStateName {
  if (inArchive(attempts)) return 'accepted';
  const last = attempts.at(-1);
  if (last && last.outcome === null) return 'sent';
  const dates = transferDates(facts);
  if (now >= dates.overdueAt) return 'overdue';
  if (last?.outcome === 'rejected') return 'rejected';
  return now >= dates.dueFrom ? 'due' : 'not_yet_due';
}

/** The archive accepted a package of the file: it is in the archive, and keeps its code for good. */
export const inArchive = (attempts: readonly Attempt[]): boolean =>
  attempts.some((a) => a.outcome === 'accepted');

/**
 * Since when the file keeps its code: from the first package the archive holds or took (one waiting for
 * its answer, or accepted); null when every package was refused, so that it may be reclassified and sent
 * again.
 */
export function codeHeldSince(attempts: readonly Attempt[]): Date | null {
  return attempts.find((a) => a.outcome !== 'rejected')?.sentAt ?? null;
}

/** What an answer does to the package it names. */
export type ReceiptEffect =
  /** No package of that id was sent: an alert, and the answer waits as a dead letter. */
  | { kind: 'unknown_package' }
  /** It names another file or revision than the package held. */
  | { kind: 'mismatch'; detail: string }
  /** The package was answered already, the same way: nothing to do. */
  | { kind: 'duplicate' }
  /** The package was answered already, another way: the first answer stands, this one is dead-lettered. */
  | { kind: 'conflict'; detail: string }
  | { kind: 'record' };

/** Decides what an archive's answer does, from the package it names (undefined when none was sent). */
export function receiptEffect(
  attempt: Attempt | undefined,
  answer: Pick<ArchiveReceipt, 'fileCode' | 'revision' | 'outcome' | 'reasons'>,
): ReceiptEffect {
  if (!attempt) return { kind: 'unknown_package' };
  if (attempt.fileCode !== answer.fileCode || attempt.revision !== answer.revision)
    return {
      kind: 'mismatch',
      detail: `the package holds ${attempt.fileCode} r${attempt.revision}, not ${answer.fileCode} r${answer.revision}`,
    };
  if (attempt.outcome === null) return { kind: 'record' };
  const same =
    attempt.outcome === answer.outcome &&
    JSON.stringify(attempt.reasons.map((r) => r.code).sort()) ===
      JSON.stringify(answer.reasons.map((r) => r.code).sort());
  return same
    ? { kind: 'duplicate' }
    : {
        kind: 'conflict',
        detail: `the package was ${attempt.outcome} already (${attempt.answeredAt?.toISOString() ?? ''}); the first answer stands`,
      };
}

/** What the province's archive view reads of one file. */
export interface FileTransfer extends TransferFacts {
  dossierCode: string;
  fileCode: string;
  agencyCode: string;
  classified: boolean;
  /** Some of its documents were scanned from paper (the file has a paper file). */
  digitized: boolean;
  /** Fields the bridge could not know when it filed (the e-file's unknownFields). */
  missingFields: number;
  attempts: readonly Attempt[];
}

/** The figures that are counts of files (the rest of ArchiveCounts: the rates and the reasons). */
type Counted = Exclude<keyof ArchiveCounts, 'defaultClassifiedRate' | 'digitizationRate' | 'reasons'>;
const COUNTED = [
  'files',
  'notYetDue',
  'due',
  'sent',
  'accepted',
  'rejected',
  'overdue',
  'defaultClassified',
  'permanent',
  'fixedTerm',
  'digitized',
  'missingFields',
] as const satisfies readonly Counted[];

const STATE_COUNT: Record<TransferStateName, Counted> = {
  not_yet_due: 'notYetDue',
  due: 'due',
  sent: 'sent',
  accepted: 'accepted',
  rejected: 'rejected',
  overdue: 'overdue',
};

/** The figures of a set of files: counts by state and kind, and the archive's reasons, most frequent first. */
export function archiveCounts(files: readonly FileTransfer[], now: Date): ArchiveCounts {
  const counts = Object.fromEntries(COUNTED.map((k) => [k, 0])) as Record<Counted, number>;
  const reasons = new Map<string, ReasonCount>();
  for (const file of files) {
    counts.files += 1;
    counts[STATE_COUNT[transferState(file, file.attempts, now)]] += 1;
    if (!file.classified) counts.defaultClassified += 1;
    if (file.retention === PERMANENT) counts.permanent += 1;
    else if (file.retention && file.retention in RETENTION_YEARS) counts.fixedTerm += 1;
    if (file.digitized) counts.digitized += 1;
    if (file.missingFields > 0) counts.missingFields += 1;
    for (const reason of file.attempts.flatMap((a) => a.reasons)) {
      const seen = reasons.get(reason.code) ?? { ...reason, count: 0 };
      seen.count += 1;
      reasons.set(reason.code, seen);
    }
  }
  return {
    ...counts,
    defaultClassifiedRate: counts.files > 0 ? counts.defaultClassified / counts.files : null,
    digitizationRate: counts.files > 0 ? counts.digitized / counts.files : null,
    reasons: topReasons([...reasons.values()]),
  };
}

/** The reasons an archive gave most often, ties by code. */
export function topReasons(reasons: readonly ReasonCount[], limit = 10): ReasonCount[] {
  return [...reasons].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)).slice(0, limit);
}

/**
 * Files whose retention has run out by `now`: a list for the agency's appraisal council (hội đồng xác định
 * giá trị tài liệu), which decides; the bridge never deletes anything.
 */
export function destructionSchedule<F extends TransferFacts>(files: readonly F[], now: Date): F[] {
  const today = now.getTime();
  return files.filter((f) => {
    const expiresOn = transferDates(f).expiresOn;
    return expiresOn !== null && Date.parse(`${expiresOn}T00:00:00+07:00`) <= today;
  });
}
