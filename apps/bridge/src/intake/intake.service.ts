import { failpoint, kafkaConfig } from '@hoso/config';
import { type DeadLetterReason, subjectOf } from '@hoso/contracts';
import { type StoredEvent } from '@hoso/domain';
import {
  type ConsumedMessage,
  judgeMessage,
  type KnownAttributes,
  type PartitionBatch,
  rejection,
  contextOfHeaders,
  traceHeadersOf,
  tracer,
} from '@hoso/messaging';
import { type NewInboxEvent, type Rejected, Transactions } from '@hoso/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { type ConfigType } from '@nestjs/config';
import { CorrelationService } from '../correlation/correlation.service';
import { FilingCommitted } from '../correlation/filing-committed';
import { IntakeMetrics } from './intake.metrics';

export interface IntakeCounts {
  accepted: number;
  duplicates: number;
  deadLettered: number;
}

/** A partition's chunk, judged, waiting to be stored with the others fetched with it. */
interface Judged {
  accepted: NewInboxEvent[];
  events: Map<string, StoredEvent>;
  rejected: Rejected[];
  messages: Map<string, ConsumedMessage>;
  /** Each message's span, from its judgement to its group's commit, in the trace its headers continue. */
  spans: Map<string, Span>;
  done: (counts: IntakeCounts) => void;
  failed: (error: unknown) => void;
}

// Most messages stored in one transaction: a group holds the filing lock while it files.
const GROUP_MESSAGES = 2000;

const at = (topic: string, partition: number, offset: string) => `${topic}/${partition}/${offset}`;

/**
 * The front door: judges each consumed message against the contract as it arrives, and records the chunks
 * of the partitions fetched together in one transaction, accepted events in the inbox (and what they change
 * in the dossiers' files) and everything else as dead letters. Chunks that arrive while one group commits
 * are judged meanwhile and form the next group. The consumer commits a chunk's offsets only after its
 * group is stored.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);
  private waiting: Judged[] = [];
  private storing = false;

  constructor(
    private readonly transactions: Transactions,
    private readonly correlation: CorrelationService,
    private readonly committed: FilingCommitted,
    private readonly metrics: IntakeMetrics,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
  ) {}

  /** Stores a partition's chunk; returns how many messages were accepted, duplicates or dead-lettered. */
  handle({ messages }: PartitionBatch): Promise<IntakeCounts> {
    return new Promise((done, failed) => {
      this.waiting.push({ ...this.judgeAll(messages), done, failed });
      if (!this.storing) void this.storeWaiting();
    });
  }

  private judgeAll(messages: readonly ConsumedMessage[]) {
    const accepted: NewInboxEvent[] = [];
    const events = new Map<string, StoredEvent>();
    const rejected: Rejected[] = [];
    const spans = new Map<string, Span>();
    for (const message of messages) {
      const key = at(message.topic, message.partition, message.offset);
      const span = consumeSpan(message);
      spans.set(key, span);
      const judgement = judgeMessage(message, this.kafka.topics);
      if (!judgement.ok) {
        rejected.push(this.reject(message, judgement.reason, judgement.message, judgement.attributes, span));
        continue;
      }
      span.setAttributes({
        'cloudevents.event_id': judgement.event.id,
        'cloudevents.event_type': judgement.event.type,
      });
      accepted.push(judgement.row);
      events.set(key, judgement.event);
    }
    return {
      accepted,
      events,
      rejected,
      messages: new Map(messages.map((m) => [at(m.topic, m.partition, m.offset), m])),
      spans,
    };
  }

  /** Stores group after group until nothing waits; the partitions kafkajs hands over together join one. */
  private async storeWaiting(): Promise<void> {
    this.storing = true;
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) {
      const group = this.nextGroup();
      const spans = group.flatMap((chunk) => [...chunk.spans.values()]);
      // The group's one transaction, linked both ways with the spans of the messages it stores.
      const transaction = tracer.startSpan('hoso.intake.transaction', {
        links: spans.map((span) => ({ context: span.spanContext() })),
        attributes: { 'messaging.batch.message_count': spans.length },
      });
      for (const span of spans) span.addLink({ context: transaction.spanContext() });
      try {
        const counts = await this.store(group);
        group.forEach((chunk, i) => chunk.done(counts[i]!));
      } catch (error) {
        for (const span of [transaction, ...spans])
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        group.forEach((chunk) => chunk.failed(error));
      } finally {
        for (const span of [transaction, ...spans]) span.end();
      }
    }
    this.storing = false;
  }

  /**
   * The chunks waiting, up to GROUP_MESSAGES messages (at least one chunk): a group holds the filing lock
   * while it files, and other instances, rebalances and shutdowns wait for it.
   */
  private nextGroup(): Judged[] {
    let messages = 0;
    let count = 0;
    while (
      count < this.waiting.length &&
      (count === 0 || messages + this.waiting[count]!.messages.size <= GROUP_MESSAGES)
    )
      messages += this.waiting[count++]!.messages.size;
    return this.waiting.splice(0, count);
  }

  private async store(group: readonly Judged[]): Promise<IntakeCounts[]> {
    // Which chunk of the group each message came in, by its coordinates (`at`).
    const chunkAt = new Map<string, Judged>();
    for (const chunk of group) for (const key of chunk.messages.keys()) chunkAt.set(key, chunk);
    const chunkOf = (key: string) => {
      const chunk = chunkAt.get(key);
      if (!chunk) throw new Error(`no message at ${key} in the group`);
      return chunk;
    };
    const keyOf = (e: NewInboxEvent) => at(e.topic, e.kafkaPartition, e.kafkaOffset);
    const spanOf = (key: string) => chunkOf(key).spans.get(key)!;
    const { outcome, effects } = await this.transactions.run(async (uow) => {
      const outcome = await uow.intake.record({
        accepted: group.flatMap((chunk) => chunk.accepted),
        rejected: group.flatMap((chunk) => chunk.rejected),
        onConflict: (event) =>
          this.reject(
            chunkOf(keyOf(event)).messages.get(keyOf(event))!,
            'DUPLICATE_ID_CONFLICT',
            'an event with this source and id was stored before with different content',
            {
              source: event.source,
              id: event.eventId,
              type: event.type,
              agencyCode: chunkOf(keyOf(event)).events.get(keyOf(event))!.data.agencyCode,
            },
            spanOf(keyOf(event)),
          ),
      });
      // Events written, their files not yet: a crash here must roll the whole group back.
      failpoint('intake.mid-transaction');
      const events = outcome.recorded.map((e) => chunkOf(keyOf(e)).events.get(keyOf(e))!);
      // What is emitted continues the trace of the newest event about its dossier or documents.
      const traces = new Map(
        outcome.recorded.map((e, i) => [subjectOf(events[i]!), traceHeadersOf(spanOf(keyOf(e)))]),
      );
      const effects = await this.correlation.afterIntake(uow, events, new Date(), traces);
      return { outcome, effects };
    });
    // Stored and committed in the database, offsets not yet committed in Kafka: the window tests aim at.
    failpoint('intake.after-store');

    for (const e of outcome.recorded) {
      this.metrics.messages.inc({ topic: e.topic, outcome: 'accepted' });
      this.metrics.events.inc({ topic: e.topic, type: e.type });
    }
    for (const e of outcome.duplicates) this.metrics.messages.inc({ topic: e.topic, outcome: 'duplicate' });
    for (const letter of outcome.deadLettered) {
      const topic = letter.sourceTopic;
      this.metrics.messages.inc({ topic, outcome: 'dead_lettered' });
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
    this.committed.record(effects, {
      // The newest event of the group is the one that completed its files, near enough.
      completedAt: effects.emitted.length
        ? Math.max(...outcome.recorded.map((e) => e.eventTime?.getTime() ?? 0))
        : 0,
      deadLettered: outcome.deadLettered.length,
    });

    const counts = new Map(group.map((chunk) => [chunk, { accepted: 0, duplicates: 0, deadLettered: 0 }]));
    for (const e of outcome.recorded) counts.get(chunkOf(keyOf(e)))!.accepted += 1;
    for (const e of outcome.duplicates) counts.get(chunkOf(keyOf(e)))!.duplicates += 1;
    for (const l of outcome.deadLettered)
      counts.get(chunkOf(at(l.sourceTopic, l.sourcePartition, l.sourceOffset)))!.deadLettered += 1;
    return group.map((chunk) => counts.get(chunk)!);
  }

  private reject(
    message: ConsumedMessage,
    reason: DeadLetterReason,
    text: string,
    known: KnownAttributes,
    span: Span,
  ): Rejected {
    span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
    span.setAttribute('hoso.dead_letter.reason', reason);
    // The dead letter continues the trace of the message it keeps.
    return rejection(message, reason, text, known, this.kafka.topics.deadLetter, traceHeadersOf(span));
  }
}

/** A consumed message's span (OpenTelemetry messaging conventions), in the trace its headers continue. */
function consumeSpan(message: ConsumedMessage): Span {
  return tracer.startSpan(
    `process ${message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': Number(message.offset),
      },
    },
    contextOfHeaders(message.headers),
  );
}
