import { kafkaBroker } from './kafka-broker';
import { ensureMariaDb } from './mariadb';

/**
 * Provisions MariaDB and, unless KAFKA_BROKERS is set, a fresh local broker. Both service projects
 * (integration, e2e) name this file; the first call does the work and the second finds it done.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.HOSO_TEST_RUN) return;
  process.env.HOSO_TEST_RUN = `hoso_test_${Date.now().toString(36)}_${process.pid}`;
  await ensureMariaDb();

  if (!process.env.KAFKA_BROKERS) {
    // Test brokers listen below Linux's ephemeral range (32768–60999): a port in it can be held for a
    // moment by any outgoing connection, and a broker that cannot bind fails the whole e2e project.
    const port = Number(process.env.KAFKA_TEST_PORT ?? 29092);
    const started = Date.now();
    await kafkaBroker('reset', port);
    await kafkaBroker('start', port);
    process.env.KAFKA_BROKERS = `127.0.0.1:${port}`;
    process.env.HOSO_TEST_KAFKA_PORT = String(port);
    console.log(
      `\ntest broker on 127.0.0.1:${port} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
