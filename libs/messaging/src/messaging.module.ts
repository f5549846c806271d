import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { KafkajsMessageConsumer } from './consumer/kafkajs-message-consumer';
import { MessageConsumer } from './consumer/message-consumer';
import { KafkaProbe } from './kafka-probe';
import { OutboxRelay } from './outbox/outbox-relay';
import { KafkajsMessagePublisher } from './publisher/kafkajs-message-publisher';
import { MessagePublisher } from './publisher/message-publisher';
import { TopicRangeReader } from './replay/topic-range-reader';
import { TopicProvisioner } from './topic-provisioner';

/** Kafka behind its ports: consumer, publisher, outbox relay, topic provisioning and a broker probe. */
@Module({
  imports: [PersistenceModule],
  providers: [
    KafkaProbe,
    TopicProvisioner,
    TopicRangeReader,
    OutboxRelay,
    { provide: MessageConsumer, useClass: KafkajsMessageConsumer },
    { provide: MessagePublisher, useClass: KafkajsMessagePublisher },
  ],
  exports: [KafkaProbe, TopicProvisioner, TopicRangeReader, OutboxRelay, MessageConsumer, MessagePublisher],
})
export class MessagingModule {}
