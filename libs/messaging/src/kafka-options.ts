import { type KafkaConfig as HosoKafkaConfig } from '@hoso/config';
import { type KafkaOptions, Transport } from '@nestjs/microservices';
import { type KafkaConfig, Partitioners } from 'kafkajs';

/** kafkajs client settings derived from the bridge's configuration. */
export function kafkaClientConfig(cfg: HosoKafkaConfig, clientSuffix = ''): KafkaConfig {
  return {
    clientId: cfg.clientId + clientSuffix,
    brokers: cfg.brokers,
    connectionTimeout: cfg.connectionTimeoutMs,
    requestTimeout: cfg.requestTimeoutMs,
  };
}

/** The Nest Kafka transport that consumes both source topics in the bridge's consumer group. */
export function kafkaMicroserviceOptions(cfg: HosoKafkaConfig): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: kafkaClientConfig(cfg),
      consumer: { groupId: cfg.groupId },
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      // Topics come from the @EventPattern handlers; a new group starts at the beginning so nothing is skipped.
      subscribe: { fromBeginning: true },
      // The inbox hashes and stores the exact bytes, so Nest must not parse the value.
      parser: { keepBinary: true },
      // Nest appends "-server" to client and group ids by default; operators expect the configured ids.
      postfixId: '',
    },
  };
}
