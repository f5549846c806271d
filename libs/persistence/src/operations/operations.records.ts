import {
  type AgencyStatistics,
  type AuditEntry,
  type DayStatistics,
  type DeadLetterDetail,
  type DeadLetterSummary,
  type DocumentDetail,
  documentAggregate,
  type DossierDetail,
  type DossierSummary,
  dossierAggregate,
  type EFileRevision,
  type EFileSummary,
  type EFileAssembled,
  type FileMember,
  type HoldingDossier,
  type Alert,
  type ListQuery,
  type Page,
  type PendingCounts,
  type PendingDocument,
  type PendingDossier,
  type Period,
  type Suggestion,
  type SuggestionStatus,
  type TransferFile,
} from '@hoso/contracts';
import { type EntityManager, IsNull, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import {
  AlertRecord,
  DocumentRecord,
  DossierRecord,
  EFileRecord,
  LinkSuggestion,
} from '../correlation/correlation.entities';
import { DeadLetter } from '../dead-letter/dead-letter.entity';
import { InboxEvent } from '../inbox/inbox-event.entity';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { keysetPage, type SortKey } from './keyset';
import { AdminJob, AuditRecord } from './operations.entities';
import {
  alertView,
  auditView,
  deadLetterDetail,
  deadLetterView,
  documentView,
  dossierView,
  eventView,
  revisionView,
  suggestionView,
} from './views';

export const TERMINAL_STATUSES = ['result_returned', 'refused', 'withdrawn', 'stopped'] as const;

export interface DossierQuery extends ListQuery, Within {
  agency?: string;
  status?: string;
}

/** The agencies a list is limited to (the caller's); null or absent: every agency. */
export interface Within {
  within?: readonly string[] | null;
}

/** Limits a query to rows of these agencies, when it is limited. */
function onlyAgencies<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  column: string,
  within: readonly string[] | null | undefined,
): SelectQueryBuilder<T> {
  // An empty list sees nothing: IN () is no SQL, so it is a condition that never holds.
  if (within) query.andWhere(within.length > 0 ? `${column} IN (:...within)` : '1 = 0', { within });
  return query;
}

/** Start of a Vietnamese calendar day, as an instant. */
export const vnDayStart = (day: string) => new Date(`${day}T00:00:00+07:00`);

/**
 * What the admin API and the CLI read, in the shapes of the admin-API contract: lists a page at a time
 * (each read one row longer, to know whether another page follows), one item with its story, statistics,
 * the audit trail.
 */
export class OperationsRecords {
  constructor(private readonly manager: EntityManager) {}

  async dossiers(q: DossierQuery): Promise<Page<DossierSummary>> {
    const query = onlyAgencies(this.manager.createQueryBuilder(DossierRecord, 'd'), 'd.agencyCode', q.within);
    if (q.agency) query.andWhere('d.agencyCode = :agency', { agency: q.agency });
    if (q.status) query.andWhere('d.status = :status', { status: q.status });
    return keysetPage(query, q, [{ column: 'd.dossierCode', of: (d) => d.dossierCode }], dossierView);
  }

  /** A dossier with its file's members, revisions, alerts, suggestions and the events it was built from. */
  async dossier(code: string): Promise<DossierDetail | null> {
    const dossier = await this.manager.findOneBy(DossierRecord, { dossierCode: code });
    if (!dossier) return null;
    const members = await this.manager.query<FileMember[]>(
      'SELECT document_id AS documentId, rule FROM dossier_member WHERE dossier_code = ? ORDER BY document_id',
      [code],
    );
    const alerts = await this.manager.find(AlertRecord, {
      where: { dossierCode: code },
      order: { id: 'ASC' },
    });
    const suggestions = await this.manager.find(LinkSuggestion, { where: { dossierCode: code } });
    return {
      dossier: dossierView(dossier),
      members,
      efiles: dossier.fileCode ? await this.revisions(dossier.fileCode) : [],
      alerts: alerts.map(alertView),
      suggestions: suggestions.map(suggestionView),
      events: await this.eventsOf(dossierAggregate(code)),
    };
  }

  async document(id: string): Promise<DocumentDetail | null> {
    const document = await this.manager.findOneBy(DocumentRecord, { documentId: id });
    if (!document) return null;
    const dossiers = await this.manager.query<HoldingDossier[]>(
      'SELECT dossier_code AS dossierCode, rule FROM dossier_member WHERE document_id = ? ORDER BY dossier_code',
      [id],
    );
    return {
      document: documentView(document),
      dossiers,
      events: await this.eventsOf(documentAggregate(id)),
    };
  }

  /**
   * Every revision of the file a code names, oldest first, under this code or any other the file had (an
   * operator may have reclassified it): the old code finds the file too.
   */
  async revisions(fileCode: string): Promise<EFileRevision[]> {
    const dossierCode = await this.dossierOfFileCode(fileCode);
    if (!dossierCode) return [];
    const rows = await this.manager.find(EFileRecord, { where: { dossierCode }, order: { revision: 'ASC' } });
    return rows.map(revisionView);
  }

  /** The dossier whose file has, or had, this code. */
  async dossierOfFileCode(fileCode: string): Promise<string | undefined> {
    const row = await this.manager.findOne(EFileRecord, {
      where: { fileCode },
      select: { dossierCode: true },
    });
    return row?.dossierCode;
  }

  /** Documents that joined no file yet, in id order. */
  async pendingDocuments(q: ListQuery & Within): Promise<Page<PendingDocument>> {
    const query = this.manager
      .createQueryBuilder(DocumentRecord, 'd')
      .where('NOT EXISTS (SELECT 1 FROM dossier_member m WHERE m.document_id = d.document_id)');
    onlyAgencies(query, 'd.agencyCode', q.within);
    return keysetPage(query, q, [{ column: 'd.documentId', of: (d) => d.documentId }], documentView);
  }

  /** Ended dossiers still waiting to be filed, those waiting longest first. */
  async pendingDossiers(q: ListQuery & Within): Promise<Page<PendingDossier>> {
    const keys: Array<SortKey<DossierRecord>> = [
      { column: 'd.terminalAt', instant: true, of: (d) => d.terminalAt ?? new Date(0) },
      { column: 'd.dossierCode', of: (d) => d.dossierCode },
    ];
    return keysetPage(onlyAgencies(this.waitingDossiers(), 'd.agencyCode', q.within), q, keys, (d) => {
      const { dossierCode, agencyCode, status, terminalAt, missingNamed } = dossierView(d);
      return { dossierCode, agencyCode, status, terminalAt, missingNamed };
    });
  }

  async pendingCounts(within: readonly string[] | null = null): Promise<PendingCounts> {
    const documents = await onlyAgencies(
      this.manager
        .createQueryBuilder(DocumentRecord, 'd')
        .where('NOT EXISTS (SELECT 1 FROM dossier_member m WHERE m.document_id = d.document_id)'),
      'd.agencyCode',
      within,
    ).getCount();
    const dossiers = await onlyAgencies(this.waitingDossiers(), 'd.agencyCode', within).getCount();
    return { documents, dossiers };
  }

  /** Rule-4 suggestions, newest first. */
  async suggestions(q: ListQuery & Within & { status?: SuggestionStatus }): Promise<Page<Suggestion>> {
    const query = this.manager.createQueryBuilder(LinkSuggestion, 's');
    // A suggestion is the agency's whose dossier it is about.
    if (q.within)
      query.andWhere(
        q.within.length > 0
          ? 's.dossierCode IN (SELECT x.dossier_code FROM dossier x WHERE x.agency_code IN (:...within))'
          : '1 = 0',
        { within: q.within },
      );
    if (q.status) query.andWhere('s.status = :status', { status: q.status });
    const keys: Array<SortKey<LinkSuggestion>> = [
      { column: 's.createdAt', descending: true, instant: true, of: (s) => s.createdAt },
      { column: 's.dossierCode', of: (s) => s.dossierCode },
      { column: 's.documentId', of: (s) => s.documentId },
    ];
    return keysetPage(query, q, keys, suggestionView);
  }

  async alerts(q: ListQuery & Within & { kind?: string; agency?: string }): Promise<Page<Alert>> {
    const query = onlyAgencies(this.manager.createQueryBuilder(AlertRecord, 'a'), 'a.agencyCode', q.within);
    if (q.kind) query.andWhere('a.kind = :kind', { kind: q.kind });
    if (q.agency) query.andWhere('a.agencyCode = :agency', { agency: q.agency });
    return keysetPage(query, q, [NEWEST_ID('a')], alertView);
  }

  /** Dead letters without their bytes, newest first. */
  async deadLetters(
    q: ListQuery & Within & { reason?: string; redriven?: boolean },
  ): Promise<Page<DeadLetterSummary>> {
    const query = onlyAgencies(
      this.manager.createQueryBuilder(DeadLetter, 'l').select(DEAD_LETTER_SUMMARY.map((c) => `l.${c}`)),
      'l.agencyCode',
      q.within,
    );
    if (q.reason) query.andWhere('l.reason = :reason', { reason: q.reason });
    if (q.redriven !== undefined) query.andWhere(`l.redrivenAt IS ${q.redriven ? 'NOT ' : ''}NULL`);
    return keysetPage(query, q, [NEWEST_ID('l')], deadLetterView);
  }

  /** One dead letter with what it carried. */
  async deadLetterDetail(id: string): Promise<DeadLetterDetail | null> {
    const letter = await this.manager.findOneBy(DeadLetter, { id });
    return letter && deadLetterDetail(letter);
  }

  async deadLettersByIds(ids: readonly string[]): Promise<DeadLetter[]> {
    if (ids.length === 0) return [];
    return this.manager
      .createQueryBuilder(DeadLetter, 'l')
      .where('l.id IN (:...ids)', { ids })
      .orderBy('l.id')
      .getMany();
  }

  async markRedriven(id: string, by: string): Promise<void> {
    await this.manager.update(DeadLetter, { id }, { redrivenAt: new Date(), redrivenBy: by });
  }

  async deadLetterCount(within: readonly string[] | null = null): Promise<number> {
    const query = this.manager.createQueryBuilder(DeadLetter, 'l').where('l.redrivenAt IS NULL');
    return onlyAgencies(query, 'l.agencyCode', within).getCount();
  }

  /** Outbox rows not published yet. */
  async relayBacklog(): Promise<number> {
    return this.manager.createQueryBuilder(OutboxMessage, 'o').where('o.publishedAt IS NULL').getCount();
  }

  /** When the oldest outbox message not yet published was written; null when none waits. */
  async oldestUnpublished(): Promise<Date | null> {
    const oldest = await this.manager.findOne(OutboxMessage, {
      select: { id: true, createdAt: true },
      where: { publishedAt: IsNull() },
      order: { id: 'ASC' },
    });
    return oldest?.createdAt ?? null;
  }

  /** The last revision of each e-file chosen by file codes, an agency or when they were made. */
  async latestEFiles(
    selection: Within & {
      fileCodes?: string[];
      agency?: string;
      from?: Date;
      to?: Date;
    },
  ): Promise<EFileRecord[]> {
    const query = onlyAgencies(this.latest(), 'd.agency_code', selection.within).orderBy('e.fileCode');
    // A code a file had before it was reclassified chooses it too.
    if (selection.fileCodes)
      query.andWhere(
        'd.dossier_code IN (SELECT x.dossier_code FROM efile x WHERE x.file_code IN (:...codes))',
        { codes: selection.fileCodes },
      );
    if (selection.agency) query.andWhere('d.agency_code = :agency', { agency: selection.agency });
    if (selection.from) query.andWhere('e.createdAt >= :from', { from: selection.from });
    if (selection.to) query.andWhere('e.createdAt < :to', { to: selection.to });
    return query.getMany();
  }

  /** An agency's e-files, newest first, each as its latest revision. */
  async recentEFiles(q: ListQuery & { agency: string }): Promise<Page<EFileSummary>> {
    const query = this.latest().where('d.agency_code = :agency', { agency: q.agency });
    const keys: Array<SortKey<EFileRecord>> = [
      { column: 'e.createdAt', descending: true, instant: true, of: (e) => e.createdAt },
      { column: 'e.fileCode', of: (e) => e.fileCode },
    ];
    return keysetPage(query, q, keys, ({ body, createdAt, ...file }) => {
      const efile = JSON.parse(body) as EFileAssembled;
      return { ...file, createdAt: createdAt.toISOString(), title: efile.title, docTotal: efile.docTotal };
    });
  }

  /**
   * One revision of an e-file (the latest when no revision is given), found by any code it has had, with
   * the agency's name for its package and the dossier row (classification, transfer).
   */
  async efileRevision(
    fileCode: string,
    revision?: number,
  ): Promise<{ record: EFileRecord; agencyName: string | null; dossier: DossierRecord | null } | null> {
    const dossierCode = await this.dossierOfFileCode(fileCode);
    if (!dossierCode) return null;
    const record = await this.manager.findOne(EFileRecord, {
      where: revision === undefined ? { dossierCode } : { dossierCode, revision },
      order: { revision: 'DESC' },
    });
    if (!record) return null;
    const dossier = await this.manager.findOneBy(DossierRecord, { dossierCode });
    return { record, agencyName: dossier?.agencyName ?? null, dossier };
  }

  /** The e-files an agency formed in a year (file catalog), each at its latest revision, in file-code order. */
  async transferFiles(q: ListQuery & { agency: string; year: string }): Promise<Page<TransferFile>> {
    const query = this.latest()
      .where('d.agency_code = :agency', { agency: q.agency })
      // The year is the fifth group of organId.fileCatalog.fileNotation, whose first four are the agency.
      .andWhere('e.fileCode LIKE :prefix', { prefix: `${q.agency}.${q.year}.%` });
    return keysetPage(
      query,
      q,
      [{ column: 'e.fileCode', of: (e) => e.fileCode }],
      ({ fileCode, revision, body }) => {
        const { title, startDate, endDate, maintenance, docTotal, pageTotal } = JSON.parse(
          body,
        ) as EFileAssembled;
        return { fileCode, revision, title, startDate, endDate, maintenance, docTotal, pageTotal };
      },
    );
  }

  /** Every e-file revision of these dossiers' files, oldest first per file (under each code it had). */
  async allRevisions(dossierCodes: readonly string[]): Promise<EFileRecord[]> {
    if (dossierCodes.length === 0) return [];
    return this.manager
      .createQueryBuilder(EFileRecord, 'e')
      .where('e.dossierCode IN (:...codes)', { codes: dossierCodes })
      .orderBy('e.dossierCode')
      .addOrderBy('e.revision')
      .getMany();
  }

  /**
   * Per agency over a period: dossiers received in it and resolved (ended) in it, e-files of those
   * resolved, on time, the officials and documents in those e-files, and of the dossiers received in it,
   * those with an overdue, unmatched or needs-classification alert.
   */
  async statistics(period: Period, agencies: readonly string[] | null): Promise<AgencyStatistics[]> {
    const from = vnDayStart(period.from);
    const to = new Date(vnDayStart(period.to).getTime() + 86_400_000);
    const inPeriod = (column: string) => `d.${column} >= :from AND d.${column} < :to`;
    const sum = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
    const ended = `${inPeriod('terminal_at')} AND d.status IN (:...terminal)`;
    const params = { from, to, terminal: [...TERMINAL_STATUSES] };
    const onlyAgency = <T extends ObjectLiteral>(q: SelectQueryBuilder<T>) =>
      onlyAgencies(q, 'd.agency_code', agencies);

    const dossiers = await onlyAgency(
      this.manager
        .createQueryBuilder(DossierRecord, 'd')
        .select('d.agency_code', 'agencyCode')
        .addSelect('MAX(d.agency_name)', 'agencyName')
        .addSelect(sum(inPeriod('received_at')), 'received')
        .addSelect(sum(ended), 'resolved')
        .addSelect(sum(`${ended} AND d.emitted_revision > 0`), 'efiles')
        .addSelect(sum(`${ended} AND d.emitted_revision > 0 AND d.on_time = 1`), 'onTime')
        .where(`d.agency_code IS NOT NULL AND ((${inPeriod('received_at')}) OR (${ended}))`, params)
        .groupBy('d.agency_code'),
    ).getRawMany<Record<string, string | number>>();

    const documents = await onlyAgency(
      this.manager
        .createQueryBuilder(DossierRecord, 'd')
        .innerJoin('dossier_member', 'm', 'm.dossier_code = d.dossier_code')
        .innerJoin(DocumentRecord, 'doc', 'doc.document_id = m.document_id')
        .select('d.agency_code', 'agencyCode')
        .addSelect('COUNT(DISTINCT doc.creator_id)', 'officials')
        .addSelect(sum("doc.direction = 'outgoing'"), 'outgoing')
        .addSelect(sum("doc.direction = 'incoming'"), 'incoming')
        .where(`${ended} AND d.emitted_revision > 0`, params)
        .groupBy('d.agency_code'),
    ).getRawMany<Record<string, string | number>>();

    // By the dossier's received date, not the alert's: a replay raises old alerts today.
    const alerts = await onlyAgency(
      this.manager
        .createQueryBuilder(AlertRecord, 'a')
        .innerJoin(DossierRecord, 'd', 'd.dossier_code = a.dossier_code')
        .select('d.agency_code', 'agencyCode')
        .addSelect('a.kind', 'kind')
        .addSelect('COUNT(DISTINCT a.dossier_code)', 'n')
        .where(`d.agency_code IS NOT NULL AND ${inPeriod('received_at')}`, params)
        .groupBy('d.agency_code')
        .addGroupBy('a.kind'),
    ).getRawMany<{ agencyCode: string; kind: string; n: string | number }>();

    const byAgency = new Map<string, AgencyStatistics>();
    const row = (code: string) => {
      let s = byAgency.get(code);
      if (!s) {
        s = {
          agencyCode: code,
          agencyName: null,
          received: 0,
          resolved: 0,
          efiles: 0,
          efileRate: null,
          onTime: 0,
          officials: 0,
          outgoingDocuments: 0,
          incomingDocuments: 0,
          overdue: 0,
          unmatched: 0,
          needsClassification: 0,
        };
        byAgency.set(code, s);
      }
      return s;
    };
    for (const d of dossiers) {
      Object.assign(row(String(d.agencyCode)), {
        agencyName: d.agencyName === null ? null : String(d.agencyName),
        received: Number(d.received),
        resolved: Number(d.resolved),
        efiles: Number(d.efiles),
        onTime: Number(d.onTime),
      });
    }
    for (const d of documents) {
      Object.assign(row(String(d.agencyCode)), {
        officials: Number(d.officials),
        outgoingDocuments: Number(d.outgoing),
        incomingDocuments: Number(d.incoming),
      });
    }
    for (const a of alerts) {
      const s = row(a.agencyCode);
      if (a.kind === 'overdue') s.overdue = Number(a.n);
      if (a.kind === 'unmatched') s.unmatched = Number(a.n);
      if (a.kind === 'needs_classification') s.needsClassification = Number(a.n);
    }
    for (const s of byAgency.values()) s.efileRate = s.resolved > 0 ? s.efiles / s.resolved : null;
    return [...byAgency.values()].sort((a, b) => a.agencyCode.localeCompare(b.agencyCode));
  }

  /** Per Vietnamese day of the period: dossiers received, resolved (ended), and e-files of those resolved. */
  async daily(period: Period, agencies: readonly string[] | null): Promise<DayStatistics[]> {
    const params = {
      from: vnDayStart(period.from),
      to: new Date(vnDayStart(period.to).getTime() + 86_400_000),
      terminal: [...TERMINAL_STATUSES],
    };
    const perDay = async (column: string, ...counted: Array<[string, string]>) => {
      const query = this.manager
        .createQueryBuilder(DossierRecord, 'd')
        .select(this.vnDay(`d.${column}`), 'day')
        .where(`d.${column} >= :from AND d.${column} < :to`, params)
        .groupBy('day');
      for (const [alias, condition] of counted)
        query.addSelect(`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`, alias);
      onlyAgencies(query, 'd.agency_code', agencies);
      const rows = await query.getRawMany<Record<string, string | number>>();
      return new Map(rows.map((r) => [String(r.day), r]));
    };
    const received = await perDay('received_at', ['received', '1 = 1']);
    const ended = await perDay(
      'terminal_at',
      ['resolved', 'd.status IN (:...terminal)'],
      ['efiles', 'd.status IN (:...terminal) AND d.emitted_revision > 0'],
    );
    const days: DayStatistics[] = [];
    for (let t = params.from.getTime(); t < params.to.getTime(); t += 86_400_000) {
      const day = new Date(t + 7 * 3_600_000).toISOString().slice(0, 10);
      days.push({
        day,
        received: Number(received.get(day)?.received ?? 0),
        resolved: Number(ended.get(day)?.resolved ?? 0),
        efiles: Number(ended.get(day)?.efiles ?? 0),
      });
    }
    return days;
  }

  /** The Vietnamese calendar day (UTC+7, no daylight saving) of a UTC datetime column, as YYYY-MM-DD. */
  private vnDay(column: string): string {
    return this.manager.connection.options.type === 'mysql'
      ? `DATE_FORMAT(DATE_ADD(${column}, INTERVAL 7 HOUR), '%Y-%m-%d')`
      : `strftime('%Y-%m-%d', ${column}, '+7 hours')`;
  }

  async auditTrail(q: ListQuery): Promise<Page<AuditEntry>> {
    return keysetPage(this.manager.createQueryBuilder(AuditRecord, 'a'), q, [NEWEST_ID('a')], auditView);
  }

  async saveJob(job: AdminJob): Promise<void> {
    await this.manager.save(AdminJob, { ...job, updatedAt: new Date() });
  }

  async job(id: string): Promise<AdminJob | null> {
    return this.manager.findOneBy(AdminJob, { id });
  }

  /** Jobs, newest first. */
  async jobs(q: ListQuery): Promise<Page<AdminJob>> {
    const keys: Array<SortKey<AdminJob>> = [
      { column: 'j.createdAt', descending: true, instant: true, of: (j) => j.createdAt },
      { column: 'j.id', of: (j) => j.id },
    ];
    return keysetPage(this.manager.createQueryBuilder(AdminJob, 'j'), q, keys, (j) => j);
  }

  /** The latest revision of every e-file, joined to its dossier (d). */
  private latest() {
    return this.manager
      .createQueryBuilder(EFileRecord, 'e')
      .innerJoin(DossierRecord, 'd', 'd.file_code = e.file_code AND d.emitted_revision = e.revision');
  }

  private waitingDossiers() {
    return this.manager
      .createQueryBuilder(DossierRecord, 'd')
      .where('d.status IN (:...terminal) AND d.emittedRevision = 0', { terminal: [...TERMINAL_STATUSES] });
  }

  private async eventsOf(aggregateId: string) {
    const rows = await this.manager.find(InboxEvent, {
      where: { aggregateId },
      order: { eventTime: 'ASC', id: 'ASC' },
    });
    return rows.map(eventView);
  }
}

/** Newest first, by a generated id (alerts, dead letters, the audit trail). */
const NEWEST_ID = <R extends { id: string }>(alias: string): SortKey<R> => ({
  column: `${alias}.id`,
  descending: true,
  of: (row) => String(row.id),
});

const DEAD_LETTER_SUMMARY = [
  'id',
  'reason',
  'message',
  'sourceTopic',
  'sourcePartition',
  'sourceOffset',
  'eventSource',
  'eventId',
  'eventType',
  'agencyCode',
  'kafkaTimestamp',
  'createdAt',
  'redrivenAt',
  'redrivenBy',
] as const;
