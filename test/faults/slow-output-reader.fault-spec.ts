import { randomUUID } from 'node:crypto';
import { waitFor } from '@test/support';
import { Kafka, logLevel } from 'kafkajs';
import { FaultRun, failures, FULL, summary, TIMEOUT_MS } from './fault-run';

describe('slow reader of the output: the e-file topic is not read for a while', () => {
  let run: FaultRun;
  afterAll(() => run?.dispose());

  it(
    'should keep the bridge memory flat and hand the reader everything once it reads again',
    async () => {
      run = await FaultRun.start('slow output reader', {
        seed: 76,
        agencies: FULL ? 20 : 6,
        dossiers: FULL ? 480 : 80,
      });
      const kafka = new Kafka({
        clientId: 'slow-reader',
        brokers: run.kafka.brokers,
        logLevel: logLevel.NOTHING,
      });
      const reader = kafka.consumer({ groupId: `slow-${randomUUID()}`, maxWaitTimeInMs: 200 });
      await reader.connect();
      // A busy broker may answer "does not host this topic-partition" for a moment after creating it.
      await waitFor('the reader to subscribe', () =>
        reader.subscribe({ topic: run.kafka.topics.efileAssembled, fromBeginning: true }).then(() => true),
      );
      const read = new Set<string>();
      let paused = false;
      await reader.run({
        eachMessage: async ({ message, pause }) => {
          read.add(String(message.key));
          // After its first ten files the reader stops for the whole stream, as a stuck archive would.
          if (read.size === 10 && !paused) {
            paused = true;
            const resume = pause();
            setTimeout(resume, FULL ? 60_000 : 20_000);
          }
          return Promise.resolve();
        },
      });
      const bridge = await run.spawn();
      await bridge.waitForStatus('/health/ready', 200);
      const delivery = await run.feed(FULL ? 1_000 : 300);
      const report = await run.verdict(delivery, Date.now());
      const files = new Set(
        run.simulation.truth.dossiers.filter((d) => d.endedBy !== null).map((d) => d.dossierCode),
      );
      try {
        // The reader, once back, gets every file: nothing was held back in the bridge for it.
        await waitFor('the reader to catch up', () => read.size >= files.size, {
          timeoutMs: FULL ? 120_000 : 60_000,
        });
      } finally {
        await reader.disconnect();
      }
      console.log(
        `${summary(report)}; the reader paused ${FULL ? 60 : 20} s and then read ${read.size} file keys`,
      );
      expect(paused).toBe(true);
      expect(failures(report)).toEqual([]);
      expect(read.size).toBeGreaterThanOrEqual(files.size);
      expect(report.peakRssMb).toBeLessThan(600);
    },
    TIMEOUT_MS,
  );
});
