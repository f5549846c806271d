import { kafkaConfig } from '@hoso/config';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { kafkaClientConfig, kafkajsLogCreator } from '../kafka-options';
import { type OutgoingMessage } from '../message';
import { MessagePublisher } from './message-publisher';

/** The publisher port on an idempotent kafkajs producer (no duplicates from its own retries). */
@Injectable()
export class KafkajsMessagePublisher extends MessagePublisher implements OnApplicationShutdown {
  private producer?: Promise<Producer>;

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

  /** Last of all, after the outbox relay's final drain. */
  async onApplicationShutdown(): Promise<void> {
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
