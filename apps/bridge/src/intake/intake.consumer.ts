import { intakeConfig, kafkaConfig } from '@hoso/config';
import { MessageConsumer, retryUntilStopped, TopicProvisioner } from '@hoso/messaging';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { IntakeService } from './intake.service';

/**
 * Consumes both source topics into intake. It starts in the background, so the bridge serves health while
 * Kafka is away, and it stops first on shutdown, while the database is still open.
 */
@Injectable()
export class IntakeConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IntakeConsumer.name);
  private stopped = false;
  private starting?: Promise<void>;

  constructor(
    private readonly consumer: MessageConsumer,
    private readonly topics: TopicProvisioner,
    private readonly intake: IntakeService,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
    @Inject(intakeConfig.KEY) private readonly cfg: ConfigType<typeof intakeConfig>,
  ) {}

  onApplicationBootstrap(): void {
    this.starting = this.start().catch((error: unknown) =>
      this.logger.error(`Intake did not start: ${String(error)}`),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    // Stop first: a start still joining the group (slow while it rebalances) gives up at once.
    await this.consumer.stop();
    await this.starting;
  }

  private async start(): Promise<void> {
    if (this.kafka.createTopics) {
      const created = await retryUntilStopped(() => this.topics.ensureBridgeTopics(), {
        maxMs: this.cfg.retryMaxMs,
        stopped: () => this.stopped,
        onError: (error, delay) =>
          this.logger.warn(`Cannot create the topics yet (${String(error)}); retrying in ${delay} ms`),
      });
      if (!created) return;
    }
    await this.consumer.start({
      groupId: this.kafka.groupId,
      topics: [this.kafka.topics.dossierEvents, this.kafka.topics.documentEvents],
      handle: (batch) => this.intake.handle(batch),
      batchSize: this.cfg.batchSize,
      concurrentPartitions: this.cfg.concurrentPartitions,
      retryMaxMs: this.cfg.retryMaxMs,
    });
  }
}
