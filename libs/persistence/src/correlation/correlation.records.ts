import { type EventType, formatVnDateTime } from '@hoso/contracts';
import {
  type EFileContent,
  parseFileCode,
  parseFileNotation,
  type PreviousRevision,
  type StoredEvent,
} from '@hoso/domain';
import { type EntityManager, In } from 'typeorm';
import { insertRows, insertValues } from '../insert-rows';
import { chunks, marks } from '../sql';
import { bySize } from '../transactions';
import {
  AlertRecord,
  Deadline,
  DocumentRecord,
  DossierRecord,
  EFileRecord,
  FilePlanRecord,
  LinkSuggestion,
} from './correlation.entities';

export interface DocumentUpdate {
  documentId: string;
  agencyCode: string | null;
  matchKey: string | null;
  issuedDate: string | null;
  subjectKey: string | null;
  hasBase: boolean;
  revoked: boolean;
  direction: 'outgoing' | 'incoming' | null;
  creatorId: string | null;
  explicitDossiers: string[];
  inReplyTo: string[];
}

/** A dossier's whole row as recomputed, with its named keys and the members of its file. */
export type DossierUpdate = Omit<DossierRecord, 'updatedAt' | 'suggestDue'> & {
  namedKeys: string[];
  members: Array<{ documentId: string; rule: string }>;
};

export interface NewEFile {
  fileCode: string;
  revision: number;
  dossierCode: string;
  contentHash: string;
  completedBy: string;
  body: string;
}

export interface NewAlert {
  kind: string;
  dossierCode: string;
  agencyCode: string | null;
  fileCode: string | null;
  detail: string;
}

/** Candidate documents of a dossier (a superset: the pure rules decide) and its confirmed suggestions. */
export interface Candidates {
  documents: Set<string>;
  confirmed: Set<string>;
}

/** A document that joined no file, and a dossier whose rule-4 window and applicant it may fit. */
export interface SuggestionCandidate {
  documentId: string;
  subjectKey: string;
  issuedDate: string;
  dossierCode: string;
  agencyCode: string;
  applicantKey: string;
  suggestFrom: string;
  suggestUntil: string;
}

export interface SuggestionsDue {
  documents: string[];
  dossiers: string[];
}

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

/**
 * The correlation state, read and written in bulk inside the intake transaction (a few statements per
 * chunk, whatever its size): dossiers, documents and their links, file numbers, e-files, deadlines,
 * alerts and suggestions.
 */
export class CorrelationRecords {
  constructor(private readonly manager: EntityManager) {}

  private get mysql(): boolean {
    return this.manager.connection.options.type === 'mysql';
  }

  /**
   * Takes the filing lock until commit (on MySQL; SQLite transactions take turns anyway). Filing work takes
   * it before its first read of correlation state, after the facts it brings are written: of two such
   * transactions the second reads all the first committed, so no file is decided from half the facts.
   */
  async serialize(): Promise<void> {
    if (!this.mysql || this.serialized) return;
    await this.manager.query(
      "INSERT INTO filing_lock (name) VALUES ('filing') ON DUPLICATE KEY UPDATE name = name",
    );
    this.serialized = true;
  }

  private serialized = false;

  /** `SELECT … WHERE column IN (…)` over a long list, in slices. */
  private async selectIn<T>(sql: (marks: string) => string, values: readonly string[]): Promise<T[]> {
    const rows: T[] = [];
    for (const slice of chunks([...new Set(values)])) {
      rows.push(...(await this.manager.query<T[]>(sql(marks(slice.length)), slice)));
    }
    return rows;
  }

  /** The stored events of each aggregate ("dossier:<code>" or "document:<id>"). */
  async eventsOf(aggregateIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
    const rows = await this.selectIn<{
      aggregate: string;
      source: string;
      id: string;
      type: string;
      payload: string;
      topic: string;
      part: number;
      position: string | number;
      at: Date | string;
    }>(
      (m) =>
        `SELECT aggregate_id AS aggregate, source, event_id AS id, type, payload, topic, kafka_partition AS part,
                kafka_offset AS position, event_time AS at FROM inbox_event WHERE aggregate_id IN (${m})`,
      aggregateIds,
    );
    const events = new Map<string, StoredEvent[]>();
    for (const row of rows) {
      const event: StoredEvent = {
        source: row.source,
        id: row.id,
        type: row.type as EventType,
        time: formatInVn(row.at),
        data: JSON.parse(row.payload) as object,
        topic: row.topic,
        partition: Number(row.part),
        offset: String(row.position),
      };
      events.set(row.aggregate, [...(events.get(row.aggregate) ?? []), event]);
    }
    return events;
  }

  /** Replaces what is known of each document, its references to dossiers and its reply edges. */
  async saveDocuments(updates: readonly DocumentUpdate[]): Promise<void> {
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

  /** Dossiers whose resolution named one of these rule-2 keys. */
  async dossiersNaming(matchKeys: readonly string[]): Promise<string[]> {
    const rows = await this.selectIn<{ code: string }>(
      (m) => `SELECT dossier_code AS code FROM dossier_named WHERE match_key IN (${m})`,
      matchKeys,
    );
    return rows.map((r) => r.code);
  }

  /** Dossiers whose file holds one of these documents. */
  async dossiersHolding(documentIds: readonly string[]): Promise<string[]> {
    const rows = await this.selectIn<{ code: string }>(
      (m) => `SELECT dossier_code AS code FROM dossier_member WHERE document_id IN (${m})`,
      documentIds,
    );
    return rows.map((r) => r.code);
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
   * Creates the rows of dossiers seen for the first time and locks them all, in code order (so two
   * instances never deadlock on them): one dossier is recomputed by one transaction at a time.
   */
  async lockDossiers(codes: readonly string[]): Promise<Map<string, DossierRecord>> {
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

  /** Writes each dossier's whole row, its named keys and the members of its file. */
  async saveDossiers(updates: readonly DossierUpdate[]): Promise<void> {
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

  /** The last emitted revision of each dossier's file (under the code it had then, were it reclassified since). */
  async previousRevisions(dossiers: readonly DossierRecord[]): Promise<Map<string, PreviousRevision>> {
    const emitted = dossiers.filter((d) => d.fileCode && d.emittedRevision > 0);
    const previous = new Map<string, PreviousRevision>();
    for (const slice of chunks(emitted)) {
      const rows = await this.manager.find(EFileRecord, {
        where: slice.map((d) => ({ dossierCode: d.dossierCode, revision: d.emittedRevision })),
      });
      for (const row of rows) {
        const {
          revision: _r,
          supersedes: _s,
          completedBy: _c,
          contentHash: _h,
          provenance: _p,
          ...content
        } = JSON.parse(row.body) as Record<string, unknown>;
        previous.set(row.dossierCode, {
          revision: row.revision,
          contentHash: row.contentHash,
          content: content as unknown as EFileContent,
        });
      }
    }
    return previous;
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
  async recodeDossier(dossierCode: string, fileCode: string): Promise<void> {
    await this.manager.update(DossierRecord, { dossierCode }, { fileCode });
  }

  async addEFiles(files: readonly NewEFile[]): Promise<void> {
    const createdAt = new Date();
    for (const rows of bySize([...files], (f) => f.body.length + 256)) {
      await insertRows(
        this.manager,
        EFileRecord,
        rows.map((f) => ({ ...f, createdAt })),
      );
    }
  }

  /** Stored timers: a grace deadline is set once; an overdue one follows the appointment date until done. */
  async schedule(
    deadlines: ReadonlyArray<{ dossierCode: string; kind: 'grace' | 'overdue'; dueAt: Date }>,
  ): Promise<void> {
    for (const kind of ['grace', 'overdue'] as const) {
      await insertRows(
        this.manager,
        Deadline,
        deadlines.filter((d) => d.kind === kind),
        kind === 'overdue' ? { update: ['due_at'], key: ['dossier_code', 'kind'] } : 'ignore',
      );
    }
  }

  /** Takes up to `limit` due deadlines, held for `claimMs` (on MySQL, rows another instance takes are skipped). */
  async claimDueDeadlines(now: Date, limit: number, claimMs: number): Promise<Deadline[]> {
    const query = this.manager
      .createQueryBuilder(Deadline, 'd')
      .where('d.doneAt IS NULL AND d.dueAt <= :now AND (d.claimedUntil IS NULL OR d.claimedUntil < :now)', {
        now,
      })
      .orderBy('d.dueAt')
      .limit(limit);
    if (this.mysql) query.setLock('pessimistic_write').setOnLocked('skip_locked');
    const due = await query.getMany();
    for (const d of due) {
      await this.manager.update(
        Deadline,
        { dossierCode: d.dossierCode, kind: d.kind },
        { claimedUntil: new Date(now.getTime() + claimMs) },
      );
    }
    return due;
  }

  async releaseDeadline(deadline: Pick<Deadline, 'dossierCode' | 'kind'>): Promise<void> {
    await this.manager.update(
      Deadline,
      { dossierCode: deadline.dossierCode, kind: deadline.kind },
      { claimedUntil: null },
    );
  }

  async completeDeadline(deadline: Pick<Deadline, 'dossierCode' | 'kind'>): Promise<void> {
    await this.manager.update(
      Deadline,
      { dossierCode: deadline.dossierCode, kind: deadline.kind },
      { doneAt: new Date() },
    );
  }

  async markGraceExpired(dossierCode: string): Promise<void> {
    await this.manager.update(DossierRecord, { dossierCode }, { graceExpired: true });
  }

  /** Stores the file plans as loaded from the config file (the latest version per agency and year). */
  async saveFilePlans(
    plans: ReadonlyArray<{ agency: string; year: number; version: string; body: string }>,
  ): Promise<void> {
    if (plans.length === 0) return;
    await this.manager.upsert(
      FilePlanRecord,
      plans.map((p) => ({ ...p, loadedAt: new Date() })),
      ['agency', 'year'],
    );
  }

  /** Raises each alert once per kind and dossier; returns the ones raised now. */
  async raiseAlerts(alerts: readonly NewAlert[]): Promise<NewAlert[]> {
    if (alerts.length === 0) return [];
    const existing = await this.selectIn<{ kind: string; code: string }>(
      (m) => `SELECT kind, dossier_code AS code FROM alert WHERE dossier_code IN (${m})`,
      alerts.map((a) => a.dossierCode),
    );
    const known = new Set(existing.map((e) => `${e.kind}/${e.code}`));
    const fresh = [...new Map(alerts.map((a) => [`${a.kind}/${a.dossierCode}`, a])).values()].filter(
      (a) => !known.has(`${a.kind}/${a.dossierCode}`),
    );
    if (fresh.length > 0) {
      const createdAt = new Date();
      await this.manager.insert(
        AlertRecord,
        fresh.map((a) => ({ ...a, detail: a.detail.slice(0, 2000), createdAt })),
      );
    }
    return fresh;
  }

  /** Documents and dossiers saved since the last rule-4 sweep, a batch of each. */
  async dueForSuggestions(limit: number): Promise<SuggestionsDue> {
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
  async suggestionCandidates(due: SuggestionsDue): Promise<SuggestionCandidate[]> {
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
  async suggestionInputs(due: SuggestionsDue, { lock = false } = {}): Promise<Map<string, string>> {
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

  async clearSuggestionMarks(due: SuggestionsDue): Promise<void> {
    for (const slice of chunks(due.documents))
      await this.manager.update(DocumentRecord, { documentId: In(slice) }, { suggestDue: false });
    for (const slice of chunks(due.dossiers))
      await this.manager.update(DossierRecord, { dossierCode: In(slice) }, { suggestDue: false });
  }

  async addSuggestions(pairs: ReadonlyArray<{ dossierCode: string; documentId: string }>): Promise<void> {
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

  /** Deletes the rows of these owners in a link table and writes the new set. */
  private async replace(
    table: string,
    owner: string,
    owners: readonly string[],
    rows: ReadonlyArray<Record<string, string>>,
  ): Promise<void> {
    for (const slice of chunks([...new Set(owners)])) {
      await this.manager.query(`DELETE FROM ${table} WHERE ${owner} IN (${marks(slice.length)})`, slice);
    }
    const unique = [...new Map(rows.map((r) => [JSON.stringify(r), r])).values()];
    if (unique.length === 0) return;
    const columns = Object.keys(unique[0]!);
    await insertValues(
      this.manager,
      table,
      columns,
      unique.map((r) => columns.map((c) => r[c])),
      'ignore',
    );
  }
}

/** A DATETIME as the drivers return it (mysql2: a Date; SQLite: UTC text) in Vietnam time. */
function formatInVn(value: Date | string): string {
  const instant = value instanceof Date ? value.getTime() : Date.parse(`${value.replace(' ', 'T')}Z`);
  return formatVnDateTime(instant);
}
