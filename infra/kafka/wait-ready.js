// Polls a Kafka broker with a metadata request until it answers or the deadline passes.
// Usage: node wait-ready.js <host:port> <timeoutMs> [pid]   (exit 0 = ready, 1 = not ready)
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const [broker, timeoutArg, pidArg] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutArg ?? 60000);
const pid = pidArg ? Number(pidArg) : undefined;

const isAlive = (p) => {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
};

async function answersMetadata() {
  const kafka = new Kafka({
    clientId: 'hoso-kafka-wait-ready',
    brokers: [broker],
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

(async () => {
  for (;;) {
    if (await answersMetadata()) process.exit(0);
    if (pid !== undefined && !isAlive(pid)) {
      console.error(`the broker process ${pid} exited before it answered`);
      process.exit(1);
    }
    if (Date.now() > deadline) process.exit(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
})();
