import { intakeConfig, kafkaConfig } from '@hoso/config';
import { Topic } from '@hoso/contracts';
import {
  BatchFailures,
  KafkaBatchServer,
  MessageConsumer,
  type PartitionBatch,
  retryUntilStopped,
  TopicProvisioner,
} from '@hoso/messaging';
import { Controller, Inject, Injectable, Logger, type OnModuleDestroy, UseFilters } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { EventPattern, Payload } from '@nestjs/microservices';
import { IntakeService } from './intake.service';

/** Both source topics' batches, each stored by intake in one transaction before its offsets are committed. */
@Controller()
@UseFilters(BatchFailures)
export class IntakeConsumer {
  constructor(private readonly intake: IntakeService) {}

  @EventPattern('dossierEvents' satisfies keyof typeof Topic)
  dossierEvents(@Payload() batch: PartitionBatch): Promise<unknown> {
    return this.intake.handle(batch);
  }

  @EventPattern('documentEvents' satisfies keyof typeof Topic)
  documentEvents(@Payload() batch: PartitionBatch): Promise<unknown> {
    return this.intake.handle(batch);
  }
}

/**
 * The bridge's Kafka transport (main.ts connects it as the microservice): the source topics, as
 * configured, dispatched by pattern to IntakeConsumer. It creates the topics first when asked to, starts
 * in the background so the bridge serves health while Kafka is away, and stops first on shutdown, while
 * the database is still open.
 */
@Injectable()
export class IntakeTransport extends KafkaBatchServer implements OnModuleDestroy {
  constructor(
    consumer: MessageConsumer,
    provisioner: TopicProvisioner,
    @Inject(kafkaConfig.KEY) kafka: ConfigType<typeof kafkaConfig>,
    @Inject(intakeConfig.KEY) intake: ConfigType<typeof intakeConfig>,
  ) {
    const logger = new Logger(IntakeTransport.name);
    super(consumer, {
      groupId: kafka.groupId,
      patterns: {
        [kafka.topics.dossierEvents]: 'dossierEvents',
        [kafka.topics.documentEvents]: 'documentEvents',
        // The edXML adapter's input (EdxmlConsumer), in the same group.
        [kafka.topics.edxmlMessages]: 'edxmlMessages',
        // The archive's answers (ArchiveReceiptsConsumer), in the same group.
        [kafka.topics.archiveReceipts]: 'archiveReceipts',
      },
      batchSize: intake.batchSize,
      concurrentPartitions: intake.concurrentPartitions,
      retryMaxMs: intake.retryMaxMs,
      beforeConsuming: (closing) =>
        kafka.createTopics
          ? retryUntilStopped(() => provisioner.ensureBridgeTopics(), {
              maxMs: intake.retryMaxMs,
              stopped: closing,
              onError: (error, delay) =>
                logger.warn(`Cannot create the topics yet (${String(error)}); retrying in ${delay} ms`),
            })
          : Promise.resolve(true),
    });
  }

  /** Stops consuming before any other part of the bridge shuts down (Nest closes transports later). */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}
