import { kafkaConfig } from '@hoso/config';
import { Topic } from '@hoso/contracts';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from './kafka-options';

/**
 * Creates the bridge's topics when they are missing, before any consumer subscribes: on Kafka 4 a
 * subscription to a topic that does not exist yet fails instead of waiting for auto-creation.
 */
@Injectable()
export class TopicProvisioner implements OnApplicationBootstrap {
  private readonly logger = new Logger(TopicProvisioner.name);

  constructor(@Inject(kafkaConfig.KEY) private readonly cfg: ConfigType<typeof kafkaConfig>) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.cfg.createTopics) await this.ensure(Object.values(Topic));
  }

  async ensure(topics: readonly string[]): Promise<void> {
    const admin = new Kafka({ ...kafkaClientConfig(this.cfg, '-admin'), logLevel: logLevel.WARN }).admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: this.cfg.topicPartitions })),
        waitForLeaders: true,
      });
      this.logger.log(`Created topics ${missing.join(', ')} with ${this.cfg.topicPartitions} partitions`);
    } finally {
      await admin.disconnect();
    }
  }
}
