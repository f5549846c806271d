import { kafkaConfig } from '@hoso/config';
import {
  agencyScope,
  type EFileAssembled,
  type Principal,
  seesAgency,
  type FilingOutcome,
  type Reclassification,
  type ReclassifyResult,
  type RedriveReport,
  type RedriveResult,
  type ReemitReport,
} from '@hoso/contracts';
import {
  type ConsumedMessage,
  decodeHeaders,
  efileMessage,
  headerText,
  judge,
  OutboxRelay,
} from '@hoso/messaging';
import {
  AlertRecord,
  Deadline,
  DossierRecord,
  LinkSuggestion,
  OperationsRecords,
  Transactions,
  type UnitOfWork,
} from '@hoso/persistence';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { type EntityManager } from 'typeorm';
import { FilingCommitted } from '../correlation/filing-committed';
import { type CorrelationEffects, CorrelationService } from '../correlation/correlation.service';
import { ownAgency, visibleTo } from '../http';
import { ArchiveReceipts } from '../archive/archive-receipts';
import { EdxmlFeed } from '../edxml/edxml-feed';
import { IntakeService } from '../intake/intake.service';

export interface EFileSelection {
  fileCodes?: string[];
  agency?: string;
  from?: Date;
  to?: Date;
  allRevisions?: boolean;
}

/**
 * What an operator may do, each in its own transaction and through the same correlation code as intake:
 * decide a suggestion, force or reopen a dossier, redrive dead letters, re-emit stored e-files.
 */
@Injectable()
export class AdminActions {
  constructor(
    private readonly transactions: Transactions,
    private readonly correlation: CorrelationService,
    private readonly intake: IntakeService,
    private readonly records: OperationsRecords,
    private readonly relay: OutboxRelay,
    private readonly committed: FilingCommitted,
    private readonly edxml: EdxmlFeed,
    private readonly receipts: ArchiveReceipts,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
  ) {}

  /** Confirms (the document joins the file by rule 4) or rejects a pending suggestion. */
  async decideSuggestion(
    dossierCode: string,
    documentId: string,
    decision: 'confirmed' | 'rejected',
    caller: Principal,
  ): Promise<FilingOutcome> {
    const by = caller.name;
    return this.filing(dossierCode, async (uow, now) => {
      await this.existing(uow.manager, dossierCode, caller);
      const suggestion = await uow.manager.findOneBy(LinkSuggestion, { dossierCode, documentId });
      if (!suggestion) throw new NotFoundException(`No suggestion links ${documentId} to ${dossierCode}`);
      if (suggestion.status !== 'pending')
        throw new ConflictException(
          `The suggestion was already ${suggestion.status} by ${suggestion.decidedBy}`,
        );
      await uow.manager.update(
        LinkSuggestion,
        { dossierCode, documentId },
        { status: decision, decidedAt: now, decidedBy: by },
      );
      return this.correlation.refile(uow, [dossierCode], now);
    });
  }

  /** Files the dossier now with what is there (completedBy: forced), whatever it still waits for. */
  async forceComplete(dossierCode: string, caller: Principal): Promise<FilingOutcome> {
    return this.filing(dossierCode, async (uow, now) => {
      await this.existing(uow.manager, dossierCode, caller);
      return this.correlation.refile(uow, [dossierCode], now, { forced: new Set([dossierCode]) });
    });
  }

  /**
   * Takes back a grace period's expiry: a dossier not filed yet waits a new grace period for the result
   * documents it named, and its `unmatched` alert may be raised again. Emitted revisions stay, and a file
   * already emitted keeps taking late documents as new revisions.
   */
  async reopen(dossierCode: string, caller: Principal): Promise<FilingOutcome> {
    return this.filing(dossierCode, async (uow, now) => {
      await this.existing(uow.manager, dossierCode, caller);
      await uow.manager.update(DossierRecord, { dossierCode }, { graceExpired: false });
      await uow.manager.delete(Deadline, { dossierCode, kind: 'grace' });
      await uow.manager.delete(AlertRecord, { dossierCode, kind: 'unmatched' });
      return this.correlation.refile(uow, [dossierCode], now);
    });
  }

  /**
   * Moves a file to another heading of its plan before it is transferred (by default the heading its
   * procedure has now): a new code, the old one kept as an alias. A dry run only says what would change.
   */
  async reclassify(
    fileCode: string,
    options: { heading?: string; dryRun: boolean },
    caller: Principal,
  ): Promise<ReclassifyResult> {
    const dossierCode = await this.records.dossierOfFileCode(fileCode);
    if (!dossierCode) throw new NotFoundException(`No e-file ${fileCode}`);
    const check = async (uow: UnitOfWork) => {
      await this.existing(uow.manager, dossierCode, caller).catch(() => {
        throw new NotFoundException(`No e-file ${fileCode}`);
      });
      const plan = await this.correlation.reclassification(uow, dossierCode, options.heading);
      if (plan.problem)
        throw new ConflictException(`${plan.fileCode ?? fileCode} cannot be reclassified: ${plan.problem}`);
      return plan;
    };
    if (options.dryRun) return { dryRun: true, ...(await this.transactions.run(check)) };
    let plan!: Reclassification;
    const outcome = await this.filing(dossierCode, async (uow, now) => {
      plan = await check(uow);
      return this.correlation.reclassify(uow, plan, plan.to!.heading, now);
    });
    return { dryRun: false, ...plan, ...outcome };
  }

  /**
   * Re-submits dead letters through intake, as stored or with a corrected value (a structured CloudEvent, or
   * for an edXML message a corrected envelope); an edXML message goes through the edXML feed again. A dry
   * run only judges them.
   */
  async redrive(
    ids: readonly string[],
    options: { dryRun: boolean; caller: Principal; correctedValue?: string },
  ): Promise<RedriveReport> {
    const letters = (await this.records.deadLettersByIds(ids)).filter((l) =>
      seesAgency(options.caller, l.agencyCode),
    );
    const missing = ids.filter((id) => !letters.some((l) => l.id === id));
    if (missing.length > 0) throw new NotFoundException(`No dead letter ${missing.join(', ')}`);
    const results: RedriveResult[] = [];
    for (const letter of letters) {
      if (letter.redrivenAt) {
        results.push({ id: letter.id, outcome: 'already_redriven' });
        continue;
      }
      const message: ConsumedMessage = {
        topic: letter.sourceTopic,
        partition: letter.sourcePartition,
        offset: letter.sourceOffset,
        key: letter.kafkaKey,
        value: options.correctedValue === undefined ? letter.kafkaValue : Buffer.from(options.correctedValue),
        headers:
          options.correctedValue === undefined
            ? decodeHeaders(letter.kafkaHeaders)
            : letter.sourceTopic === this.kafka.topics.edxmlMessages
              ? {}
              : { 'content-type': 'application/cloudevents+json; charset=utf-8' },
        timestamp: String(letter.kafkaTimestamp?.getTime() ?? Date.now()),
      };
      if (message.topic === this.kafka.topics.edxmlMessages) {
        results.push(await this.redriveEdxml(letter.id, message, options));
        continue;
      }
      if (message.topic === this.kafka.topics.archiveReceipts) {
        results.push(await this.redriveReceipt(letter.id, message, options));
        continue;
      }
      const verdict = judge(message, this.kafka.topics);
      if (!verdict.ok) {
        results.push({
          id: letter.id,
          outcome: 'rejected',
          reason: verdict.reason,
          message: verdict.message,
        });
        continue;
      }
      if (options.dryRun) {
        results.push({ id: letter.id, outcome: 'would_accept' });
        continue;
      }
      const counts = await this.intake.handle({
        topic: message.topic,
        partition: message.partition,
        messages: [message],
      });
      await this.records.markRedriven(letter.id, options.caller.name);
      results.push({ id: letter.id, outcome: counts.accepted > 0 ? 'accepted' : 'duplicate' });
    }
    return { dryRun: options.dryRun, results };
  }

  /**
   * An edXML dead letter through the edXML feed again: its events go out, or it stays a dead letter. A dry
   * run only checks it; a real one checks it once, as the feed takes it.
   */
  private async redriveEdxml(
    id: string,
    message: ConsumedMessage,
    options: { dryRun: boolean; caller: Principal },
  ): Promise<RedriveResult> {
    const [adapted] = options.dryRun
      ? [
          await this.edxml.check(
            message.value ?? Buffer.alloc(0),
            headerText(message.headers, 'content-type'),
          ),
        ]
      : await this.edxml.handle({ topic: message.topic, partition: message.partition, messages: [message] });
    if (!adapted!.ok) return { id, outcome: 'rejected', reason: adapted!.reason, message: adapted!.message };
    if (options.dryRun) return { id, outcome: 'would_accept' };
    await this.records.markRedriven(id, options.caller.name);
    return { id, outcome: 'accepted' };
  }

  /**
   * An archive's answer through the receipts again: once its package is known (an answer that came before
   * the export was recorded, say) it is recorded; otherwise it stays a dead letter.
   */
  private async redriveReceipt(
    id: string,
    message: ConsumedMessage,
    options: { dryRun: boolean; caller: Principal },
  ): Promise<RedriveResult> {
    const read = this.receipts.read(message);
    if (!read.ok) return { id, outcome: 'rejected', reason: read.reason, message: read.message };
    if (options.dryRun) return { id, outcome: 'would_accept' };
    // Refused again, it is not dead-lettered twice (the same coordinates); it stays, not marked redriven.
    const [outcome] = await this.receipts.handle({
      topic: message.topic,
      partition: message.partition,
      messages: [message],
    });
    if (outcome!.kind === 'dead_lettered')
      return { id, outcome: 'rejected', reason: outcome!.reason, message: outcome!.message };
    await this.records.markRedriven(id, options.caller.name);
    return { id, outcome: outcome!.kind === 'duplicate' ? 'duplicate' : 'accepted' };
  }

  /**
   * Publishes stored e-files again (the last revision of each, or all of them in order), with the ids they
   * had: for a consumer that lost them. A dry run only counts them.
   */
  async reemit(selection: EFileSelection, dryRun: boolean, caller: Principal): Promise<ReemitReport> {
    const agency = selection.agency === undefined ? undefined : ownAgency(caller, selection.agency);
    const latest = await this.records.latestEFiles({ ...selection, agency, within: agencyScope(caller) });
    const rows = selection.allRevisions
      ? await this.records.allRevisions(latest.map((e) => e.dossierCode))
      : latest;
    if (!dryRun && rows.length > 0) {
      const now = new Date();
      await this.transactions.run((uow) =>
        uow.outbox.add(
          rows.map((r) =>
            efileMessage(this.kafka.topics.efileAssembled, JSON.parse(r.body) as EFileAssembled, now),
          ),
        ),
      );
      this.relay.kick();
    }
    return {
      dryRun,
      files: latest.length,
      messages: rows.length,
      ids: rows.slice(0, 1000).map((r) => `${r.fileCode}#${r.revision}`),
    };
  }

  /** The dossier, if it is there and the caller sees its agency. */
  private async existing(manager: EntityManager, code: string, caller: Principal): Promise<DossierRecord> {
    const row = await manager.findOneBy(DossierRecord, { dossierCode: code });
    return visibleTo(caller, row?.agencyCode, row, `No dossier ${code}`);
  }

  /** Runs a filing action under the filing lock, counts and relays what it emitted. */
  private async filing(
    dossierCode: string,
    work: (uow: UnitOfWork, now: Date) => Promise<CorrelationEffects>,
  ): Promise<FilingOutcome> {
    const effects = await this.transactions.run(async (uow) => {
      await uow.takeFilingLock();
      return work(uow, new Date());
    });
    this.committed.record(effects);
    return {
      dossierCode,
      emitted: effects.emitted.map((e) => ({
        fileCode: e.fileCode,
        revision: e.revision,
        completedBy: e.completedBy,
      })),
      alerts: effects.alerts.map((a) => ({ kind: a.kind })),
    };
  }
}
