import { kafkaBroker } from './kafka-broker';
import { dropDatabasesWithPrefix } from './mariadb';

/** Undoes the global setup once, whichever service project finishes last. */
export default async function globalTeardown(): Promise<void> {
  const run = process.env.HOSO_TEST_RUN;
  const kafkaPort = process.env.HOSO_TEST_KAFKA_PORT;
  delete process.env.HOSO_TEST_RUN;
  delete process.env.HOSO_TEST_KAFKA_PORT;
  if (run) await dropDatabasesWithPrefix(run);
  // Only a broker this run started is stopped, and its data deleted.
  if (kafkaPort) {
    await kafkaBroker('reset', Number(kafkaPort));
    delete process.env.KAFKA_BROKERS;
  }
}
