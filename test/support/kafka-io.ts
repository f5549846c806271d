import { randomUUID } from 'node:crypto';
import { type IHeaders, Kafka, logLevel, Partitioners } from 'kafkajs';
import { waitFor } from './wait-for';

export interface OutgoingFixture {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string | Buffer>;
  partition?: number;
}

export interface ReadMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  partition: number;
  offset: string;
}

const kafka = (brokers = process.env.KAFKA_BROKERS!.split(',')) =>
  new Kafka({ clientId: 'hoso-tests', brokers, logLevel: logLevel.NOTHING });

/** Produces messages in order (a partition may be given per message). */
export async function produceTo(topic: string, messages: readonly OutgoingFixture[]): Promise<void> {
  const producer = kafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 100)
      await producer.send({ topic, messages: messages.slice(i, i + 100) });
  } finally {
    await producer.disconnect();
  }
}

/** Every message of a topic from the start, once at least `count` have arrived. */
export async function readTopic(topic: string, count: number, timeoutMs = 60_000): Promise<ReadMessage[]> {
  const consumer = kafka().consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 500 });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message, partition }) =>
        Promise.resolve(
          void messages.push({
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
            partition,
            offset: message.offset,
          }),
        ),
    });
    await waitFor(`${count} messages on ${topic}`, () => messages.length >= count, { timeoutMs });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

/** The group's committed offsets reached the end of every partition of these topics. */
export async function caughtUp(groupId: string, topics: readonly string[]): Promise<boolean> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const at = (partition: number) => committed?.partitions.find((p) => p.partition === partition)?.offset;
      if (!ends.every((end) => end.high === '0' || at(end.partition) === end.high)) return false;
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}

/** Collects a topic's messages from the start, in the background, until stopped. */
export async function collect(
  topic: string,
): Promise<{ messages: ReadMessage[]; stop: () => Promise<void> }> {
  const consumer = kafka().consumer({ groupId: `collector-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const messages: ReadMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message, partition }) =>
      Promise.resolve(
        void messages.push({
          key: message.key,
          value: message.value,
          headers: message.headers ?? {},
          partition,
          offset: message.offset,
        }),
      ),
  });
  return { messages, stop: () => consumer.disconnect() };
}

/** Creates topics with the given number of partitions (and room for large messages), on the test broker by default. */
export async function createTopics(
  topics: readonly string[],
  partitions: number,
  brokers?: string[],
): Promise<void> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({
        topic,
        numPartitions: partitions,
        configEntries: [{ name: 'max.message.bytes', value: String(16 << 20) }],
      })),
      waitForLeaders: false,
    });
    // kafkajs's own wait (on unless turned off) gives up on "does not host this topic-partition", which a
    // busy broker answers for a moment after creating a topic: ask again until every partition has a leader.
    await waitFor(
      `leaders for ${topics.join(', ')}`,
      async () => {
        const { topics: found } = await admin.fetchTopicMetadata({ topics: [...topics] }).catch(() => ({
          topics: [],
        }));
        return (
          found.length === topics.length &&
          found.every((t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0))
        );
      },
      { timeoutMs: 60_000 },
    );
  } finally {
    await admin.disconnect();
  }
}

/** How many members a consumer group has once it is stable (0 while it rebalances). */
export async function stableMembers(groupId: string): Promise<number> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    const [group] = (await admin.describeGroups([groupId])).groups;
    return group?.state === 'Stable' ? group.members.length : 0;
  } finally {
    await admin.disconnect();
  }
}

/** A suite's own topics (so suites sharing a broker never read each other's), and the bridge's settings for them. */
export function suiteTopics(prefix: string) {
  const id = randomUUID().slice(0, 8);
  const topics = {
    dossier: `${prefix}.${id}.dossier`,
    document: `${prefix}.${id}.document`,
    efiles: `${prefix}.${id}.efiles`,
    alerts: `${prefix}.${id}.alerts`,
    dlq: `${prefix}.${id}.dlq`,
    receipts: `${prefix}.${id}.receipts`,
  };
  const env = {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    KAFKA_GROUP_ID: `${prefix}-${id}`,
    KAFKA_TOPIC_DOSSIER_EVENTS: topics.dossier,
    KAFKA_TOPIC_DOCUMENT_EVENTS: topics.document,
    KAFKA_TOPIC_EFILE_ASSEMBLED: topics.efiles,
    KAFKA_TOPIC_EFILE_ALERTS: topics.alerts,
    KAFKA_TOPIC_DEAD_LETTER: topics.dlq,
    KAFKA_TOPIC_ARCHIVE_RECEIPTS: topics.receipts,
  };
  return { id, topics, env };
}
