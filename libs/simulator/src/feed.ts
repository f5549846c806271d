import { setTimeout as sleep } from 'node:timers/promises';
import { type KafkaConfig } from '@hoso/config';
import { DEAD_LETTER_HEADERS, type EFileAlert } from '@hoso/contracts';
import { KafkajsMessagePublisher, type MessageHeaders, TopicRangeReader } from '@hoso/messaging';
import { type DeadLetter, type Delivery, type EmittedFile } from './check';
import { type SimMessage } from './simulate';

/**
 * Sends a simulation's messages in order, `rate` a second (0: as fast as the broker takes them), through
 * the messaging port, and returns where each one landed, so every dead letter can be told apart.
 */
export async function sendSimulation(
  kafka: KafkaConfig,
  messages: readonly SimMessage[],
  { rate = 0, onSent = (_n: number) => {} } = {},
): Promise<Delivery> {
  const topics = {
    dossier: kafka.topics.dossierEvents,
    document: kafka.topics.documentEvents,
    edxml: kafka.topics.edxmlMessages,
  };
  // Idempotent: a retry after a broker restart must not write a message twice, or the offsets noted
  // here would point at the copies.
  const publisher = new KafkajsMessagePublisher(kafka);
  const expected: Delivery['expected'] = {};
  try {
    const chunk = rate > 0 ? Math.max(1, Math.round(rate / 10)) : 500;
    const started = Date.now();
    for (let i = 0; i < messages.length; i += chunk) {
      const slice = messages.slice(i, i + chunk);
      const positions = await publisher.publishPositioned(
        slice.map((m) => ({ topic: topics[m.topic], key: m.key, value: m.value, headers: m.headers })),
      );
      positions.forEach((p, j) => (expected[`${p.topic}/${p.partition}/${p.offset}`] = slice[j]!.expect));
      onSent(slice.length);
      if (rate > 0) await sleep(started + ((i + slice.length) / rate) * 1000 - Date.now());
    }
  } finally {
    await publisher.close();
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
