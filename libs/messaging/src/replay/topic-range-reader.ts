import { kafkaConfig } from '@hoso/config';
import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { type Admin, Kafka } from 'kafkajs';
import { toConsumed } from '../consumer/kafkajs-message-consumer';
import { kafkaClientConfig, kafkajsLogCreator } from '../kafka-options';
import { type PartitionBatch } from '../message';

/** Which part of the topics to read again: by time or by offset, on every partition. */
export interface TopicRange {
  topics: readonly string[];
  /** From the first message at or after this time (ms since the epoch); else from the earliest kept. */
  fromTime?: number;
  /** Up to the first message at or after this time; else up to the end as it was when the read began. */
  toTime?: number;
  fromOffset?: bigint;
  /** Exclusive. */
  toOffset?: bigint;
}

/** Offsets [start, end) of one partition, fixed before the read begins. */
export interface PartitionSpan {
  topic: string;
  partition: number;
  start: bigint;
  end: bigint;
}

/**
 * Reads a fixed range of topics again, with a consumer group of its own (the live group's offsets are
 * never touched), and stops at the end it fixed first, so a busy topic cannot keep a replay going.
 */
@Injectable()
export class TopicRangeReader {
  constructor(@Inject(kafkaConfig.KEY) private readonly cfg: ConfigType<typeof kafkaConfig>) {}

  /** Where each partition's read starts and ends. */
  async plan(range: TopicRange): Promise<PartitionSpan[]> {
    return this.withAdmin(async (admin) => {
      const spans: PartitionSpan[] = [];
      for (const topic of range.topics) {
        const kept = await admin.fetchTopicOffsets(topic);
        const at = async (time: number | undefined, fallback: 'low' | 'high') => {
          if (time === undefined) return new Map(kept.map((p) => [p.partition, BigInt(p[fallback])]));
          const found = await admin.fetchTopicOffsetsByTimestamp(topic, time);
          // -1: no message at or after that time.
          const high = new Map(kept.map((p) => [p.partition, BigInt(p.high)]));
          return new Map(
            found.map((p) => [
              p.partition,
              BigInt(p.offset) < 0n ? high.get(p.partition)! : BigInt(p.offset),
            ]),
          );
        };
        const starts = await at(range.fromTime, 'low');
        const ends = await at(range.toTime, 'high');
        for (const p of kept) {
          const low = BigInt(p.low);
          const high = BigInt(p.high);
          const start = max(low, range.fromOffset ?? 0n, starts.get(p.partition) ?? low);
          const end = min(high, range.toOffset ?? high, ends.get(p.partition) ?? high);
          spans.push({ topic, partition: p.partition, start, end: max(start, end) });
        }
      }
      return spans.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    });
  }

  /**
   * Hands over each span's messages in offset order, one chunk at a time, and returns once every span was
   * read; the consumer group is deleted afterwards.
   */
  async read(
    spans: readonly PartitionSpan[],
    groupId: string,
    onBatch: (batch: PartitionBatch) => Promise<void>,
  ): Promise<void> {
    const left = new Map(spans.filter((s) => s.start < s.end).map((s) => [key(s), s]));
    if (left.size === 0) return;
    const kafka = new Kafka({ ...kafkaClientConfig(this.cfg, '-replay'), logCreator: kafkajsLogCreator });
    const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 2 << 20, maxWaitTimeInMs: 500 });
    let finished!: () => void;
    let failed!: (error: Error) => void;
    const done = new Promise<void>((resolve, reject) => ((finished = resolve), (failed = reject)));
    consumer.on(consumer.events.CRASH, ({ payload }) => failed(payload.error));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...new Set(spans.map((s) => s.topic))], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async (payload) => {
          const { batch } = payload;
          const span = left.get(key(batch));
          if (!span) return;
          const messages = batch.messages
            .filter((m) => BigInt(m.offset) >= span.start && BigInt(m.offset) < span.end)
            .map((m) => toConsumed(batch.topic, batch.partition, m));
          if (messages.length > 0)
            await onBatch({ topic: batch.topic, partition: batch.partition, messages });
          await payload.heartbeat();
          if (BigInt(batch.lastOffset()) >= span.end - 1n) {
            left.delete(key(batch));
            payload.pause();
            if (left.size === 0) finished();
          }
        },
      });
      for (const s of left.values())
        consumer.seek({ topic: s.topic, partition: s.partition, offset: String(s.start) });
      await done;
    } finally {
      await consumer.disconnect();
      await this.withAdmin((admin) => admin.deleteGroups([groupId])).catch(() => undefined);
    }
  }

  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const kafka = new Kafka({ ...kafkaClientConfig(this.cfg, '-replay'), logCreator: kafkajsLogCreator });
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}

const key = (p: { topic: string; partition: number }) => `${p.topic}/${p.partition}`;
const max = (...xs: bigint[]) => xs.reduce((a, b) => (a > b ? a : b));
const min = (...xs: bigint[]) => xs.reduce((a, b) => (a < b ? a : b));
