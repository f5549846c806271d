import { insertRows } from '../insert-rows';
import { Records } from '../records';
import { DocumentRecord } from './correlation.entities';
import { type Candidates, type DocumentUpdate } from './correlation.types';

/** Documents, their references to dossiers and their reply edges, and the documents that may belong to a dossier. */
export class DocumentRecords extends Records {
  /** Replaces what is known of each document, its references to dossiers and its reply edges. */
  async save(updates: readonly DocumentUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const now = new Date();
    await insertRows(
      this.manager,
      DocumentRecord,
      updates.map(({ explicitDossiers: _e, inReplyTo: _r, ...row }) => ({
        ...row,
        suggestDue: row.hasBase,
        updatedAt: now,
      })),
      {
        update: [
          'agency_code',
          'match_key',
          'issued_date',
          'subject_key',
          'has_base',
          'revoked',
          'direction',
          'creator_id',
          'suggest_due',
          'updated_at',
        ],
        key: ['document_id'],
      },
    );
    const ids = updates.map((u) => u.documentId);
    await this.replace(
      'document_dossier_ref',
      'document_id',
      ids,
      updates.flatMap((u) =>
        u.explicitDossiers.map((code) => ({ document_id: u.documentId, dossier_code: code })),
      ),
    );
    await this.replace(
      'document_reply',
      'document_id',
      ids,
      updates.flatMap((u) =>
        u.inReplyTo.map((target) => ({ document_id: u.documentId, in_reply_to: target })),
      ),
    );
  }

  /** Reply edges touching these documents, from either end. */
  async replyEdges(documentIds: readonly string[]): Promise<Array<[string, string]>> {
    const sql = (column: string) => (m: string) =>
      `SELECT document_id AS a, in_reply_to AS b FROM document_reply WHERE ${column} IN (${m})`;
    const rows = [
      ...(await this.selectIn<{ a: string; b: string }>(sql('document_id'), documentIds)),
      ...(await this.selectIn<{ a: string; b: string }>(sql('in_reply_to'), documentIds)),
    ];
    return rows.map((r) => [r.a, r.b]);
  }

  /**
   * The documents that may belong to each dossier: naming it, named by it, confirmed for it, and
   * everything reachable from those along reply edges. A superset: the pure rules decide.
   */
  async candidates(
    dossiers: ReadonlyArray<{ code: string; namedKeys: string[] }>,
  ): Promise<Map<string, Candidates>> {
    const codes = dossiers.map((d) => d.code);
    const result = new Map(
      dossiers.map((d) => [d.code, { documents: new Set<string>(), confirmed: new Set<string>() }]),
    );
    const refs = await this.selectIn<{ code: string; doc: string }>(
      (m) =>
        `SELECT dossier_code AS code, document_id AS doc FROM document_dossier_ref WHERE dossier_code IN (${m})`,
      codes,
    );
    for (const r of refs) result.get(r.code)?.documents.add(r.doc);
    const named = await this.selectIn<{ doc: string; matchKey: string }>(
      (m) => `SELECT document_id AS doc, match_key AS matchKey FROM document WHERE match_key IN (${m})`,
      dossiers.flatMap((d) => d.namedKeys),
    );
    const byKey = new Map<string, string[]>();
    for (const r of named) byKey.set(r.matchKey, [...(byKey.get(r.matchKey) ?? []), r.doc]);
    for (const d of dossiers) {
      for (const key of d.namedKeys)
        for (const doc of byKey.get(key) ?? []) result.get(d.code)!.documents.add(doc);
    }
    const confirmed = await this.selectIn<{ code: string; doc: string }>(
      (m) =>
        `SELECT dossier_code AS code, document_id AS doc FROM link_suggestion WHERE status = 'confirmed' AND dossier_code IN (${m})`,
      codes,
    );
    for (const r of confirmed) {
      result.get(r.code)?.documents.add(r.doc);
      result.get(r.code)?.confirmed.add(r.doc);
    }

    // Follow reply edges from every candidate until nothing new turns up.
    const neighbours = new Map<string, Set<string>>();
    const fetched = new Set<string>();
    let frontier = [...new Set([...result.values()].flatMap((c) => [...c.documents]))];
    while (frontier.length > 0) {
      frontier.forEach((id) => fetched.add(id));
      const edges = await this.replyEdges(frontier);
      for (const [a, b] of edges) {
        neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b));
        neighbours.set(b, (neighbours.get(b) ?? new Set()).add(a));
      }
      frontier = [...new Set(edges.flat())].filter((id) => !fetched.has(id));
    }
    for (const candidate of result.values()) {
      const queue = [...candidate.documents];
      while (queue.length > 0) {
        for (const next of neighbours.get(queue.pop()!) ?? []) {
          if (!candidate.documents.has(next)) {
            candidate.documents.add(next);
            queue.push(next);
          }
        }
      }
    }
    return result;
  }
}
