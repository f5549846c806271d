import { randomUUID } from 'node:crypto';
import { loadConfig } from '@hoso/config';
import { Logger } from '@nestjs/common';
import { waitFor } from '@test/support';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { type PartitionBatch } from '../message';
import { TopicProvisioner } from '../topic-provisioner';
import { type ConsumeOptions } from './message-consumer';
import { KafkajsMessageConsumer } from './kafkajs-message-consumer';

const config = loadConfig({ KAFKA_BROKERS: process.env.KAFKA_BROKERS, KAFKA_TOPIC_PARTITIONS: '3' }).kafka;
const kafka = new Kafka({ clientId: 'it-consumer', brokers: config.brokers, logLevel: logLevel.NOTHING });

/** A fresh topic and group per test, so tests never see each other's messages or offsets. */
async function freshTopic(): Promise<{ topic: string; groupId: string }> {
  const topic = `it.consumer.${randomUUID().slice(0, 8)}`;
  await new TopicProvisioner(config).ensure([topic]);
  return { topic, groupId: `it-${topic}` };
}

async function produce(topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ key: value, value })) });
  await producer.disconnect();
}

/** Committed offsets equal the end of every partition: nothing left to consume. */
async function fullyCommitted(topic: string, groupId: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    // An empty partition has nothing to commit.
    const at = (partition: number) => committed?.partitions.find((p) => p.partition === partition)?.offset;
    return ends.every((end) => end.high === '0' || at(end.partition) === end.high);
  } finally {
    await admin.disconnect();
  }
}

describe('KafkajsMessageConsumer on the real broker', () => {
  const consumers: KafkajsMessageConsumer[] = [];

  async function consume(topic: string, groupId: string, handle: ConsumeOptions['handle'], batchSize = 100) {
    const consumer = new KafkajsMessageConsumer(config);
    consumers.push(consumer);
    await consumer.start({
      groupId,
      topics: [topic],
      handle,
      batchSize,
      concurrentPartitions: 3,
      retryMaxMs: 500,
    });
    return consumer;
  }

  beforeAll(() => {
    Logger.overrideLogger(['error']);
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });

  it('should hand each partition over in offset order, in chunks, and commit after each chunk', async () => {
    const { topic, groupId } = await freshTopic();
    const values = Array.from({ length: 60 }, (_, i) => `m${i}`);
    await produce(topic, values);
    const batches: PartitionBatch[] = [];
    await consume(topic, groupId, (batch) => Promise.resolve(void batches.push(batch)), 4);

    await waitFor('all 60 messages', () => batches.flatMap((b) => b.messages).length === 60);
    expect(Math.max(...batches.map((b) => b.messages.length))).toBeLessThanOrEqual(4);
    for (const partition of [0, 1, 2]) {
      const offsets = batches
        .filter((b) => b.partition === partition)
        .flatMap((b) => b.messages.map((m) => Number(m.offset)));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    await waitFor('the committed offsets to reach the end', () => fullyCommitted(topic, groupId));
  });

  it('should pause a partition whose handler failed after storing, and hand the same messages over again', async () => {
    const { topic, groupId } = await freshTopic();
    await produce(
      topic,
      Array.from({ length: 30 }, (_, i) => `m${i}`),
    );
    const stored = new Set<string>();
    const deliveries = new Map<string, number>();
    let crashes = 0;
    await consume(topic, groupId, (batch) => {
      for (const m of batch.messages) {
        stored.add(String(m.value));
        deliveries.set(String(m.value), (deliveries.get(String(m.value)) ?? 0) + 1);
      }
      // Stored, then "killed" before the offset commit: twice, on whatever chunks come first.
      if (crashes < 2) {
        crashes += 1;
        return Promise.reject(new Error('crashed between the database commit and the offset commit'));
      }
      return Promise.resolve();
    });

    await waitFor(
      'every message stored and committed',
      async () => stored.size === 30 && (await fullyCommitted(topic, groupId)),
    );
    expect([...deliveries.values()].filter((n) => n > 1).length).toBeGreaterThan(0);
    expect(stored.size).toBe(30);
  });

  it('should resume after the committed offsets when a member leaves and another joins', async () => {
    const { topic, groupId } = await freshTopic();
    const received: Array<{ member: string; value: string }> = [];
    const recorder = (member: string) => (batch: PartitionBatch) =>
      Promise.resolve(void received.push(...batch.messages.map((m) => ({ member, value: String(m.value) }))));

    await produce(topic, ['a1', 'a2', 'a3']);
    const first = await consume(topic, groupId, recorder('first'));
    await waitFor(
      'the first member to consume a1..a3',
      async () => received.length === 3 && (await fullyCommitted(topic, groupId)),
    );
    await first.stop();

    await produce(topic, ['b1', 'b2']);
    await consume(topic, groupId, recorder('second'));
    await waitFor('the second member to consume b1 and b2', () => received.length === 5);
    expect(
      received
        .filter((r) => r.member === 'second')
        .map((r) => r.value)
        .sort(),
    ).toEqual(['b1', 'b2']);
  });

  it('should keep retrying to start while no broker answers, and stop when asked', async () => {
    const consumer = new KafkajsMessageConsumer({
      ...config,
      brokers: ['127.0.0.1:1'],
      connectionTimeoutMs: 200,
    });
    const started = consumer.start({
      groupId: 'nobody',
      topics: ['nothing'],
      handle: () => Promise.resolve(),
      batchSize: 1,
      concurrentPartitions: 1,
      retryMaxMs: 200,
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(consumer.isRunning()).toBe(false);
    await consumer.stop();
    await expect(started).resolves.toBeUndefined();
  });
});
