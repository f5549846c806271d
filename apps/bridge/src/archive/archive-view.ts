import {
  type ArchiveAgencyStatistics,
  type ArchiveFile,
  type ArchiveFileHistory,
  type ArchiveStatistics,
  type ExpiredFile,
  type Page,
  type RetentionCode,
  type TransferStateName,
} from '@hoso/contracts';
import {
  acceptedYear,
  archiveCounts,
  type FileTransfer,
  destructionSchedule,
  RETENTION_YEARS,
  transferDates,
  transferState,
} from '@hoso/domain';
import {
  attemptOf,
  attemptView,
  type EFileTransferRecord,
  Transactions,
  type TransferAttemptRecord,
  type UnitOfWork,
} from '@hoso/persistence';
import { Injectable } from '@nestjs/common';

/** A file's row and its packages, as the transfer rules read them. */
function factsOf(row: EFileTransferRecord, attempts: readonly TransferAttemptRecord[]): FileTransfer {
  return {
    dossierCode: row.dossierCode,
    fileCode: row.fileCode,
    agencyCode: row.agencyCode,
    endDate: row.endDate,
    retention: row.retention as RetentionCode | null,
    classified: row.classified,
    digitized: row.digitized,
    missingFields: row.missingFields,
    attempts: attempts.map(attemptOf),
  };
}

function fileView(row: EFileTransferRecord, facts: FileTransfer, now: Date): ArchiveFile {
  const dates = transferDates(facts, acceptedYear(facts.attempts));
  return {
    dossierCode: row.dossierCode,
    fileCode: row.fileCode,
    revision: row.revision,
    agencyCode: row.agencyCode,
    title: row.title,
    endDate: row.endDate,
    retention: facts.retention,
    state: transferState(facts, facts.attempts, now),
    dueBy: dates.dueBy,
    historicalDueBy: dates.historicalDueBy,
    attempts: facts.attempts.length,
  };
}

/**
 * The province's view of archive compliance: a year's files per agency, where each stands with the
 * archive, and the files whose retention ran out. It loads; libs/domain's transfer rules decide.
 */
@Injectable()
export class ArchiveView {
  constructor(private readonly transactions: Transactions) {}

  async statistics(
    year: string,
    agencies: readonly string[] | null,
    now = new Date(),
  ): Promise<ArchiveStatistics> {
    const { files, names } = await this.transactions.run(async (uow) => {
      const files = await this.filesOfYear(uow, Number(year), agencies);
      return { files, names: await uow.transfers.agencyNames([...new Set(files.map((f) => f.agencyCode))]) };
    });
    const byAgency = new Map<string, FileTransfer[]>();
    for (const f of files) byAgency.set(f.agencyCode, [...(byAgency.get(f.agencyCode) ?? []), f]);
    const rows: ArchiveAgencyStatistics[] = [...byAgency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([agencyCode, own]) => ({
        agencyCode,
        agencyName: names.get(agencyCode) ?? null,
        ...archiveCounts(own, now),
      }));
    return { year, at: now.toISOString(), total: archiveCounts(files, now), agencies: rows };
  }

  /** An agency's files of a year, in file-code order, optionally in one state. */
  async files(
    q: { year: string; agency: string; state?: TransferStateName; limit: number; after?: string },
    now = new Date(),
  ): Promise<Page<ArchiveFile>> {
    const { rows, attempts } = await this.transactions.run(async (uow) => {
      const rows = await uow.transfers.filesOfYear(Number(q.year), [q.agency]);
      return { rows, attempts: await uow.transfers.attemptsOf(rows.map((r) => r.dossierCode)) };
    });
    const shown = rows
      .filter((r) => q.after === undefined || r.fileCode > q.after)
      .map((r) => fileView(r, factsOf(r, attempts.get(r.dossierCode) ?? []), now))
      .filter((f) => q.state === undefined || f.state === q.state);
    const items = shown.slice(0, q.limit);
    return { items, next: shown.length > q.limit ? items.at(-1)!.fileCode : null };
  }

  /** A file and every package of it, by its dossier or any code it had; null when there is none. */
  async history(code: string, now = new Date()): Promise<ArchiveFileHistory | null> {
    return this.transactions.run(async (uow) => {
      const row = (await uow.transfers.file(code)) ?? (await uow.transfers.fileByCode(code));
      if (!row) return null;
      const attempts = (await uow.transfers.attemptsOf([row.dossierCode])).get(row.dossierCode) ?? [];
      return { ...fileView(row, factsOf(row, attempts), now), history: attempts.map(attemptView) };
    });
  }

  /** Fixed-term files whose retention has run out by now: for the appraisal council; nothing is deleted. */
  async destructionSchedule(agencies: readonly string[] | null, now = new Date()): Promise<ExpiredFile[]> {
    // Only a file whose work ended before the shortest term could have run out.
    const shortest = Math.min(...Object.values(RETENTION_YEARS));
    const before = `${Number(now.toISOString().slice(0, 4)) - shortest}-01-01`;
    const rows = await this.transactions.run((uow) => uow.transfers.fixedTermEndedBefore(agencies, before));
    const facts = rows.map((r) => ({ ...r, retention: r.retention as RetentionCode | null }));
    return destructionSchedule(facts, now).map((r) => ({
      dossierCode: r.dossierCode,
      fileCode: r.fileCode,
      agencyCode: r.agencyCode,
      title: r.title,
      endDate: r.endDate,
      retention: r.retention!,
      expiresOn: transferDates(r).expiresOn!,
    }));
  }

  private async filesOfYear(
    uow: UnitOfWork,
    year: number,
    agencies: readonly string[] | null,
  ): Promise<FileTransfer[]> {
    const rows = await uow.transfers.filesOfYear(year, agencies);
    const attempts = await uow.transfers.attemptsOf(rows.map((r) => r.dossierCode));
    return rows.map((r) => factsOf(r, attempts.get(r.dossierCode) ?? []));
  }
}
