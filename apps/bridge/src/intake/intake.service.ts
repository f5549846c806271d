import { failpoint, kafkaConfig } from '@hoso/config';
import { type DeadLetterReason } from '@hoso/contracts';
import { type StoredEvent } from '@hoso/domain';
import {
  type ConsumedMessage,
  deadLetterMessage,
  encodeHeaders,
  MAX_DEAD_LETTER_MESSAGE,
  OutboxRelay,
  type PartitionBatch,
} from '@hoso/messaging';
import { type NewInboxEvent, type Rejected, Transactions } from '@hoso/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { CorrelationMetrics } from '../correlation/correlation.metrics';
import { CorrelationService } from '../correlation/correlation.service';
import { IntakeMetrics } from './intake.metrics';
import { admitted, judge, type KnownAttributes } from './judge';

export interface IntakeCounts {
  accepted: number;
  duplicates: number;
  deadLettered: number;
}

/**
 * The front door: judges each consumed message against the contract and records the chunk in one
 * transaction, accepted events in the inbox (and what they change in the dossiers' files) and everything
 * else as dead letters. The consumer commits the offsets only after this resolves.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly correlation: CorrelationService,
    private readonly relay: OutboxRelay,
    private readonly metrics: IntakeMetrics,
    private readonly filingMetrics: CorrelationMetrics,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
  ) {}

  /** Stores a partition's chunk; returns how many messages were accepted, duplicates or dead-lettered. */
  async handle({ topic, messages }: PartitionBatch): Promise<IntakeCounts> {
    const accepted: NewInboxEvent[] = [];
    const events = new Map<string, StoredEvent>();
    const rejected: Rejected[] = [];
    const byOffset = new Map(messages.map((m) => [m.offset, m]));
    for (const message of messages) {
      const verdict = judge(message, this.kafka.topics);
      if (!verdict.ok) {
        rejected.push(this.reject(message, verdict.reason, verdict.message, verdict.attributes));
        continue;
      }
      const { row, event } = admitted(message, verdict);
      accepted.push(row);
      events.set(message.offset, event);
    }

    const { outcome, effects } = await this.transactions.run(async (uow) => {
      const outcome = await uow.intake.record({
        accepted,
        rejected,
        onConflict: (event) =>
          this.reject(
            byOffset.get(event.kafkaOffset)!,
            'DUPLICATE_ID_CONFLICT',
            'an event with this source and id was stored before with different content',
            { source: event.source, id: event.eventId, type: event.type },
          ),
      });
      // Events written, their files not yet: a crash here must roll the whole chunk back.
      failpoint('intake.mid-transaction');
      const effects = await this.correlation.afterIntake(
        uow,
        outcome.recorded.map((e) => events.get(e.kafkaOffset)!),
      );
      return { outcome, effects };
    });
    // Stored and committed in the database, offsets not yet committed in Kafka: the window tests aim at.
    failpoint('intake.after-store');

    this.metrics.messages.inc({ topic, outcome: 'accepted' }, outcome.recorded.length);
    this.metrics.messages.inc({ topic, outcome: 'duplicate' }, outcome.duplicates.length);
    this.metrics.messages.inc({ topic, outcome: 'dead_lettered' }, outcome.deadLettered.length);
    for (const letter of outcome.deadLettered) {
      this.metrics.deadLetters.inc({ topic, reason: letter.reason });
      // Only coordinates, ids and the reason: never the content, which may hold personal data.
      this.logger.warn(
        {
          topic,
          partition: letter.sourcePartition,
          offset: letter.sourceOffset,
          id: letter.eventId,
          type: letter.eventType,
          reason: letter.reason,
        },
        `Dead-lettered: ${letter.message}`,
      );
    }
    for (const e of outcome.recorded) this.metrics.events.inc({ topic, type: e.type });
    // The newest event of the chunk is the one that completed its files, near enough.
    const newest = effects.emitted.length
      ? Math.max(...outcome.recorded.map((e) => e.eventTime?.getTime() ?? 0))
      : 0;
    for (const e of effects.emitted) {
      this.filingMetrics.emitted.inc({ completed_by: e.completedBy });
      this.filingMetrics.latency.observe((Date.now() - newest) / 1000);
    }
    effects.alerts.forEach((a) => this.filingMetrics.alerts.inc({ kind: a.kind }));
    if (outcome.deadLettered.length + effects.emitted.length + effects.alerts.length > 0) this.relay.kick();
    return {
      accepted: outcome.recorded.length,
      duplicates: outcome.duplicates.length,
      deadLettered: outcome.deadLettered.length,
    };
  }

  private reject(
    message: ConsumedMessage,
    reason: DeadLetterReason,
    text: string,
    known: KnownAttributes,
  ): Rejected {
    const outgoing = deadLetterMessage(message, reason, text, this.kafka.topics.deadLetter, new Date());
    return {
      deadLetter: {
        reason,
        message: text.slice(0, MAX_DEAD_LETTER_MESSAGE),
        sourceTopic: message.topic,
        sourcePartition: message.partition,
        sourceOffset: message.offset,
        eventSource: known.source,
        eventId: known.id,
        eventType: known.type,
        kafkaKey: message.key,
        kafkaValue: message.value,
        kafkaHeaders: encodeHeaders(message.headers),
        kafkaTimestamp: message.timestamp ? new Date(Number(message.timestamp)) : null,
      },
      outbox: {
        topic: outgoing.topic,
        kafkaKey: message.key,
        kafkaValue: message.value,
        kafkaHeaders: encodeHeaders(outgoing.headers),
      },
    };
  }
}
