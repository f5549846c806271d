import { filingConfig, kafkaConfig } from '@hoso/config';
import { type AlertKind, type EFileAlert, type EFileAssembled, formatVnDateTime } from '@hoso/contracts';
import {
  assemble,
  completion,
  correlate,
  documentFacts,
  type DocumentFacts,
  dossierFacts,
  type DossierFacts,
  emissionTrigger,
  type FileCodeParts,
  fileCodeOf,
  fileNotation,
  fits,
  fold,
  nextRevision,
  onTime,
  parseFileCode,
  type StoredEvent,
  suggestionProfile,
  suggestionTarget,
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
    const records = uow.correlation;
    const dirty = new Set<string>();
    for (const e of events)
      if (e.type.startsWith('vn.motcua.')) dirty.add((e.data as { dossierCode: string }).dossierCode);

    const touched = [
      ...new Set(
        events
          .filter((e) => e.type.startsWith('vn.qlvb.'))
          .map((e) => (e.data as { documentId: string }).documentId),
      ),
    ];
    let documents: DocumentFacts[] = [];
    if (touched.length > 0) {
      const stored = await records.eventsOf(touched.map(documentAggregate));
      documents = touched.map((id) => documentFacts(id, stored.get(documentAggregate(id)) ?? []));
      await records.saveDocuments(documents.map(documentUpdate));
      // The dossiers a changed document may join or leave: named by it, naming it, or holding a neighbour.
      for (const d of documents) d.explicitDossiers.forEach((code) => dirty.add(code));
      (await records.dossiersNaming(documents.flatMap((d) => (d.matchKey ? [d.matchKey] : [])))).forEach(
        (c) => dirty.add(c),
      );
      const edges = await records.replyEdges(touched);
      (await records.dossiersHolding([...new Set([...touched, ...edges.flat()])])).forEach((c) =>
        dirty.add(c),
      );
    }

    const effects = await this.refile(uow, [...dirty], now);
    await this.suggestForUnlinked(uow, documents);
    return effects;
  }

  /** A stored deadline came due. */
  async onDeadline(
    uow: UnitOfWork,
    deadline: Pick<Deadline, 'dossierCode' | 'kind'>,
    now = new Date(),
  ): Promise<CorrelationEffects> {
    if (deadline.kind === 'grace') {
      await uow.correlation.markGraceExpired(deadline.dossierCode);
      return this.refile(uow, [deadline.dossierCode], now, { graceExpired: new Set([deadline.dossierCode]) });
    }
    const [row] = (await uow.correlation.lockDossiers([deadline.dossierCode])).values();
    const facts = dossierFacts(
      deadline.dossierCode,
      (await uow.correlation.eventsOf([dossierAggregate(deadline.dossierCode)])).get(
        dossierAggregate(deadline.dossierCode),
      ) ?? [],
    );
    if (facts.terminal || !facts.received) return { emitted: [], alerts: [] };
    const stage = facts.resolved ? 'resolved but not returned' : 'still being processed';
    const alert = alertOf(
      'overdue',
      facts,
      row?.fileCode ?? null,
      `${stage} after its appointment date ${facts.received.dueAt}`,
    );
    return { emitted: [], alerts: await this.raise(uow, [alert], now) };
  }

  /** Recomputes these dossiers from every stored fact and files what is due. */
  async refile(
    uow: UnitOfWork,
    codes: readonly string[],
    now: Date,
    flags: RefileFlags = {},
  ): Promise<CorrelationEffects> {
    if (codes.length === 0) return { emitted: [], alerts: [] };
    const records = uow.correlation;
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

    const updates: DossierUpdate[] = [];
    const deadlines: Array<{ dossierCode: string; kind: 'grace' | 'overdue'; dueAt: Date }> = [];
    const alerts: NewAlert[] = [];
    const emitted: EFileAssembled[] = [];
    for (const dossier of dossiers) {
      const code = dossier.dossierCode;
      const row = rows.get(code)!;
      const candidate = candidates.get(code)!;
      const members = correlate(
        dossier,
        [...candidate.documents].map((id) => documents.get(id)!),
        candidate.confirmed,
      );
      const state = completion(dossier, members);
      const profile = suggestionProfile(dossier);
      updates.push({
        dossierCode: code,
        agencyCode: dossier.agencyCode || null,
        procedureCode: dossier.received?.procedure.code ?? null,
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
      });
      if (dossier.received && !dossier.terminal)
        deadlines.push({ dossierCode: code, kind: 'overdue', dueAt: new Date(dossier.received.dueAt) });
      if (dossier.terminal && !state.complete && row.emittedRevision === 0 && !row.graceExpired) {
        deadlines.push({
          dossierCode: code,
          kind: 'grace',
          dueAt: new Date(now.getTime() + this.filing.gracePeriodMs),
        });
      }

      const year = Number(
        (dossier.received?.receivedAt ?? dossier.events[0]?.time ?? now.toISOString()).slice(0, 4),
      );
      const plan = dossier.agencyCode
        ? this.plans.choose(dossier.agencyCode, year, dossier.received?.procedure.code)
        : undefined;
      if (plan && dossier.received && !plan.classified) {
        const { code: procedure, name } = dossier.received.procedure;
        alerts.push(
          alertOf(
            'needs_classification',
            dossier,
            row.fileCode,
            `procedure ${procedure} (${name}) has no heading in the ${year} file plan; filed under ${plan.heading}`,
          ),
        );
      }
      if (profile && row.applicantKey === null) await this.suggestForDossier(uow, code, profile);

      const trigger = emissionTrigger(dossier, state, row.emittedRevision > 0, {
        graceExpired: row.graceExpired || (flags.graceExpired?.has(code) ?? false),
        forced: flags.forced?.has(code) ?? false,
      });
      if (!trigger || !plan) continue;
      const file = row.fileCode
        ? parseFileCode(row.fileCode)
        : await this.allocate(uow, row, dossier.agencyCode, year, plan.heading, plan.classified);
      const revision = nextRevision(assemble({ dossier, members, plan, file }), previous.get(code), trigger);
      if (!revision) continue;
      await records.addEFile({
        fileCode: revision.fileCode,
        revision: revision.revision,
        dossierCode: code,
        contentHash: revision.contentHash,
        completedBy: revision.completedBy,
        body: JSON.stringify(revision),
      });
      await uow.outbox.add([efileMessage(this.kafka.topics.efileAssembled, revision, now)]);
      emitted.push(revision);
      if (trigger.kind === 'grace_expired') {
        alerts.push(
          alertOf(
            'unmatched',
            dossier,
            revision.fileCode,
            `filed after the grace period without ${state.missingNamed.length} named result document(s): ${state.missingNamed.join('; ')}`,
          ),
        );
      }
    }
    await records.saveDossiers(updates);
    await records.schedule(deadlines);
    return { emitted, alerts: await this.raise(uow, alerts, now) };
  }

  private async allocate(
    uow: UnitOfWork,
    row: DossierRecord,
    organId: string,
    year: number,
    heading: string,
    classified: boolean,
  ): Promise<FileCodeParts> {
    const number = await uow.correlation.allocateFileNumber(organId, String(year), heading);
    const parts = { organId, fileCatalog: String(year), fileNotation: fileNotation(heading, number) };
    await uow.correlation.assignFile(row.dossierCode, fileCodeOf(parts), classified);
    row.fileCode = fileCodeOf(parts);
    return parts;
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

  /** Rule 4 for a dossier seen with its applicant for the first time: unlinked documents that name them. */
  private async suggestForDossier(
    uow: UnitOfWork,
    dossierCode: string,
    profile: NonNullable<ReturnType<typeof suggestionProfile>>,
  ): Promise<void> {
    const documents = await uow.correlation.unlinkedDocuments(
      profile.agencyCode,
      profile.from,
      profile.until,
    );
    const fitting = documents.filter((d) =>
      fits(profile, { agencyCode: profile.agencyCode, subjectKey: d.subjectKey, issuedDate: d.issuedDate }),
    );
    await uow.correlation.addSuggestions(fitting.map((d) => ({ dossierCode, documentId: d.documentId })));
  }

  /** Rule 4 for documents that joined no file: dossiers of their agency whose applicant they name. */
  private async suggestForUnlinked(uow: UnitOfWork, documents: readonly DocumentFacts[]): Promise<void> {
    const withBase = documents.filter((d) => d.base);
    if (withBase.length === 0) return;
    const linked = new Set(await uow.correlation.linkedDocuments(withBase.map((d) => d.documentId)));
    for (const document of withBase.filter((d) => !linked.has(d.documentId))) {
      const target = suggestionTarget(document)!;
      const dossiers = await uow.correlation.dossiersInWindow(target.agencyCode, target.issuedDate);
      const fitting = dossiers.filter(
        (d) =>
          d.applicantKey &&
          fits(
            {
              agencyCode: d.agencyCode!,
              applicantKey: d.applicantKey,
              from: d.suggestFrom!,
              until: d.suggestUntil!,
            },
            target,
          ),
      );
      await uow.correlation.addSuggestions(
        fitting.map((d) => ({ dossierCode: d.dossierCode, documentId: document.documentId })),
      );
    }
  }
}

function alertOf(kind: AlertKind, dossier: DossierFacts, fileCode: string | null, detail: string): NewAlert {
  return { kind, dossierCode: dossier.dossierCode, agencyCode: dossier.agencyCode || null, fileCode, detail };
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
