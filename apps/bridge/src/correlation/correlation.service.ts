import { processingSlipDigest } from '@hoso/archive';
import { filingConfig, kafkaConfig } from '@hoso/config';
import {
  type AlertKind,
  documentAggregate,
  dossierAggregate,
  type EFileAlert,
  type EFileAssembled,
  formatVnDateTime,
  isDocumentEvent,
  isDossierEvent,
  type Reclassification,
  subjectOf,
} from '@hoso/contracts';
import {
  acceptedYear,
  alertOf,
  type Completion,
  counterOf,
  decideFiling,
  documentFacts,
  type DocumentFacts,
  dossierFacts,
  type DossierFacts,
  fileCodeOf,
  fileHeading,
  fileTransferFacts,
  fileNotation,
  type FilingDecision,
  fileRevision,
  fold,
  headingNamed,
  headingOfFileCode,
  headingSummary,
  isTransferDeadline,
  type Member,
  newFileCode,
  onTime,
  ordinalWidthOf,
  parseFileCode,
  planHeadingFor,
  reclassificationProblem,
  type StoredEvent,
  statusOf,
  suggestionProfile,
  transferAlert,
  type TransferDeadlineKind,
  transferDeadlines,
} from '@hoso/domain';
import {
  attemptOf,
  type Deadline,
  type DocumentUpdate,
  type DossierRecord,
  type DossierUpdate,
  type NewAlert,
  transferFactsOf,
  type UnitOfWork,
} from '@hoso/persistence';
import { alertMessage, efileMessage, traceOfSubjects, type TracesBySubject } from '@hoso/messaging';
import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { FilePlans } from './file-plans';

export interface CorrelationEffects {
  emitted: EFileAssembled[];
  alerts: EFileAlert[];
}

interface RefileFlags {
  graceExpired?: ReadonlySet<string>;
  forced?: ReadonlySet<string>;
  /** The traces of the events that led here: what is emitted continues them. */
  traces?: TracesBySubject;
}

const NOTHING: CorrelationEffects = { emitted: [], alerts: [] };

/**
 * The heart of the bridge. Inside the intake transaction it updates what new events touched, finds the
 * dossiers whose file may change, and recomputes each of them from every stored fact (the pure domain
 * functions do the deciding), so the result never depends on the order events arrived in.
 */
@Injectable()
export class CorrelationService {
  constructor(
    private readonly plans: FilePlans,
    @Inject(filingConfig.KEY) private readonly filing: ConfigType<typeof filingConfig>,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
  ) {}

  /** After intake stored new events, in the same transaction. */
  async afterIntake(
    uow: UnitOfWork,
    events: readonly StoredEvent[],
    now = new Date(),
    traces?: TracesBySubject,
  ): Promise<CorrelationEffects> {
    if (events.length === 0) return NOTHING;
    await uow.takeFilingLock();
    const dossiers = events.filter(isDossierEvent).map(subjectOf);
    const documents = events.filter(isDocumentEvent).map(subjectOf);
    const neighbours = await this.rederiveDocuments(uow, documents);
    return this.refile(uow, [...new Set([...dossiers, ...neighbours])], now, { traces });
  }

  /**
   * Saves what is known of these documents from their stored events; returns the dossiers whose file they
   * may join or leave: named by them, naming them, or holding a neighbour.
   */
  async rederiveDocuments(uow: UnitOfWork, documentIds: readonly string[]): Promise<string[]> {
    const touched = [...new Set(documentIds)];
    if (touched.length === 0) return [];
    await uow.takeFilingLock();
    const dirty = new Set<string>();
    const stored = await uow.inbox.eventsOf(touched.map(documentAggregate));
    const documents = touched.map((id) => documentFacts(id, stored.get(documentAggregate(id)) ?? []));
    await uow.documents.save(documents.map(documentUpdate));
    for (const d of documents) d.explicitDossiers.forEach((code) => dirty.add(code));
    const keys = documents.flatMap((d) => (d.matchKey ? [d.matchKey] : []));
    (await uow.dossiers.naming(keys)).forEach((c) => dirty.add(c));
    const edges = await uow.documents.replyEdges(touched);
    (await uow.dossiers.holding([...new Set([...touched, ...edges.flat()])])).forEach((c) => dirty.add(c));
    return [...dirty];
  }

  /** A stored deadline came due. */
  async onDeadline(
    uow: UnitOfWork,
    deadline: Pick<Deadline, 'dossierCode' | 'kind'>,
    now = new Date(),
  ): Promise<CorrelationEffects> {
    const code = deadline.dossierCode;
    if (isTransferDeadline(deadline.kind)) return this.onTransferDeadline(uow, code, deadline.kind, now);
    await uow.takeFilingLock();
    if (deadline.kind === 'grace') {
      await uow.dossiers.markGraceExpired(code);
      return this.refile(uow, [code], now, { graceExpired: new Set([code]) });
    }
    const [row] = (await uow.dossiers.lock([code])).values();
    const events = (await uow.inbox.eventsOf([dossierAggregate(code)])).get(dossierAggregate(code)) ?? [];
    const facts = dossierFacts(code, events);
    if (facts.terminal || !facts.received) return NOTHING;
    const stage = facts.resolved ? 'resolved but not returned' : 'still being processed';
    const alert = alertOf(
      'overdue',
      facts,
      row?.fileCode ?? null,
      `${stage} after its appointment date ${facts.received.dueAt}`,
    );
    return { emitted: [], alerts: await this.raise(uow, [alert], now) };
  }

  /** A transfer deadline came due: an alert, unless the archive took the file by then. */
  private async onTransferDeadline(
    uow: UnitOfWork,
    code: string,
    kind: TransferDeadlineKind,
    now: Date,
  ): Promise<CorrelationEffects> {
    const file = await uow.transfers.file(code);
    if (!file) return NOTHING;
    const attempts = await uow.transfers.attemptsOfFile(code);
    const alert = transferAlert(kind, transferFactsOf(file), attempts, now);
    if (!alert) return NOTHING;
    const raised = { ...alert, dossierCode: code, agencyCode: file.agencyCode, fileCode: file.fileCode };
    return { emitted: [], alerts: await this.raise(uow, [raised], now) };
  }

  /**
   * What reclassifying a dossier's file would do: from its heading to `target` (by default the heading
   * its plan gives its procedure now), and why it may not, if it may not.
   */
  async reclassification(
    uow: UnitOfWork,
    dossierCode: string,
    target: string | undefined,
  ): Promise<Reclassification> {
    await uow.takeFilingLock();
    const [row] = (await uow.dossiers.lock([dossierCode])).values();
    if (!row?.fileCode || row.emittedRevision === 0)
      return { dossierCode, fileCode: null, problem: 'its file has not been emitted yet' };
    const { organId, fileCatalog } = parseFileCode(row.fileCode);
    const plan = this.plans.planOf(organId, Number(fileCatalog));
    const from = fileHeading(plan, row.procedureCode ?? undefined, headingOfFileCode(row.fileCode));
    const heading = target ?? planHeadingFor(plan, row.procedureCode ?? undefined).heading;
    const chosen = headingNamed(plan, heading);
    return {
      dossierCode,
      fileCode: row.fileCode,
      from: headingSummary(from),
      to: chosen && headingSummary(chosen),
      problem: reclassificationProblem(plan, from.heading, heading, row.transferredAt),
    };
  }

  /**
   * Gives an emitted file a code under another heading of its plan (an operator's reclassification) and
   * files it again: the new revision carries the old code as an alias. The caller checked, in the same
   * transaction, that it may (`reclassification`, which also locked the dossier's row).
   */
  async reclassify(
    uow: UnitOfWork,
    { dossierCode, fileCode: current }: Reclassification,
    heading: string,
    now = new Date(),
  ): Promise<CorrelationEffects> {
    const { organId, fileCatalog } = parseFileCode(current!);
    const plan = this.plans.planOf(organId, Number(fileCatalog));
    const ordinal = await uow.dossiers.allocateFileNumbers(organId, fileCatalog, counterOf(plan, heading), 1);
    const fileCode = fileCodeOf({
      organId,
      fileCatalog,
      fileNotation: fileNotation(ordinal, heading, ordinalWidthOf(plan)),
    });
    await uow.dossiers.recode(dossierCode, fileCode);
    return this.refile(uow, [dossierCode], now);
  }

  /** Recomputes these dossiers from every stored fact and files what is due. */
  async refile(
    uow: UnitOfWork,
    codes: readonly string[],
    now: Date,
    flags: RefileFlags = {},
  ): Promise<CorrelationEffects> {
    if (codes.length === 0) return NOTHING;
    await uow.takeFilingLock();
    const rows = await uow.dossiers.lock(codes);
    const sorted = [...rows.keys()];
    const dossierEvents = await uow.inbox.eventsOf(sorted.map(dossierAggregate));
    const dossiers = sorted.map((code) =>
      dossierFacts(code, dossierEvents.get(dossierAggregate(code)) ?? []),
    );
    const candidates = await uow.documents.candidates(
      dossiers.map((d) => ({ code: d.dossierCode, namedKeys: d.namedKeys })),
    );
    const candidateIds = [...new Set([...candidates.values()].flatMap((c) => [...c.documents]))];
    const documentEvents = await uow.inbox.eventsOf(candidateIds.map(documentAggregate));
    const documents = new Map(
      candidateIds.map((id) => [id, documentFacts(id, documentEvents.get(documentAggregate(id)) ?? [])]),
    );
    const previous = await uow.efiles.previousRevisions([...rows.values()]);

    // 1. Decide, for each dossier, from its facts alone.
    const decisions = dossiers.map((dossier) => {
      const code = dossier.dossierCode;
      const row = rows.get(code)!;
      const candidate = candidates.get(code)!;
      return decideFiling(
        {
          dossier,
          documents: [...candidate.documents].map((id) => documents.get(id)!),
          confirmed: candidate.confirmed,
          fileCode: row.fileCode,
          emittedRevision: row.emittedRevision,
          graceExpired: row.graceExpired,
          previous: previous.get(code),
        },
        {
          planOf: (agency, year) => this.plans.planOf(agency, year),
          gracePeriodMs: this.filing.gracePeriodMs,
          now,
          graceExpiredNow: flags.graceExpired?.has(code),
          forced: flags.forced?.has(code),
          drawSlip: processingSlipDigest,
        },
      );
    });
    const alerts: NewAlert[] = decisions.flatMap((d) => d.alerts);

    // 2. File numbers for dossiers filed for the first time: one block per counter, in dossier-code order.
    const firstTime = new Map<string, FilingDecision[]>();
    for (const d of decisions.filter((x) => x.filing && !x.snapshot.fileCode)) {
      const key = JSON.stringify([d.snapshot.dossier.agencyCode, d.filing!.year, d.filing!.counter]);
      firstTime.set(key, [...(firstTime.get(key) ?? []), d]);
    }
    for (const [key, group] of firstTime) {
      const [agency, year, counter] = JSON.parse(key) as [string, number, string];
      const first = await uow.dossiers.allocateFileNumbers(agency, String(year), counter, group.length);
      group.forEach(
        (d, i) => (rows.get(d.snapshot.dossier.dossierCode)!.fileCode = newFileCode(d, first + i)),
      );
    }

    // 3. Assemble, and emit what changed.
    const emitted: EFileAssembled[] = [];
    for (const d of decisions) {
      const row = rows.get(d.snapshot.dossier.dossierCode)!;
      if (!d.filing) continue;
      const { revision, alerts: raised } = fileRevision(d, row.fileCode!);
      alerts.push(...raised);
      if (!revision) continue;
      emitted.push(revision);
      Object.assign(row, {
        emittedRevision: revision.revision,
        contentHash: revision.contentHash,
        emittedAt: now,
        classified: d.filing.heading.classified,
      });
    }
    // Each emitted file's transfer to the archive falls due from its end date and retention, and, once the
    // archive took it, the historical deadline from that year: only a handed-over file has packages to read.
    const handedOver = emitted
      .map((e) => e.dossier.dossierCode)
      .filter((code) => rows.get(code)!.transferredAt !== null);
    const packages = await uow.transfers.attemptsOf(handedOver);
    const deadlines = [
      ...decisions.flatMap((d) => d.deadlines),
      ...emitted
        .map(fileTransferFacts)
        .flatMap((f) =>
          transferDeadlines(
            f.dossierCode,
            f,
            acceptedYear((packages.get(f.dossierCode) ?? []).map(attemptOf)),
          ),
        ),
    ];

    // 4. Write it all: a few statements, whatever the number of dossiers.
    await uow.dossiers.save(
      decisions.map(({ snapshot: { dossier }, members, state }) =>
        dossierUpdate(dossier, rows.get(dossier.dossierCode)!, members, state),
      ),
    );
    await uow.efiles.add(
      emitted.map((e) => ({
        fileCode: e.fileCode,
        revision: e.revision,
        dossierCode: e.dossier.dossierCode,
        contentHash: e.contentHash,
        completedBy: e.completedBy,
        body: JSON.stringify(e),
      })),
    );
    const traceOf = (e: EFileAssembled) =>
      traceOfSubjects(flags.traces, [e.dossier.dossierCode, ...e.documents.map((d) => d.sourceId)]);
    await uow.outbox.add(
      emitted.map((e) => efileMessage(this.kafka.topics.efileAssembled, e, now, traceOf(e))),
    );
    await uow.transfers.note(emitted.map(fileTransferFacts));
    await uow.deadlines.schedule(deadlines);
    return { emitted, alerts: await this.raise(uow, alerts, now, flags.traces) };
  }

  /** Raises each alert once (per kind and dossier) and queues its message; returns those raised now. */
  async raise(
    uow: UnitOfWork,
    alerts: readonly NewAlert[],
    now: Date,
    traces?: TracesBySubject,
  ): Promise<EFileAlert[]> {
    const raisedAt = formatVnDateTime(now.getTime());
    const raised = (await uow.efiles.raiseAlerts(alerts)).map((a) => ({
      ...a,
      kind: a.kind as AlertKind,
      raisedAt,
    }));
    await uow.outbox.add(
      raised.map((a) =>
        alertMessage(this.kafka.topics.efileAlerts, a, traceOfSubjects(traces, [a.dossierCode])),
      ),
    );
    return raised;
  }
}

function dossierUpdate(
  dossier: DossierFacts,
  row: DossierRecord,
  members: readonly Member[],
  state: Completion,
): DossierUpdate {
  const profile = suggestionProfile(dossier);
  const { updatedAt: _updatedAt, ...kept } = row;
  return {
    ...kept,
    agencyCode: dossier.agencyCode || null,
    agencyName: dossier.received?.agencyName ?? null,
    procedureCode: dossier.procedure?.code ?? null,
    status: statusOf(dossier),
    receivedAt: toDate(dossier.received?.receivedAt),
    dueAt: toDate(dossier.received?.dueAt),
    terminalAt: toDate(dossier.terminal?.at),
    onTime: onTime(dossier),
    applicantKey: profile?.applicantKey ?? null,
    suggestFrom: profile?.from ?? null,
    suggestUntil: profile?.until ?? null,
    missingNamed: state.missingNamed.length,
    namedKeys: dossier.namedKeys,
    members: members.map((m) => ({ documentId: m.document.documentId, rule: m.rule })),
  };
}

function documentUpdate(d: DocumentFacts): DocumentUpdate {
  const base = d.base?.data;
  return {
    documentId: d.documentId,
    agencyCode: d.agencyCode || null,
    matchKey: d.matchKey ?? null,
    issuedDate: base?.issuedDate ?? null,
    subjectKey: base ? fold(base.subject).slice(0, 600) : null,
    hasBase: base !== undefined,
    revoked: d.revoked !== undefined,
    direction: d.base ? (d.base.kind === 'issued' ? 'outgoing' : 'incoming') : null,
    creatorId: base?.createdBy.officialId ?? null,
    explicitDossiers: d.explicitDossiers,
    inReplyTo: d.inReplyTo,
  };
}

const toDate = (iso: string | undefined) => (iso === undefined ? null : new Date(iso));
