import { relayConfig } from '@hoso/config';
import { OutboxRepository, type PendingMessage } from '@hoso/persistence';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createHash } from 'node:crypto';
import { Counter, Histogram, Registry } from 'prom-client';
import { decodeHeaders, encodeHeaders } from '../headers';
import { type MessageHeaders, type OutgoingMessage } from '../message';
import { TopicRangeReader } from '../replay/topic-range-reader';
import { MessagePublisher } from '../publisher/message-publisher';
import { contextOfHeaders, tracer } from '../trace-context';

/** How long a relay holds the messages it took before another may take them (or a restart retakes them). */
const CLAIM_MS = 20_000;
/** How far before an earlier claim the topic is searched for its messages: clocks and batching differ. */
const SEARCH_SLACK_MS = 30_000;
const FINAL_DRAIN_MS = 5_000;

/**
 * Publishes what transactions wrote to the outbox: at once when kicked after a commit, and on a timer
 * for whatever is left (after a broker outage, or by another instance that stopped).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private failing = false;
  private readonly published?: Counter<'topic'>;
  private readonly delay?: Histogram<'topic'>;
  private readonly failures?: Counter;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: MessagePublisher,
    private readonly reader: TopicRangeReader,
    @Inject(relayConfig.KEY) private readonly cfg: ConfigType<typeof relayConfig>,
    // The bridge's registry; a tool that relays without one counts nothing.
    @Optional() registry?: Registry,
  ) {
    if (!registry) return;
    this.published = new Counter({
      name: 'hoso_relay_published_total',
      help: 'Outbox messages published, by topic.',
      labelNames: ['topic'],
      registers: [registry],
    });
    this.delay = new Histogram({
      name: 'hoso_relay_publish_delay_seconds',
      help: "From the transaction that wrote an outbox message to the broker's acknowledgement, by topic.",
      labelNames: ['topic'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'hoso_relay_publish_failures_total',
      help: 'Attempts to publish from the outbox that the broker did not acknowledge.',
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.cfg.intervalMs);
  }

  /** Runs after the consumers stopped and before the database closes: one last, bounded drain. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const last = (this.draining ?? Promise.resolve()).then(() => this.drain());
    // What is not published by then stays in the outbox for the next start.
    await Promise.race([last, new Promise((resolve) => setTimeout(resolve, FINAL_DRAIN_MS).unref())]);
  }

  /** Asks for a drain now; one runs at a time, and a kick during it makes it go round once more. */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again && this.timer) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while ((await this.outbox.publishPending(this.cfg.batchSize, CLAIM_MS, (m) => this.publish(m))) > 0) {
        // Until the outbox is empty.
      }
      if (this.failing) this.logger.log('Publishing from the outbox works again');
      this.failing = false;
    } catch (error) {
      // Logged once per outage; the timer keeps trying.
      if (!this.failing) this.logger.warn(`Cannot publish from the outbox yet: ${String(error)}`);
      this.failing = true;
    }
  }

  /**
   * Publishes the messages, but not those an earlier attempt already put on the topic: a relay that
   * crashed (or failed) between the broker's acknowledgement and marking them published left them there.
   */
  private async publish(messages: PendingMessage[]): Promise<void> {
    const retried = messages.filter((m) => m.claimedBefore !== null);
    const onTopic = retried.length > 0 ? await this.alreadyPublished(retried) : new Set<string>();
    if (onTopic.size > 0)
      this.logger.warn(`${onTopic.size} outbox message(s) were published before a crash; not again`);
    const sending = messages.filter((m) => !onTopic.has(fingerprint(m)));
    const outgoing = sending.map(toOutgoing);
    // Each message's publish span continues the trace its headers carry (the event that led to it); the
    // headers go out as stored, so that a retry can still recognize what an earlier attempt published.
    const spans = outgoing.map((m) =>
      tracer.startSpan(
        `publish ${m.topic}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.destination.name': m.topic,
          },
        },
        contextOfHeaders(m.headers),
      ),
    );
    try {
      await this.publisher.publish(outgoing);
    } catch (error) {
      this.failures?.inc();
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      for (const span of spans) span.end();
    }
    const now = Date.now();
    for (const m of sending) {
      this.published?.inc({ topic: m.topic });
      this.delay?.observe({ topic: m.topic }, Math.max(0, now - m.createdAt.getTime()) / 1000);
    }
  }

  /** The fingerprints of these messages found on their topics since their earlier claim began. */
  private async alreadyPublished(messages: PendingMessage[]): Promise<Set<string>> {
    const wanted = new Set(messages.map(fingerprint));
    const since = Math.min(...messages.map((m) => m.claimedBefore!.getTime())) - SEARCH_SLACK_MS;
    const spans = await this.reader.plan({
      topics: [...new Set(messages.map((m) => m.topic))],
      fromTime: since,
    });
    const found = new Set<string>();
    await this.reader.read(spans, `hoso-relay-check-${process.pid}-${Date.now()}`, (batch) => {
      for (const m of batch.messages) {
        const print = fingerprint({
          topic: batch.topic,
          kafkaKey: m.key,
          kafkaValue: m.value,
          kafkaHeaders: m.headers,
        });
        if (wanted.has(print)) found.add(print);
      }
      return Promise.resolve();
    });
    return found;
  }
}

/** Topic, key, value and headers: the same message, byte for byte, whether stored or read back. */
function fingerprint(m: {
  topic: string;
  kafkaKey: Buffer | null;
  kafkaValue: Buffer | null;
  kafkaHeaders: string | MessageHeaders;
}): string {
  const headers = typeof m.kafkaHeaders === 'string' ? m.kafkaHeaders : encodeHeaders(m.kafkaHeaders);
  return createHash('sha256')
    .update(JSON.stringify([m.topic, m.kafkaKey?.toString('base64') ?? null, headers]))
    .update(m.kafkaValue ?? Buffer.alloc(0))
    .digest('hex');
}

function toOutgoing(message: PendingMessage): OutgoingMessage {
  return {
    topic: message.topic,
    key: message.kafkaKey,
    value: message.kafkaValue,
    headers: decodeHeaders(message.kafkaHeaders),
  };
}
