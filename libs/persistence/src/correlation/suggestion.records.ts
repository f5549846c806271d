import { documentAggregate, dossierAggregate } from '@hoso/contracts';
import { In } from 'typeorm';
import { Records } from '../records';
import { chunks } from '../sql';
import { DocumentRecord, DossierRecord, LinkSuggestion } from './correlation.entities';
import {
  type SuggestionProfileRow,
  type SuggestionsDue,
  type SuggestionTargetRow,
} from './correlation.types';

/** Rule-4 link suggestions and the marks of what is due for a sweep. */
export class SuggestionRecords extends Records {
  /** Documents and dossiers saved since the last rule-4 sweep, a batch of each. */
  async due(limit: number): Promise<SuggestionsDue> {
    const ids = async (table: string, key: string) =>
      (
        await this.manager.query<Array<{ id: string }>>(
          `SELECT ${key} AS id FROM ${table} WHERE suggest_due = ? LIMIT ${Number(limit)}`,
          [true],
        )
      ).map((r) => r.id);
    return {
      documents: await ids('document', 'document_id'),
      dossiers: await ids('dossier', 'dossier_code'),
    };
  }

  /** The rule-4 profiles of these dossiers (those with an applicant and a window). */
  profiles(dossierCodes: readonly string[]): Promise<SuggestionProfileRow[]> {
    return this.selectIn<SuggestionProfileRow>((m) => `${PROFILE} AND dossier_code IN (${m})`, dossierCodes);
  }

  /** Those of these documents that joined no file, as rule 4 reads them. */
  targets(documentIds: readonly string[]): Promise<SuggestionTargetRow[]> {
    return this.selectIn<SuggestionTargetRow>((m) => `${UNFILED} AND d.document_id IN (${m})`, documentIds);
  }

  /**
   * The documents that joined no file, of the profiles' agencies, issued in their windows: one range of the
   * agency's documents each, rather than every document of the window for every dossier (with many
   * dossiers of one agency due, that join read millions of rows per sweep).
   */
  async targetsNear(profiles: readonly SuggestionProfileRow[]): Promise<SuggestionTargetRow[]> {
    const rows: SuggestionTargetRow[] = [];
    for (const [agencyCode, { from, until }] of spans(profiles, (p) => [p.from, p.until]))
      rows.push(
        ...(await this.manager.query<SuggestionTargetRow[]>(
          `${UNFILED} AND d.agency_code = ? AND d.issued_date >= ? AND d.issued_date <= ?`,
          [agencyCode, from, until],
        )),
      );
    return rows;
  }

  /** The profiles of the targets' agencies whose window overlaps the days they were issued. */
  async profilesNear(targets: readonly SuggestionTargetRow[]): Promise<SuggestionProfileRow[]> {
    const rows: SuggestionProfileRow[] = [];
    for (const [agencyCode, { from, until }] of spans(targets, (t) => [t.issuedDate, t.issuedDate]))
      rows.push(
        ...(await this.manager.query<SuggestionProfileRow[]>(
          `${PROFILE} AND agency_code = ? AND suggest_from <= ? AND suggest_until >= ?`,
          [agencyCode, until, from],
        )),
      );
    return rows;
  }

  /** Of these pairs, those suggested before (whatever an operator made of them), as `dossier document`. */
  async suggested(pairs: ReadonlyArray<{ dossierCode: string; documentId: string }>): Promise<Set<string>> {
    const rows = await this.selectIn<{ code: string; doc: string }>(
      (m) =>
        `SELECT dossier_code AS code, document_id AS doc FROM link_suggestion WHERE document_id IN (${m})`,
      pairs.map((p) => p.documentId),
    );
    return new Set(rows.map((r) => `${r.code} ${r.doc}`));
  }

  /**
   * What rule 4 reads of each due document and dossier, as comparable text; `lock` holds those rows until
   * commit, so a save cannot slip in between this check and clearing their marks.
   */
  async inputs(due: SuggestionsDue, { lock = false } = {}): Promise<Map<string, string>> {
    const forUpdate = lock && this.mysql ? ' FOR UPDATE' : '';
    const documents = await this.selectIn<Record<string, unknown> & { id: string }>(
      (m) =>
        `SELECT document_id AS id, agency_code, subject_key, issued_date, has_base FROM document WHERE document_id IN (${m})${forUpdate}`,
      due.documents,
    );
    const dossiers = await this.selectIn<Record<string, unknown> & { id: string }>(
      (m) =>
        `SELECT dossier_code AS id, agency_code, applicant_key, suggest_from, suggest_until FROM dossier WHERE dossier_code IN (${m})${forUpdate}`,
      due.dossiers,
    );
    return new Map([
      ...documents.map((r) => [documentAggregate(r.id), JSON.stringify(r)] as const),
      ...dossiers.map((r) => [dossierAggregate(r.id), JSON.stringify(r)] as const),
    ]);
  }

  async clearMarks(due: SuggestionsDue): Promise<void> {
    for (const slice of chunks(due.documents))
      await this.manager.update(DocumentRecord, { documentId: In(slice) }, { suggestDue: false });
    for (const slice of chunks(due.dossiers))
      await this.manager.update(DossierRecord, { dossierCode: In(slice) }, { suggestDue: false });
  }

  async add(pairs: ReadonlyArray<{ dossierCode: string; documentId: string }>): Promise<void> {
    for (const slice of chunks(pairs)) {
      await this.manager
        .createQueryBuilder()
        .insert()
        .into(LinkSuggestion)
        .values(slice.map((p) => ({ ...p, status: 'pending' as const, createdAt: new Date() })))
        .orIgnore()
        .updateEntity(false)
        .execute();
    }
  }
}

const PROFILE = `SELECT dossier_code AS dossierCode, agency_code AS agencyCode, applicant_key AS applicantKey,
       suggest_from AS "from", suggest_until AS "until"
  FROM dossier
 WHERE agency_code IS NOT NULL AND applicant_key IS NOT NULL AND suggest_from IS NOT NULL AND suggest_until IS NOT NULL`;

const UNFILED = `SELECT d.document_id AS documentId, d.agency_code AS agencyCode, d.subject_key AS subjectKey,
       d.issued_date AS issuedDate
  FROM document d
 WHERE d.has_base = 1 AND d.agency_code IS NOT NULL AND d.subject_key IS NOT NULL AND d.issued_date IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM dossier_member m WHERE m.document_id = d.document_id)`;

/** By agency, the first and last day the rows span. */
function spans<T extends { agencyCode: string }>(
  rows: readonly T[],
  days: (row: T) => [string, string],
): Map<string, { from: string; until: string }> {
  const byAgency = new Map<string, { from: string; until: string }>();
  for (const row of rows) {
    const [from, until] = days(row);
    const span = byAgency.get(row.agencyCode);
    if (!span) byAgency.set(row.agencyCode, { from, until });
    else {
      if (from < span.from) span.from = from;
      if (until > span.until) span.until = until;
    }
  }
  return byAgency;
}
