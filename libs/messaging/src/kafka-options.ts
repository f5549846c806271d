import { type KafkaConfig as HosoKafkaConfig } from '@hoso/config';
import { Logger } from '@nestjs/common';
import { type KafkaConfig, logLevel, type logCreator, type SASLOptions } from 'kafkajs';

/** kafkajs client settings derived from the bridge's configuration. */
export function kafkaClientConfig(cfg: HosoKafkaConfig, clientSuffix = ''): KafkaConfig {
  return {
    clientId: cfg.clientId + clientSuffix,
    brokers: cfg.brokers,
    connectionTimeout: cfg.connectionTimeoutMs,
    requestTimeout: cfg.requestTimeoutMs,
    // Undefined keys leave kafkajs's plain-TCP, unauthenticated defaults.
    ssl: cfg.tls ? { ...cfg.tls, rejectUnauthorized: true } : undefined,
    // The configuration allows exactly kafkajs's three username/password mechanisms.
    sasl: (cfg.sasl as SASLOptions | null) ?? undefined,
  };
}

const kafkaLogger = new Logger('Kafka');

/**
 * Sends kafkajs's log lines through Nest's logger (JSON via pino). kafkajs reports connection trouble it
 * recovers from at ERROR; those are warnings here, and failures that matter surface through health.
 */
export const kafkajsLogCreator: logCreator =
  () =>
  ({ namespace, level, log }) => {
    const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
    const text = `${namespace}: ${message}`;
    if (level === logLevel.ERROR || level === logLevel.WARN) kafkaLogger.warn(fields, text);
    else if (level === logLevel.INFO) kafkaLogger.log(fields, text);
    else kafkaLogger.debug(fields, text);
  };
