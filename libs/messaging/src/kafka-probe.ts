import { kafkaConfig } from '@hoso/config';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from './kafka-options';

export interface PartitionOffsets {
  topic: string;
  partition: number;
  committed: bigint | null;
  end: bigint;
  lag: bigint;
}

/** Asks the brokers for cluster metadata, failing fast, to tell whether Kafka answers right now. */
@Injectable()
export class KafkaProbe implements OnModuleDestroy {
  private admin?: Admin;
  /** Calls take turns on the one admin: a failing call drops it, which broke a concurrent one. */
  private turn: Promise<unknown> = Promise.resolve();
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(@Inject(kafkaConfig.KEY) private readonly cfg: ConfigType<typeof kafkaConfig>) {}

  /** Resolves with the number of brokers that answered; rejects when none did within timeoutMs. */
  brokerCount(timeoutMs: number): Promise<number> {
    return this.inTurn('cluster', () => this.describeCluster(timeoutMs));
  }

  /** Per partition of these topics: the group's committed offset (null if none yet) and the end offset. */
  groupOffsets(groupId: string, topics: readonly string[], timeoutMs: number): Promise<PartitionOffsets[]> {
    return this.inTurn(`offsets ${groupId} ${topics.join(',')}`, () =>
      this.readOffsets(groupId, topics, timeoutMs),
    );
  }

  /**
   * Calls take turns on the one admin, and a call asked again while it is waiting or running is shared:
   * health checks polled faster than a hung broker times out do not queue up without bound.
   */
  private inTurn<T>(key: string, call: () => Promise<T>): Promise<T> {
    const pending = this.pending.get(key);
    if (pending) return pending as Promise<T>;
    const result = this.turn.then(call).finally(() => this.pending.delete(key));
    this.pending.set(key, result);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private async describeCluster(timeoutMs: number): Promise<number> {
    const admin = this.admin ?? this.createAdmin(timeoutMs);
    try {
      const cluster = await withTimeout(
        admin.connect().then(() => admin.describeCluster()),
        timeoutMs,
        'Kafka did not answer',
      );
      return cluster.brokers.length;
    } catch (error) {
      // A failed admin may hold a dead connection: start from a clean one next time, without waiting on it.
      if (this.admin === admin) this.admin = undefined;
      void admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async readOffsets(
    groupId: string,
    topics: readonly string[],
    timeoutMs: number,
    retried = false,
  ): Promise<PartitionOffsets[]> {
    const admin = this.admin ?? this.createAdmin(timeoutMs);
    const read = async () => {
      await admin.connect();
      // A fresh admin knows no brokers until metadata is read; the group lookup would fail without it.
      await admin.fetchTopicMetadata({ topics: [...topics] });
      const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
      const result: PartitionOffsets[] = [];
      for (const { topic, partitions } of committed) {
        const ends = new Map(
          (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]),
        );
        for (const { partition, offset } of partitions) {
          const end = ends.get(partition) ?? 0n;
          const at = BigInt(offset) >= 0n ? BigInt(offset) : null;
          result.push({ topic, partition, committed: at, end, lag: end - (at ?? 0n) });
        }
      }
      return result.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    };
    try {
      return await withTimeout(read(), timeoutMs, 'Kafka did not answer');
    } catch (error) {
      if (this.admin === admin) this.admin = undefined;
      void admin.disconnect().catch(() => undefined);
      // The admin may have held a connection the broker closed while idle: one more try on a fresh one.
      if (!retried) return this.readOffsets(groupId, topics, timeoutMs, true);
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.admin?.disconnect();
  }

  private createAdmin(timeoutMs: number): Admin {
    const kafka = new Kafka({
      ...kafkaClientConfig(this.cfg, '-probe'),
      connectionTimeout: Math.min(this.cfg.connectionTimeoutMs, timeoutMs),
      requestTimeout: timeoutMs,
      retry: { retries: 0 },
      // Failures surface through the health endpoint, not as log noise on every poll.
      logLevel: logLevel.NOTHING,
    });
    this.admin = kafka.admin();
    return this.admin;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
