import { kafkaConfig } from '@hoso/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { type Consumer, type EachBatchPayload, Kafka, type KafkaMessage } from 'kafkajs';
import { Backoff, sleep } from '../backoff';
import { kafkaClientConfig, kafkajsLogCreator } from '../kafka-options';
import { type ConsumedMessage } from '../message';
import { type ConsumeOptions, MessageConsumer } from './message-consumer';

// How long a polite leave of the group may take, well inside the shutdown deadline (25 s by default).
const LEAVE_MS = 10_000;

/**
 * The consumer port on kafkajs. Offsets are committed by hand, right after the handler stored a chunk
 * (those of the chunks stored together in one request); a failed chunk pauses its partition, and because
 * kafkajs fetches from the last resolved offset, the same messages come again when the partition resumes.
 */
@Injectable()
export class KafkajsMessageConsumer extends MessageConsumer {
  private readonly logger = new Logger(KafkajsMessageConsumer.name);
  private consumer?: Consumer;
  private stopping = false;
  private running = false;
  private assigned: Array<{ topic: string; partition: number }> = [];
  private readonly backoffs = new Map<string, Backoff>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private stopRequested?: () => void;

  constructor(@Inject(kafkaConfig.KEY) private readonly cfg: ConfigType<typeof kafkaConfig>) {
    super();
  }

  start(options: ConsumeOptions): Promise<void> {
    this.stopping = false;
    return this.keepTrying(options);
  }

  /** Connects until it works or stop() is called; a restart after a crash comes back here, not to start(). */
  private async keepTrying(options: ConsumeOptions): Promise<void> {
    // stop() must not wait for kafkajs to finish its own connection retries.
    const stopped = new Promise<void>((resolve) => (this.stopRequested = resolve));
    const backoff = new Backoff(options.retryMaxMs, 500);
    while (!this.stopping) {
      try {
        const connecting = this.connect(options);
        connecting.catch(() => undefined); // if stop() wins the race, a late failure is of no interest
        await Promise.race([connecting, stopped]);
        return;
      } catch (error) {
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        const delay = backoff.next();
        this.logger.warn(`Cannot start consuming (${describe(error)}); retrying in ${delay} ms`);
        await Promise.race([sleep(delay), stopped]);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopRequested?.();
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    const leaving = this.consumer?.disconnect();
    // kafkajs can hang in disconnect() while its group rebalances (it rejoins first). What was stored is
    // committed chunk by chunk, so giving up the polite leave loses nothing: the broker drops the member
    // after its session timeout, and whatever was stored but not committed comes again as duplicates.
    const left = await Promise.race([
      leaving?.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), LEAVE_MS).unref()),
    ]);
    if (left === false)
      this.logger.warn(`Could not leave the consumer group within ${LEAVE_MS} ms (it was rebalancing)`);
    this.consumer = undefined;
    this.running = false;
    this.assigned = [];
  }

  isRunning(): boolean {
    return this.running;
  }

  assignment(): ReadonlyArray<{ topic: string; partition: number }> {
    return this.assigned;
  }

  private async connect(options: ConsumeOptions): Promise<void> {
    const kafka = new Kafka({ ...kafkaClientConfig(this.cfg), logCreator: kafkajsLogCreator });
    const consumer = kafka.consumer({
      groupId: options.groupId,
      maxBytesPerPartition: 2 << 20,
      // After a crash, the partitions of the dead member wait this long for a new one.
      sessionTimeout: this.cfg.sessionTimeoutMs,
      heartbeatInterval: Math.floor(this.cfg.sessionTimeoutMs / 3),
      // A long poll holds every partition of the fetch: a partition resumed after a pause waits for it.
      maxWaitTimeInMs: 1000,
    });
    this.consumer = consumer;
    const offsets = new OffsetCommits();
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.running = true;
      this.assigned = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      );
    });
    consumer.on(consumer.events.STOP, () => {
      this.running = false;
      this.assigned = [];
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.running = false;
      this.assigned = [];
      // kafkajs restarts by itself after retriable errors; after the others, start over.
      if (!payload.restart && !this.stopping) void this.restart(options);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: true });
    if (this.stopping) return consumer.disconnect();
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.concurrentPartitions,
      eachBatch: (payload) => this.handleBatch(payload, options, offsets),
    });
  }

  private async restart(options: ConsumeOptions): Promise<void> {
    this.logger.warn('The Kafka consumer crashed; starting it again');
    await this.consumer?.disconnect().catch(() => undefined);
    await this.keepTrying(options);
  }

  private async handleBatch(
    payload: EachBatchPayload,
    options: ConsumeOptions,
    offsets: OffsetCommits,
  ): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const key = `${topic}/${partition}`;
    const chunks: KafkaMessage[][] = [];
    for (let start = 0; start < batch.messages.length; start += options.batchSize)
      chunks.push(batch.messages.slice(start, start + options.batchSize));
    // Every chunk of the batch is handed over now, to be stored in the same or the next group rather than
    // each after the one before it; they are committed in order, and nothing after a chunk that failed is.
    const handled = chunks.map((chunk) => {
      const done = options.handle({
        topic,
        partition,
        messages: chunk.map((m) => toConsumed(topic, partition, m)),
      });
      done.catch(() => undefined); // awaited below, unless an earlier chunk failed
      return done;
    });
    for (const [i, chunk] of chunks.entries()) {
      if (!payload.isRunning() || payload.isStale() || this.stopping) return;
      // A chunk may wait for others to be stored (the filing lock is taken in turn): keep the membership
      // alive meanwhile, or the group drops the member and every partition moves. kafkajs spaces the beats.
      const alive = setInterval(() => void payload.heartbeat().catch(() => undefined), 1000);
      try {
        await handled[i];
      } catch (error) {
        if (this.stopping) return;
        const backoff = this.backoffs.get(key) ?? new Backoff(options.retryMaxMs);
        this.backoffs.set(key, backoff);
        const delay = backoff.next();
        this.logger.warn(
          { topic, partition, offset: chunk[0]!.offset },
          `Pausing ${key} for ${delay} ms: ${describe(error)}`,
        );
        this.pauseFor(payload, delay);
        return;
      } finally {
        clearInterval(alive);
      }
      this.backoffs.get(key)?.reset();
      const last = chunk[chunk.length - 1]!.offset;
      payload.resolveOffset(last);
      await offsets.commit(payload, topic, partition, (BigInt(last) + 1n).toString());
      await payload.heartbeat();
    }
  }

  private pauseFor(payload: EachBatchPayload, ms: number): void {
    const resume = payload.pause();
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      resume();
    }, ms);
    this.resumeTimers.add(timer);
  }
}

/**
 * The offsets of the chunks stored together (one intake group), committed in one request when the tick
 * ends. A request per partition went to the group coordinator one after another: at 1,000 events/s, 24
 * partitions' commits held the next fetch back by about 140 ms.
 */
class OffsetCommits {
  private pending: Array<{
    topic: string;
    partition: number;
    offset: string;
    done: () => void;
    failed: (error: unknown) => void;
  }> = [];

  commit(payload: EachBatchPayload, topic: string, partition: number, offset: string): Promise<void> {
    return new Promise((done, failed) => {
      if (this.pending.length === 0) setImmediate(() => void this.flush(payload));
      this.pending.push({ topic, partition, offset, done, failed });
    });
  }

  /** Every batch of one consumer commits through the same group member, whichever payload carries it. */
  private async flush(payload: EachBatchPayload): Promise<void> {
    const commits = this.pending.splice(0);
    const topics = [...new Set(commits.map((c) => c.topic))].map((topic) => ({
      topic,
      partitions: commits
        .filter((c) => c.topic === topic)
        .map(({ partition, offset }) => ({ partition, offset })),
    }));
    try {
      await payload.commitOffsetsIfNecessary({ topics });
      commits.forEach((c) => c.done());
    } catch (error) {
      commits.forEach((c) => c.failed(error));
    }
  }
}

/** A kafkajs message as the ports see it. */
export function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
    timestamp: message.timestamp,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
