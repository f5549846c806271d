import { parseFileCode, parseFileNotation } from '@hoso/domain';
import { In } from 'typeorm';
import { insertRows } from '../insert-rows';
import { Records } from '../records';
import { chunks } from '../sql';
import { DossierRecord } from './correlation.entities';
import { type DossierUpdate } from './correlation.types';

const DOSSIER_COLUMNS = [
  'agency_code',
  'agency_name',
  'procedure_code',
  'status',
  'received_at',
  'due_at',
  'terminal_at',
  'on_time',
  'applicant_key',
  'suggest_from',
  'suggest_until',
  'file_code',
  'classified',
  'emitted_revision',
  'content_hash',
  'emitted_at',
  'missing_named',
  'grace_expired',
  'suggest_due',
  'updated_at',
];

/** Dossiers (their rows, the keys they name, the members of their files) and the file numbers they take. */
export class DossierRecords extends Records {
  /**
   * Creates the rows of dossiers seen for the first time and locks them all, in code order. Filing work
   * holds the filing lock already; the row locks stop writers that do not take it, such as an archive
   * transfer (`TransferRecords.sent`), from changing a dossier between a reclassification's check and its new code.
   */
  async lock(codes: readonly string[]): Promise<Map<string, DossierRecord>> {
    const sorted = [...new Set(codes)].sort();
    const now = new Date();
    const rows: DossierRecord[] = [];
    await insertRows(
      this.manager,
      DossierRecord,
      sorted.map((dossierCode) => ({ dossierCode, status: 'unknown', updatedAt: now })),
      'ignore',
    );
    for (const slice of chunks(sorted)) {
      const query = this.manager
        .createQueryBuilder(DossierRecord, 'd')
        .where({ dossierCode: In(slice) })
        .orderBy('d.dossierCode');
      if (this.mysql) query.setLock('pessimistic_write');
      rows.push(...(await query.getMany()));
    }
    return new Map(rows.map((r) => [r.dossierCode, r]));
  }

  /** Writes each dossier's whole row, its named keys and the members of its file. */
  async save(updates: readonly DossierUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const now = new Date();
    await insertRows(
      this.manager,
      DossierRecord,
      updates.map(({ namedKeys: _n, members: _m, ...row }) => ({
        ...row,
        suggestDue: row.applicantKey !== null,
        updatedAt: now,
      })),
      { update: DOSSIER_COLUMNS, key: ['dossier_code'] },
    );
    const codes = updates.map((u) => u.dossierCode);
    await this.replace(
      'dossier_named',
      'dossier_code',
      codes,
      updates.flatMap((u) => u.namedKeys.map((key) => ({ dossier_code: u.dossierCode, match_key: key }))),
    );
    await this.replace(
      'dossier_member',
      'dossier_code',
      codes,
      updates.flatMap((u) =>
        u.members.map((m) => ({ dossier_code: u.dossierCode, document_id: m.documentId, rule: m.rule })),
      ),
    );
  }

  /** Dossiers whose resolution named one of these rule-2 keys. */
  async naming(matchKeys: readonly string[]): Promise<string[]> {
    const rows = await this.selectIn<{ code: string }>(
      (m) => `SELECT dossier_code AS code FROM dossier_named WHERE match_key IN (${m})`,
      matchKeys,
    );
    return rows.map((r) => r.code);
  }

  /** Dossiers whose file holds one of these documents. */
  async holding(documentIds: readonly string[]): Promise<string[]> {
    const rows = await this.selectIn<{ code: string }>(
      (m) => `SELECT dossier_code AS code FROM dossier_member WHERE document_id IN (${m})`,
      documentIds,
    );
    return rows.map((r) => r.code);
  }

  /**
   * Gives dossiers whose rows lost their file (derived state rebuilt from the topics) the code and last
   * revision emitted for them, so a rebuild never gives a file a second code or repeats a revision.
   */
  async adoptEmittedFiles(codes: readonly string[]): Promise<void> {
    const latest = await this.selectIn<{ code: string; fileCode: string; revision: number; hash: string }>(
      (m) =>
        `SELECT e.dossier_code AS code, e.file_code AS fileCode, e.revision, e.content_hash AS hash FROM efile e
          WHERE e.dossier_code IN (${m}) AND e.revision = (SELECT MAX(x.revision) FROM efile x WHERE x.dossier_code = e.dossier_code)`,
      codes,
    );
    if (latest.length === 0) return;
    await this.raiseFileCounters(latest.map((l) => l.fileCode));
    const rows = await this.selectIn<{ code: string; fileCode: string | null }>(
      (m) => `SELECT dossier_code AS code, file_code AS fileCode FROM dossier WHERE dossier_code IN (${m})`,
      latest.map((l) => l.code),
    );
    const filed = new Set(rows.filter((r) => r.fileCode !== null).map((r) => r.code));
    const now = new Date();
    for (const slice of chunks(latest.filter((l) => !filed.has(l.code)))) {
      await this.manager
        .createQueryBuilder()
        .insert()
        .into(DossierRecord)
        .values(
          slice.map((l) => ({
            dossierCode: l.code,
            status: 'unknown',
            fileCode: l.fileCode,
            emittedRevision: Number(l.revision),
            contentHash: l.hash,
            updatedAt: now,
          })),
        )
        .orUpdate(['file_code', 'emitted_revision', 'content_hash'], ['dossier_code'])
        .updateEntity(false)
        .execute();
    }
  }

  /**
   * Counters lost with the derived state resume after the highest ordinal these file codes used: their
   * heading's counter and the whole plan's ("*"), whichever the plan numbers by.
   */
  private async raiseFileCounters(fileCodes: readonly string[]): Promise<void> {
    const highest = new Map<string, number>();
    for (const code of fileCodes) {
      const { organId, fileCatalog, fileNotation } = parseFileCode(code);
      const { ordinal, heading } = parseFileNotation(fileNotation);
      for (const counter of [heading, '*']) {
        const key = JSON.stringify([organId, fileCatalog, counter]);
        highest.set(key, Math.max(highest.get(key) ?? 0, ordinal));
      }
    }
    for (const [key, last] of highest) {
      await this.manager.query(
        this.mysql
          ? 'INSERT INTO file_counter (organ_id, file_catalog, heading, last_number) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE last_number = GREATEST(last_number, VALUES(last_number))'
          : 'INSERT INTO file_counter (organ_id, file_catalog, heading, last_number) VALUES (?, ?, ?, ?) ON CONFLICT (organ_id, file_catalog, heading) DO UPDATE SET last_number = MAX(last_number, excluded.last_number)',
        [...(JSON.parse(key) as string[]), last],
      );
    }
  }

  /**
   * Takes `count` consecutive file ordinals from a counter (a heading's, or "*" for the whole plan) in a
   * year, atomically (the counter row stays locked until commit); returns the first of them.
   */
  async allocateFileNumbers(
    organId: string,
    fileCatalog: string,
    counter: string,
    count: number,
  ): Promise<number> {
    const key = [organId, fileCatalog, counter];
    await this.manager.query(
      this.mysql
        ? 'INSERT INTO file_counter (organ_id, file_catalog, heading, last_number) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE last_number = last_number + VALUES(last_number)'
        : 'INSERT INTO file_counter (organ_id, file_catalog, heading, last_number) VALUES (?, ?, ?, ?) ON CONFLICT (organ_id, file_catalog, heading) DO UPDATE SET last_number = last_number + excluded.last_number',
      [...key, count],
    );
    const [row] = await this.manager.query<Array<{ n: number }>>(
      'SELECT last_number AS n FROM file_counter WHERE organ_id = ? AND file_catalog = ? AND heading = ?',
      key,
    );
    return Number(row!.n) - count + 1;
  }

  /** A new code for a dossier's file (an operator reclassified it); its e-files keep the codes they had. */
  async recode(dossierCode: string, fileCode: string): Promise<void> {
    await this.manager.update(DossierRecord, { dossierCode }, { fileCode });
  }

  async markGraceExpired(dossierCode: string): Promise<void> {
    await this.manager.update(DossierRecord, { dossierCode }, { graceExpired: true });
  }
}
