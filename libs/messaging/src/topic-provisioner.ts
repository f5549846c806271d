import { kafkaConfig } from '@hoso/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Kafka } from 'kafkajs';
import { kafkaClientConfig, kafkajsLogCreator } from './kafka-options';

/** Room for the largest message a dead letter may have to carry back unchanged. */
const MAX_MESSAGE_BYTES = String(16 << 20);

/**
 * Creates the bridge's topics when they are missing, before any consumer subscribes: on Kafka 4 a
 * subscription to a topic that does not exist yet fails instead of waiting for auto-creation.
 */
@Injectable()
export class TopicProvisioner {
  private readonly logger = new Logger(TopicProvisioner.name);

  constructor(@Inject(kafkaConfig.KEY) private readonly cfg: ConfigType<typeof kafkaConfig>) {}

  /** Every topic in the configuration (sources, outputs, dead letters). */
  ensureBridgeTopics(): Promise<void> {
    return this.ensure(Object.values(this.cfg.topics));
  }

  /** Creates those of the topics that are missing, with this many partitions (the configured count by default). */
  async ensure(topics: readonly string[], partitions = this.cfg.topicPartitions): Promise<void> {
    const admin = this.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = [...new Set(topics)].filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          configEntries: [{ name: 'max.message.bytes', value: MAX_MESSAGE_BYTES }],
        })),
        waitForLeaders: true,
      });
      this.logger.log(`Created topics ${missing.join(', ')} with ${partitions} partitions`);
    } finally {
      await admin.disconnect();
    }
  }

  /** Deletes topics (scratch topics of a benchmark, say). */
  async remove(topics: readonly string[]): Promise<void> {
    if (topics.length === 0) return;
    const admin = this.admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [...topics] });
    } finally {
      await admin.disconnect();
    }
  }

  private admin() {
    return new Kafka({ ...kafkaClientConfig(this.cfg, '-admin'), logCreator: kafkajsLogCreator }).admin();
  }
}
