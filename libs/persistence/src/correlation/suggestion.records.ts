import { In } from 'typeorm';
import { Records } from '../records';
import { chunks } from '../sql';
import { DocumentRecord, DossierRecord, LinkSuggestion } from './correlation.entities';
import { type SuggestionCandidate, type SuggestionsDue } from './correlation.types';

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

  /**
   * Rule-4 candidates touching what is due: documents that joined no file, paired with the dossiers of their
   * agency whose window holds the issue date and whose applicant's folded name the subject contains, not
   * suggested before. A superset: the pure rule decides.
   */
  async candidates(due: SuggestionsDue): Promise<SuggestionCandidate[]> {
    const pairs = (where: string) => (m: string) =>
      `SELECT d.document_id AS documentId, d.subject_key AS subjectKey, d.issued_date AS issuedDate,
              s.dossier_code AS dossierCode, s.agency_code AS agencyCode, s.applicant_key AS applicantKey,
              s.suggest_from AS suggestFrom, s.suggest_until AS suggestUntil
         FROM document d
         JOIN dossier s ON s.agency_code = d.agency_code AND s.suggest_from <= d.issued_date AND s.suggest_until >= d.issued_date
        WHERE ${where} IN (${m}) AND d.has_base = 1
          AND INSTR(d.subject_key, s.applicant_key) > 0
          AND NOT EXISTS (SELECT 1 FROM dossier_member m WHERE m.document_id = d.document_id)
          AND NOT EXISTS (SELECT 1 FROM link_suggestion l WHERE l.document_id = d.document_id AND l.dossier_code = s.dossier_code)`;
    return [
      ...(await this.selectIn<SuggestionCandidate>(pairs('d.document_id'), due.documents)),
      ...(await this.selectIn<SuggestionCandidate>(pairs('s.dossier_code'), due.dossiers)),
    ];
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
      ...documents.map((r) => [`document:${r.id}`, JSON.stringify(r)] as const),
      ...dossiers.map((r) => [`dossier:${r.id}`, JSON.stringify(r)] as const),
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
