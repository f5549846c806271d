import { setTimeout as sleep } from 'node:timers/promises';
import { type KafkaConfig } from '@hoso/config';
import { DEAD_LETTER_HEADERS, type EFileAlert } from '@hoso/contracts';
import { kafkaClientConfig, type MessageHeaders, TopicRangeReader } from '@hoso/messaging';
import { type DeadLetter, type Delivery, type EmittedFile, type SimMessage } from '@hoso/simulator';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

/**
 * Sends a simulation's messages in order, `rate` a second (0: as fast as the broker takes them), and
 * returns where each one landed: the key partitioner is applied here, so every offset is known.
 */
export async function sendSimulation(
  kafka: KafkaConfig,
  messages: readonly SimMessage[],
  { rate = 0, onSent = (_n: number) => {} } = {},
): Promise<Delivery> {
  // kafkajs logs the retries it recovers from (a fresh broker's coordinator still loading) as errors;
  // what it cannot recover from is thrown.
  const client = new Kafka({ ...kafkaClientConfig(kafka, '-simulator'), logLevel: logLevel.NOTHING });
  const topics = { dossier: kafka.topics.dossierEvents, document: kafka.topics.documentEvents };
  const admin = client.admin();
  await admin.connect();
  const metadata = await admin
    .fetchTopicMetadata({ topics: Object.values(topics) })
    .finally(() => admin.disconnect());
  const partitions = new Map(metadata.topics.map((t) => [t.name, t.partitions]));
  const partitioner = Partitioners.DefaultPartitioner();
  // Idempotent: a retry after a broker restart must not write a message twice, or the offsets noted
  // here would point at the copies.
  const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  const expected: Delivery['expected'] = {};
  try {
    const chunk = rate > 0 ? Math.max(1, Math.round(rate / 10)) : 500;
    const started = Date.now();
    for (let i = 0; i < messages.length; i += chunk) {
      const slice = messages.slice(i, i + chunk).map((m) => {
        const topic = topics[m.topic];
        const message = { key: m.key, value: m.value, headers: m.headers };
        const partition = partitioner({ topic, partitionMetadata: partitions.get(topic)!, message });
        return { topic, message: { ...message, partition }, expect: m.expect };
      });
      const sent = await producer.sendBatch({
        topicMessages: Object.values(topics).map((topic) => ({
          topic,
          messages: slice.filter((s) => s.topic === topic).map((s) => s.message),
        })),
      });
      // The messages of one partition in one request are stored one after another from its base offset.
      const next = new Map(sent.map((r) => [`${r.topicName}/${r.partition}`, BigInt(r.baseOffset!)]));
      for (const s of slice) {
        const at = `${s.topic}/${s.message.partition}`;
        const offset = next.get(at)!;
        next.set(at, offset + 1n);
        expected[`${at}/${offset}`] = s.expect;
      }
      onSent(slice.length);
      if (rate > 0) await sleep(started + ((i + slice.length) / rate) * 1000 - Date.now());
    }
  } finally {
    await producer.disconnect();
  }
  return { expected };
}

export interface Output {
  files: EmittedFile[];
  deadLetters: DeadLetter[];
  alerts: Array<Pick<EFileAlert, 'kind' | 'dossierCode' | 'agencyCode'>>;
}

/** Everything on the e-file, alert and dead-letter topics now, read with a throwaway consumer group. */
export async function readOutput(kafka: KafkaConfig): Promise<Output> {
  const { efileAssembled, efileAlerts, deadLetter } = kafka.topics;
  const reader = new TopicRangeReader(kafka);
  const spans = await reader.plan({ topics: [efileAssembled, efileAlerts, deadLetter] });
  const output: Output = { files: [], deadLetters: [], alerts: [] };
  const data = <T>(value: Buffer | null) => (JSON.parse(value!.toString()) as { data: T }).data;
  const header = (headers: MessageHeaders, name: string) => String(headers[name] ?? '');
  await reader.read(spans, `${kafka.groupId}.check.${process.pid}.${Date.now()}`, async (batch) => {
    for (const m of batch.messages) {
      if (batch.topic === efileAssembled) output.files.push(data<EmittedFile>(m.value));
      else if (batch.topic === efileAlerts) output.alerts.push(data<EFileAlert>(m.value));
      else
        output.deadLetters.push({
          reason: header(m.headers, DEAD_LETTER_HEADERS.reason),
          from: [DEAD_LETTER_HEADERS.topic, DEAD_LETTER_HEADERS.partition, DEAD_LETTER_HEADERS.offset]
            .map((name) => header(m.headers, name))
            .join('/'),
        });
    }
    return Promise.resolve();
  });
  return output;
}
