import { kafkaConfig } from '@hoso/config';
import {
  type ArchiveReceipt,
  checkArchiveReceipt,
  type DeadLetterReason,
  parseVnDateTime,
} from '@hoso/contracts';
import { acceptedYear, codeHeldSince, receiptEffect, transferDeadlines } from '@hoso/domain';
import {
  type ConsumedMessage,
  decodeCloudEvent,
  MessagePublisher,
  type PartitionBatch,
  type Position,
  rejection,
  traceHeadersOfMessage,
} from '@hoso/messaging';
import { attemptOf, type Rejected, transferFactsOf, Transactions, type UnitOfWork } from '@hoso/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { CorrelationService, type CorrelationEffects } from '../correlation/correlation.service';
import { FilingCommitted } from '../correlation/filing-committed';
import { IntakeMetrics } from '../intake/intake.metrics';
import { ArchiveMetrics } from './archive.metrics';

/** What became of one answer. */
export type ReceiptOutcome =
  | { kind: 'accepted' | 'rejected' | 'duplicate'; packageId: string }
  | { kind: 'dead_lettered'; reason: DeadLetterReason; message: string; packageId: string | null };

/** An answer read from its message: the receipt, or why it cannot be taken. */
type Read =
  | { ok: true; id: string; source: string; receipt: ArchiveReceipt }
  | { ok: false; reason: DeadLetterReason; message: string; packageId: string | null };

/**
 * The archive's answers to packages (docs/events.md section 9), from hoso.archive.receipts.v1 or
 * `POST /archive/receipts`, which writes to the same topic. A chunk is handled in one transaction before
 * its offsets are committed: the first answer to a package is recorded, the same again is a duplicate, a
 * malformed, contradicting or unknown-package answer is dead-lettered with its bytes (unknown packages
 * also count on hoso_archive_receipts_total, which HosoArchiveUnknownPackage alerts on).
 */
@Injectable()
export class ArchiveReceipts {
  private readonly logger = new Logger(ArchiveReceipts.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly publisher: MessagePublisher,
    private readonly correlation: CorrelationService,
    private readonly committed: FilingCommitted,
    private readonly metrics: ArchiveMetrics,
    private readonly intakeMetrics: IntakeMetrics,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
  ) {}

  /** Checks an answer's form alone, without the store: what POST answers at once. */
  read(message: Pick<ConsumedMessage, 'value' | 'headers'>): Read {
    const decoded = decodeCloudEvent(message.value, message.headers);
    if (!decoded.ok) return { ...decoded, packageId: null };
    const checked = checkArchiveReceipt(decoded.event.attributes, decoded.event.data);
    if (!checked.ok) return { ...checked, packageId: packageIdIn(decoded.event.data) };
    return checked;
  }

  /** Writes an answer to the receipts topic as it came, for the consumer to take. */
  async write(value: Buffer, headers: Record<string, string>, key: string | null): Promise<Position> {
    const topic = this.kafka.topics.archiveReceipts;
    const [position] = await this.publisher.publishPositioned([{ topic, key, value, headers }]);
    return position!;
  }

  /** Takes a partition's chunk of answers; returns what became of each. */
  async handle({ messages }: PartitionBatch): Promise<ReceiptOutcome[]> {
    const { outcomes, effects, deadLettered } = await this.transactions.run(async (uow) => {
      const outcomes: ReceiptOutcome[] = [];
      const rejected: Rejected[] = [];
      const effects: CorrelationEffects = { emitted: [], alerts: [] };
      for (const message of messages) {
        const outcome = await this.take(uow, message, effects);
        outcomes.push(outcome);
        if (outcome.kind === 'dead_lettered') rejected.push(await this.deadLetter(uow, message, outcome));
      }
      const { deadLettered } = await uow.intake.record({ accepted: [], rejected });
      return { outcomes, effects, deadLettered };
    });
    this.committed.record(effects, { deadLettered: deadLettered.length });
    for (const o of outcomes)
      this.metrics.receipts.inc({
        outcome: o.kind === 'dead_lettered' && o.reason === 'UNKNOWN_PACKAGE' ? 'unknown_package' : o.kind,
      });
    for (const letter of deadLettered) {
      this.intakeMetrics.deadLetters.inc({ topic: letter.sourceTopic, reason: letter.reason });
      this.logger.warn(
        { offset: letter.sourceOffset, packageId: letter.eventId, reason: letter.reason },
        `Dead-lettered an archive answer: ${letter.message}`,
      );
    }
    return outcomes;
  }

  private async take(
    uow: UnitOfWork,
    message: ConsumedMessage,
    effects: CorrelationEffects,
  ): Promise<ReceiptOutcome> {
    const read = this.read(message);
    if (!read.ok) return { kind: 'dead_lettered', ...read };
    const { receipt } = read;
    const { packageId } = receipt;
    const row = await uow.transfers.attempt(packageId);
    const effect = receiptEffect(row ? attemptOf(row) : undefined, receipt);
    const refused = (reason: DeadLetterReason, text: string): ReceiptOutcome => ({
      kind: 'dead_lettered',
      reason,
      message: text,
      packageId,
    });
    if (effect.kind === 'unknown_package')
      return refused('UNKNOWN_PACKAGE', `no package ${packageId} was sent to the archive by this bridge`);
    if (effect.kind === 'mismatch' || effect.kind === 'conflict')
      return refused('RECEIPT_CONFLICT', `the answer for ${packageId} does not fit: ${effect.detail}`);
    if (effect.kind === 'duplicate') return { kind: 'duplicate', packageId };
    const answeredAt = new Date(parseVnDateTime(receipt.answeredAt)!);
    await uow.transfers.answer(packageId, {
      outcome: receipt.outcome,
      reasons: receipt.reasons.map(({ code, text }) => ({ code, text })),
      answeredAt,
      archive: receipt.archive ?? null,
      receiptId: read.id,
    });
    const code = row!.dossierCode;
    const attempts = await uow.transfers.attemptsOfFile(code);
    // Refused, and no other package held or taken: the file may be fixed and sent again.
    await uow.transfers.holdCode(code, codeHeldSince(attempts));
    if (receipt.outcome === 'rejected') {
      const reasons = receipt.reasons.map((r) => `${r.code} ${r.text}`).join('; ');
      const alert = {
        kind: 'archive_rejected' as const,
        dossierCode: code,
        agencyCode: row!.agencyCode,
        fileCode: receipt.fileCode,
        detail: `the archive refused package ${packageId} of ${receipt.fileCode} r${receipt.revision}: ${reasons}`,
      };
      effects.alerts.push(...(await this.correlation.raise(uow, [alert], answeredAt)));
    } else {
      // Taken: the historical archive's deadline counts from this year.
      const file = await uow.transfers.file(code);
      if (file)
        await uow.deadlines.schedule(transferDeadlines(code, transferFactsOf(file), acceptedYear(attempts)));
    }
    return { kind: receipt.outcome, packageId };
  }

  private async deadLetter(
    uow: UnitOfWork,
    message: ConsumedMessage,
    refused: Extract<ReceiptOutcome, { kind: 'dead_lettered' }>,
  ): Promise<Rejected> {
    const attempt = refused.packageId ? await uow.transfers.attempt(refused.packageId) : null;
    const known = {
      source: null,
      id: refused.packageId?.slice(0, 128) ?? null,
      type: null,
      // The agency of the package, when there is one: who may see the dead letter; else the province.
      agencyCode: attempt?.agencyCode ?? null,
    };
    return rejection(
      message,
      refused.reason,
      refused.message,
      known,
      this.kafka.topics.deadLetter,
      traceHeadersOfMessage(message.headers),
    );
  }
}

/** The package id an answer names, when it names one as text. */
function packageIdIn(data: unknown): string | null {
  const id = (data as { packageId?: unknown } | null)?.packageId;
  return typeof id === 'string' && id.length <= 100 ? id : null;
}
