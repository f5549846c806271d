import { filingConfig, kafkaConfig } from '@hoso/config';
import { type AlertKind, type EFileAlert, type EFileAssembled, formatVnDateTime } from '@hoso/contracts';
import {
  aliasesAfter,
  assemble,
  classificationProblem,
  type Completion,
  completion,
  correlate,
  counterOf,
  documentFacts,
  type DocumentFacts,
  dossierFacts,
  type DossierFacts,
  emissionTrigger,
  fileCodeOf,
  fileHeading,
  filingYear,
  headingNamed,
  headingSummary,
  fileNotation,
  fold,
  headingOfFileCode,
  type Member,
  nextRevision,
  onTime,
  ordinalWidthOf,
  parseFileCode,
  planHeadingFor,
  type Reclassification,
  reclassificationProblem,
  type StoredEvent,
  suggestionProfile,
  whatIsMissing,
} from '@hoso/domain';
import {
  type Deadline,
  type DocumentUpdate,
  type DossierRecord,
  type DossierUpdate,
  type NewAlert,
  type UnitOfWork,
} from '@hoso/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { FilePlans } from './file-plans';
import { alertMessage, efileMessage } from './outgoing';

export const dossierAggregate = (code: string) => `dossier:${code}`;
export const documentAggregate = (id: string) => `document:${id}`;

/** The aggregate an event is about: its dossier, or its document. */
export function aggregateOf(type: string, data: object): string {
  return type.startsWith('vn.motcua.')
    ? dossierAggregate((data as { dossierCode: string }).dossierCode)
    : documentAggregate((data as { documentId: string }).documentId);
}

export interface CorrelationEffects {
  emitted: EFileAssembled[];
  alerts: EFileAlert[];
}

interface RefileFlags {
  graceExpired?: ReadonlySet<string>;
  forced?: ReadonlySet<string>;
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
  ): Promise<CorrelationEffects> {
    if (events.length === 0) return NOTHING;
    await uow.correlation.serialize();
    const dossiers = events
      .filter((e) => e.type.startsWith('vn.motcua.'))
      .map((e) => (e.data as { dossierCode: string }).dossierCode);
    const documents = events
      .filter((e) => e.type.startsWith('vn.qlvb.'))
      .map((e) => (e.data as { documentId: string }).documentId);
    const neighbours = await this.rederiveDocuments(uow, documents);
    return this.refile(uow, [...new Set([...dossiers, ...neighbours])], now);
  }

  /**
   * Saves what is known of these documents from their stored events; returns the dossiers whose file they
   * may join or leave: named by them, naming them, or holding a neighbour.
   */
  async rederiveDocuments(uow: UnitOfWork, documentIds: readonly string[]): Promise<string[]> {
    const touched = [...new Set(documentIds)];
    if (touched.length === 0) return [];
    const records = uow.correlation;
    await records.serialize();
    const dirty = new Set<string>();
    const stored = await records.eventsOf(touched.map(documentAggregate));
    const documents = touched.map((id) => documentFacts(id, stored.get(documentAggregate(id)) ?? []));
    await records.saveDocuments(documents.map(documentUpdate));
    for (const d of documents) d.explicitDossiers.forEach((code) => dirty.add(code));
    const keys = documents.flatMap((d) => (d.matchKey ? [d.matchKey] : []));
    (await records.dossiersNaming(keys)).forEach((c) => dirty.add(c));
    const edges = await records.replyEdges(touched);
    (await records.dossiersHolding([...new Set([...touched, ...edges.flat()])])).forEach((c) => dirty.add(c));
    return [...dirty];
  }

  /** A stored deadline came due. */
  async onDeadline(
    uow: UnitOfWork,
    deadline: Pick<Deadline, 'dossierCode' | 'kind'>,
    now = new Date(),
  ): Promise<CorrelationEffects> {
    const code = deadline.dossierCode;
    await uow.correlation.serialize();
    if (deadline.kind === 'grace') {
      await uow.correlation.markGraceExpired(code);
      return this.refile(uow, [code], now, { graceExpired: new Set([code]) });
    }
    const [row] = (await uow.correlation.lockDossiers([code])).values();
    const events =
      (await uow.correlation.eventsOf([dossierAggregate(code)])).get(dossierAggregate(code)) ?? [];
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

  /**
   * What reclassifying a dossier's file would do: from its heading to `target` (by default the heading
   * its plan gives its procedure now), and why it may not, if it may not.
   */
  async reclassification(
    uow: UnitOfWork,
    dossierCode: string,
    target: string | undefined,
  ): Promise<Reclassification> {
    await uow.correlation.serialize();
    const [row] = (await uow.correlation.lockDossiers([dossierCode])).values();
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
    const ordinal = await uow.correlation.allocateFileNumbers(
      organId,
      fileCatalog,
      counterOf(plan, heading),
      1,
    );
    const fileCode = fileCodeOf({
      organId,
      fileCatalog,
      fileNotation: fileNotation(ordinal, heading, ordinalWidthOf(plan)),
    });
    await uow.correlation.recodeDossier(dossierCode, fileCode);
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
    const records = uow.correlation;
    await records.serialize();
    const rows = await records.lockDossiers(codes);
    const sorted = [...rows.keys()];
    const dossierEvents = await records.eventsOf(sorted.map(dossierAggregate));
    const dossiers = sorted.map((code) =>
      dossierFacts(code, dossierEvents.get(dossierAggregate(code)) ?? []),
    );
    const candidates = await records.candidates(
      dossiers.map((d) => ({ code: d.dossierCode, namedKeys: d.namedKeys })),
    );
    const candidateIds = [...new Set([...candidates.values()].flatMap((c) => [...c.documents]))];
    const documentEvents = await records.eventsOf(candidateIds.map(documentAggregate));
    const documents = new Map(
      candidateIds.map((id) => [id, documentFacts(id, documentEvents.get(documentAggregate(id)) ?? [])]),
    );
    const previous = await records.previousRevisions([...rows.values()]);

    // 1. Decide, for each dossier, from its facts alone.
    const deadlines: Array<{ dossierCode: string; kind: 'grace' | 'overdue'; dueAt: Date }> = [];
    const alerts: NewAlert[] = [];
    const decided = dossiers.map((dossier) => {
      const code = dossier.dossierCode;
      const row = rows.get(code)!;
      const candidate = candidates.get(code)!;
      const members = correlate(
        dossier,
        [...candidate.documents].map((id) => documents.get(id)!),
        candidate.confirmed,
      );
      const state = completion(dossier, members);
      if (dossier.received && !dossier.terminal) {
        deadlines.push({ dossierCode: code, kind: 'overdue', dueAt: new Date(dossier.received.dueAt) });
      }
      if (dossier.terminal && !state.complete && row.emittedRevision === 0 && !row.graceExpired) {
        deadlines.push({
          dossierCode: code,
          kind: 'grace',
          dueAt: new Date(now.getTime() + this.filing.gracePeriodMs),
        });
      }
      const year = row.fileCode ? Number(parseFileCode(row.fileCode).fileCatalog) : filingYear(dossier);
      // A dossier only documents have named so far has no agency or year yet, and nothing to file.
      const filePlan =
        dossier.agencyCode && year !== undefined ? this.plans.planOf(dossier.agencyCode, year) : undefined;
      const plan =
        filePlan &&
        fileHeading(
          filePlan,
          dossier.procedure?.code,
          row.fileCode ? headingOfFileCode(row.fileCode) : undefined,
        );
      const trigger = emissionTrigger(dossier, state, row.emittedRevision > 0, {
        graceExpired: row.graceExpired || (flags.graceExpired?.has(code) ?? false),
        forced: flags.forced?.has(code) ?? false,
      });
      const problem =
        filePlan && plan && classificationProblem(filePlan, plan, dossier.procedure, trigger !== undefined);
      if (problem) alerts.push(alertOf('needs_classification', dossier, row.fileCode, problem));
      return { dossier, row, members, state, year, filePlan, plan, trigger: plan && trigger };
    });

    // 2. File numbers for dossiers filed for the first time: one block per counter, in dossier-code order.
    const firstTime = new Map<string, typeof decided>();
    for (const d of decided.filter((x) => x.trigger && !x.row.fileCode)) {
      const key = `${d.dossier.agencyCode}|${d.year}|${counterOf(d.filePlan!, d.plan!.heading)}`;
      firstTime.set(key, [...(firstTime.get(key) ?? []), d]);
    }
    for (const group of firstTime.values()) {
      const { dossier, year, filePlan, plan } = group[0]!;
      const first = await records.allocateFileNumbers(
        dossier.agencyCode,
        String(year),
        counterOf(filePlan!, plan!.heading),
        group.length,
      );
      group.forEach((d, i) => {
        d.row.fileCode = fileCodeOf({
          organId: dossier.agencyCode,
          fileCatalog: String(year),
          fileNotation: fileNotation(first + i, d.plan!.heading, ordinalWidthOf(filePlan!)),
        });
      });
    }

    // 3. Assemble, and emit what changed.
    const emitted: EFileAssembled[] = [];
    for (const { dossier, row, members, state, plan, trigger } of decided) {
      if (!trigger || !plan) continue;
      const before = previous.get(dossier.dossierCode);
      const assembly = assemble({
        dossier,
        members,
        plan,
        file: parseFileCode(row.fileCode!),
        aliases: aliasesAfter(before, row.fileCode!),
      });
      const revision = nextRevision(assembly, before, trigger);
      if (!revision) continue;
      emitted.push(revision);
      Object.assign(row, {
        emittedRevision: revision.revision,
        contentHash: revision.contentHash,
        emittedAt: now,
        classified: plan.classified,
      });
      if (trigger.kind === 'grace_expired') {
        const missing = whatIsMissing(state).join('; ');
        if (missing)
          alerts.push(
            alertOf('unmatched', dossier, revision.fileCode, `filed after the grace period; ${missing}`),
          );
      }
    }

    // 4. Write it all: a few statements, whatever the number of dossiers.
    await records.saveDossiers(
      decided.map(({ dossier, row, members, state }) => dossierUpdate(dossier, row, members, state)),
    );
    await records.addEFiles(
      emitted.map((e) => ({
        fileCode: e.fileCode,
        revision: e.revision,
        dossierCode: e.dossier.dossierCode,
        contentHash: e.contentHash,
        completedBy: e.completedBy,
        body: JSON.stringify(e),
      })),
    );
    await uow.outbox.add(emitted.map((e) => efileMessage(this.kafka.topics.efileAssembled, e, now)));
    await records.schedule(deadlines);
    return { emitted, alerts: await this.raise(uow, alerts, now) };
  }

  /** Raises each alert once (per kind and dossier) and queues its message; returns those raised now. */
  private async raise(uow: UnitOfWork, alerts: readonly NewAlert[], now: Date): Promise<EFileAlert[]> {
    const raisedAt = formatVnDateTime(now.getTime());
    const raised = (await uow.correlation.raiseAlerts(alerts)).map((a) => ({
      ...a,
      kind: a.kind as AlertKind,
      raisedAt,
    }));
    await uow.outbox.add(raised.map((a) => alertMessage(this.kafka.topics.efileAlerts, a)));
    return raised;
  }
}

function alertOf(kind: AlertKind, dossier: DossierFacts, fileCode: string | null, detail: string): NewAlert {
  return { kind, dossierCode: dossier.dossierCode, agencyCode: dossier.agencyCode || null, fileCode, detail };
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

/** Where the dossier stands, for lists and statistics. */
function statusOf(d: DossierFacts): string {
  if (d.terminal) return d.terminal.kind;
  if (d.resolved) return 'resolved';
  if (d.transfers.length > 0 || d.supplementRequests.length > 0) return 'processing';
  return d.received ? 'received' : 'unknown';
}

const toDate = (iso: string | undefined) => (iso === undefined ? null : new Date(iso));
