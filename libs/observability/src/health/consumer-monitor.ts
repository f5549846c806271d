import { adminConfig, httpConfig, kafkaConfig } from '@hoso/config';
import { KafkaProbe, MessageConsumer } from '@hoso/messaging';
import { type ConsumerReport } from '@hoso/contracts';
import { OperationsRecords } from '@hoso/persistence';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Gauge, Registry } from 'prom-client';

const SAMPLE_MS = 10_000;

/**
 * Samples the consumer group's offsets and the backlogs in the database, for /health/consumers and the
 * gauges of /metrics, and remembers when each partition last moved, to tell a stalled one.
 */
@Injectable()
export class ConsumerMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly lastMoved = new Map<string, { offset: string | null; at: number }>();
  private latest?: ConsumerReport;
  /** When the oldest message still in the outbox was written (null: none waits). */
  private oldestUnpublished: Date | null = null;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly probe: KafkaProbe,
    private readonly consumer: MessageConsumer,
    private readonly records: OperationsRecords,
    registry: Registry,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
    @Inject(adminConfig.KEY) private readonly admin: ConfigType<typeof adminConfig>,
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
  ) {
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: L[],
      read: (g: Gauge<L>) => void,
    ) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers: [registry],
        collect() {
          read(this);
        },
      });
    gauge(
      'hoso_consumer_lag',
      "Messages not yet consumed, per source topic and partition, of the partitions this instance holds (so a sum over instances is the group's lag).",
      ['topic', 'partition'],
      (g) => {
        g.reset();
        const held = new Set(this.consumer.assignment().map((a) => `${a.topic}/${a.partition}`));
        for (const p of this.latest?.partitions ?? [])
          if (held.has(`${p.topic}/${p.partition}`))
            g.set({ topic: p.topic, partition: String(p.partition) }, p.lag);
      },
    );
    gauge(
      'hoso_pending',
      'Documents that joined no file, and ended dossiers not filed yet.',
      ['kind'],
      (g) => {
        if (!this.latest) return;
        g.set({ kind: 'documents' }, this.latest.pending.documents);
        g.set({ kind: 'dossiers' }, this.latest.pending.dossiers);
      },
    );
    gauge('hoso_relay_backlog', 'Outbox messages not yet published (the whole database).', [], (g) => {
      if (this.latest) g.set(this.latest.relayBacklog);
    });
    gauge(
      'hoso_relay_oldest_age_seconds',
      'How long the oldest outbox message not yet published has waited (0: none waits).',
      [],
      (g) => {
        if (this.latest)
          g.set(
            this.oldestUnpublished ? Math.max(0, Date.now() - this.oldestUnpublished.getTime()) / 1000 : 0,
          );
      },
    );
    gauge('hoso_dead_letters', 'Dead letters not redriven.', [], (g) => {
      if (this.latest) g.set(this.latest.deadLetters);
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), SAMPLE_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Reads the offsets and backlogs now. */
  async sample(now = Date.now()): Promise<ConsumerReport> {
    const topics = [this.kafka.topics.dossierEvents, this.kafka.topics.documentEvents];
    const offsets = await this.probe.groupOffsets(this.kafka.groupId, topics, this.http.healthCheckTimeoutMs);
    const partitions = offsets.map((o) => {
      const key = `${o.topic}/${o.partition}`;
      const committed = o.committed === null ? null : String(o.committed);
      const seen = this.lastMoved.get(key);
      if (!seen || seen.offset !== committed) this.lastMoved.set(key, { offset: committed, at: now });
      const idleMs = now - (this.lastMoved.get(key)?.at ?? now);
      const lag = Number(o.lag);
      return {
        topic: o.topic,
        partition: o.partition,
        committedOffset: committed,
        endOffset: String(o.end),
        lag,
        moving: lag === 0 || idleMs < this.admin.consumerStallMs,
        stalled: lag > 0 && idleMs >= this.admin.consumerStallMs,
      };
    });
    this.latest = {
      groupId: this.kafka.groupId,
      sampledAt: new Date(now).toISOString(),
      partitions,
      totalLag: partitions.reduce((sum, p) => sum + p.lag, 0),
      deadLetters: await this.records.deadLetterCount(),
      pending: await this.records.pendingCounts(),
      relayBacklog: await this.records.relayBacklog(),
    };
    this.oldestUnpublished = await this.records.oldestUnpublished();
    return this.latest;
  }
}
