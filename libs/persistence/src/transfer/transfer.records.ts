import {
  type ListQuery,
  type Page,
  type ReceiptReason,
  type RetentionCode,
  type TransferAttempt,
} from '@hoso/contracts';
import { type Attempt, RETENTION_YEARS, type TransferFacts } from '@hoso/domain';
import { In, IsNull, LessThan } from 'typeorm';
import { DossierRecord, EFileRecord } from '../correlation/correlation.entities';
import { insertRows } from '../insert-rows';
import { keysetPage, type SortKey } from '../operations/keyset';
import { Records } from '../records';
import { chunks } from '../sql';
import { EFileTransferRecord, TransferAttemptRecord } from './transfer.entities';

export type NewEFileTransfer = Omit<EFileTransferRecord, 'updatedAt'>;
export type NewTransferAttempt = Pick<
  TransferAttemptRecord,
  'packageId' | 'dossierCode' | 'fileCode' | 'revision' | 'agencyCode' | 'sentAt' | 'sentBy'
>;

const FIXED_TERM = Object.keys(RETENTION_YEARS);

/** What a later revision of a file replaces. */
const FACT_COLUMNS = [
  'file_code',
  'revision',
  'agency_code',
  'file_year',
  'title',
  'end_date',
  'retention',
  'classified',
  'digitized',
  'missing_fields',
  'updated_at',
];

/** A file's row as the transfer rules read it. */
export const transferFactsOf = (row: EFileTransferRecord): TransferFacts => ({
  endDate: row.endDate,
  retention: row.retention as RetentionCode | null,
});

/** An attempt as the transfer rules read it. */
export function attemptOf(row: TransferAttemptRecord): Attempt {
  return {
    packageId: row.packageId,
    fileCode: row.fileCode,
    revision: row.revision,
    sentAt: row.sentAt,
    outcome: row.outcome,
    reasons: row.reasons ? (JSON.parse(row.reasons) as ReceiptReason[]) : [],
    answeredAt: row.answeredAt,
  };
}

/** A package as the admin API shows it. */
export function attemptView(row: TransferAttemptRecord): TransferAttempt {
  return {
    packageId: row.packageId,
    fileCode: row.fileCode,
    revision: row.revision,
    sentAt: row.sentAt.toISOString(),
    sentBy: row.sentBy,
    outcome: row.outcome,
    reasons: [...attemptOf(row).reasons],
    answeredAt: row.answeredAt?.toISOString() ?? null,
    archive: row.archive,
  };
}

/** Each file's transfer facts, and the packages sent to the archive with their answers. */
export class TransferRecords extends Records {
  /** The facts of the latest revision of each file, replacing what an earlier revision said. */
  async note(files: readonly NewEFileTransfer[]): Promise<void> {
    const updatedAt = new Date();
    await insertRows(
      this.manager,
      EFileTransferRecord,
      files.map((f) => ({ ...f, updatedAt })),
      { update: FACT_COLUMNS, key: ['dossier_code'] },
    );
  }

  file(dossierCode: string): Promise<EFileTransferRecord | null> {
    return this.manager.findOneBy(EFileTransferRecord, { dossierCode });
  }

  /** The files of a year, of these agencies (every agency when null). */
  filesOfYear(year: number, agencies: readonly string[] | null): Promise<EFileTransferRecord[]> {
    return this.manager.find(EFileTransferRecord, {
      where: { fileYear: year, ...(agencies ? { agencyCode: In([...agencies]) } : {}) },
      order: { fileCode: 'ASC' },
    });
  }

  /** The file that has, or had, this code. */
  async fileByCode(fileCode: string): Promise<EFileTransferRecord | null> {
    const revision = await this.manager.findOne(EFileRecord, {
      where: { fileCode },
      select: { dossierCode: true },
    });
    return revision ? this.file(revision.dossierCode) : null;
  }

  /** Fixed-term files of these agencies (every agency when null) whose work ended before a day, by code. */
  fixedTermEndedBefore(agencies: readonly string[] | null, day: string): Promise<EFileTransferRecord[]> {
    return this.manager.find(EFileTransferRecord, {
      where: {
        ...(agencies ? { agencyCode: In([...agencies]) } : {}),
        retention: In(FIXED_TERM),
        endDate: LessThan(day),
      },
      order: { fileCode: 'ASC' },
    });
  }

  /** A whole package was handed to the archive: from now on the file keeps its code, unless refused. */
  async sent(attempt: NewTransferAttempt): Promise<void> {
    await this.manager.insert(TransferAttemptRecord, attempt);
    await this.manager.update(
      DossierRecord,
      { dossierCode: attempt.dossierCode, transferredAt: IsNull() },
      { transferredAt: attempt.sentAt },
    );
  }

  /** A package that never reached the archive whole (its download broke off): no attempt after all. */
  async withdraw(packageId: string): Promise<void> {
    await this.manager.delete(TransferAttemptRecord, { packageId });
  }

  /** Whether, and since when, the file keeps its code (`codeHeldSince` of its attempts). */
  async holdCode(dossierCode: string, since: Date | null): Promise<void> {
    await this.manager.update(DossierRecord, { dossierCode }, { transferredAt: since });
  }

  attempt(packageId: string): Promise<TransferAttemptRecord | null> {
    return this.manager.findOneBy(TransferAttemptRecord, { packageId });
  }

  /** Every package of these dossiers' files, oldest first, by dossier. */
  async attemptsOf(dossierCodes: readonly string[]): Promise<Map<string, TransferAttemptRecord[]>> {
    const byDossier = new Map<string, TransferAttemptRecord[]>();
    for (const row of await this.selectAttempts(dossierCodes)) {
      byDossier.set(row.dossierCode, [...(byDossier.get(row.dossierCode) ?? []), row]);
    }
    return byDossier;
  }

  /** Every package of one dossier's file, oldest first, as the transfer rules read them. */
  async attemptsOfFile(dossierCode: string): Promise<Attempt[]> {
    return ((await this.attemptsOf([dossierCode])).get(dossierCode) ?? []).map(attemptOf);
  }

  /** Records the archive's first answer to a package. */
  async answer(
    packageId: string,
    answer: Pick<TransferAttemptRecord, 'outcome' | 'answeredAt' | 'archive' | 'receiptId'> & {
      reasons: readonly ReceiptReason[];
    },
  ): Promise<void> {
    await this.manager.update(
      TransferAttemptRecord,
      { packageId },
      { ...answer, reasons: JSON.stringify(answer.reasons) },
    );
  }

  /** Packages sent and not answered yet, oldest first: what an archive without Kafka has to answer. */
  unanswered(q: ListQuery & { within: readonly string[] | null }): Promise<Page<TransferAttempt>> {
    const query = this.manager.createQueryBuilder(TransferAttemptRecord, 'a').where('a.outcome IS NULL');
    if (q.within) query.andWhere('a.agencyCode IN (:...agencies)', { agencies: q.within });
    const keys: Array<SortKey<TransferAttemptRecord>> = [
      { column: 'a.sentAt', instant: true, of: (a) => a.sentAt },
      { column: 'a.packageId', of: (a) => a.packageId },
    ];
    return keysetPage(query, q, keys, attemptView);
  }

  /** The name the one-stop system last gave each agency. */
  async agencyNames(codes: readonly string[]): Promise<Map<string, string | null>> {
    const rows = await this.selectIn<{ code: string; name: string | null }>(
      (m) =>
        `SELECT agency_code AS code, MAX(agency_name) AS name FROM dossier WHERE agency_code IN (${m}) GROUP BY agency_code`,
      codes,
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  private async selectAttempts(dossierCodes: readonly string[]): Promise<TransferAttemptRecord[]> {
    const rows: TransferAttemptRecord[] = [];
    for (const slice of chunks([...new Set(dossierCodes)])) {
      rows.push(
        ...(await this.manager.find(TransferAttemptRecord, {
          where: { dossierCode: In(slice) },
          order: { sentAt: 'ASC', packageId: 'ASC' },
        })),
      );
    }
    return rows;
  }
}
