import { kafkaConfig } from '@hoso/config';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Kafka, type Message, type PartitionMetadata, Partitioners, type Producer } from 'kafkajs';
import { kafkaClientConfig, kafkajsLogCreator } from '../kafka-options';
import { type OutgoingMessage } from '../message';
import { MessagePublisher, type Position } from './message-publisher';

/** The publisher port on an idempotent kafkajs producer (no duplicates from its own retries). */
@Injectable()
export class KafkajsMessagePublisher extends MessagePublisher implements OnApplicationShutdown {
  private producer?: Promise<Producer>;
  private readonly partitions = new Map<string, PartitionMetadata[]>();
  private readonly partitioner = Partitioners.DefaultPartitioner();

  constructor(@Inject(kafkaConfig.KEY) private readonly cfg: ConfigType<typeof kafkaConfig>) {
    super();
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connected();
    const byTopic = new Map<string, Message[]>();
    for (const { topic, key, value, headers } of messages) {
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key, value, headers }]);
    }
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
    } catch (error) {
      // Start from a fresh connection next time.
      this.producer = undefined;
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async publishPositioned(messages: OutgoingMessage[]): Promise<Position[]> {
    if (messages.length === 0) return [];
    const producer = await this.connected();
    await this.learnPartitions(messages.map((m) => m.topic));
    // The partitioner is the producer's own, applied here so that each message's partition is known.
    const placed = messages.map(({ topic, key, value, headers }) => {
      const message = { key, value, headers };
      const partitionMetadata = this.partitions.get(topic)!;
      return {
        topic,
        message: { ...message, partition: this.partitioner({ topic, partitionMetadata, message }) },
      };
    });
    const topics = [...new Set(placed.map((p) => p.topic))];
    const stored = await producer.sendBatch({
      acks: -1,
      topicMessages: topics.map((topic) => ({
        topic,
        messages: placed.filter((p) => p.topic === topic).map((p) => p.message),
      })),
    });
    // The messages of one partition in one request are stored one after another from its base offset.
    const next = new Map(stored.map((r) => [`${r.topicName}/${r.partition}`, BigInt(r.baseOffset!)]));
    return placed.map(({ topic, message: { partition } }) => {
      const at = `${topic}/${partition}`;
      const offset = next.get(at)!;
      next.set(at, offset + 1n);
      return { topic, partition, offset: offset.toString() };
    });
  }

  private async learnPartitions(topics: string[]): Promise<void> {
    const unknown = [...new Set(topics)].filter((topic) => !this.partitions.has(topic));
    if (unknown.length === 0) return;
    const admin = new Kafka({
      ...kafkaClientConfig(this.cfg, '-admin'),
      logCreator: kafkajsLogCreator,
    }).admin();
    await admin.connect();
    try {
      const { topics: described } = await admin.fetchTopicMetadata({ topics: unknown });
      for (const t of described) this.partitions.set(t.name, t.partitions);
    } finally {
      await admin.disconnect();
    }
  }

  /** Last of all, after the outbox relay's final drain. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  /** Disconnects the producer; the next publish connects again. */
  async close(): Promise<void> {
    const producer = await this.producer?.catch(() => undefined);
    await producer?.disconnect();
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const kafka = new Kafka({ ...kafkaClientConfig(this.cfg, '-producer'), logCreator: kafkajsLogCreator });
      const producer = kafka.producer({
        idempotent: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = undefined;
      throw error;
    });
    return this.producer;
  }
}
