import { setTimeout as sleep } from 'node:timers/promises';
import { kafkaBroker } from '@test/support';
import { FaultRun, failures, FULL, merged, summary, TIMEOUT_MS, watchReadiness } from './fault-run';

/** A broker of this scenario's own: stopping the shared one would fail every other suite. */
const PORT = Number(process.env.KAFKA_FAULT_PORT ?? 29392);
const OUTAGE_MS = (FULL ? 30 : 10) * 1000;

describe('broker restart: the Kafka broker stopped mid-stream and started again', () => {
  let run: FaultRun;
  beforeAll(async () => {
    await kafkaBroker('reset', PORT);
    await kafkaBroker('start', PORT);
  }, 120_000);
  afterAll(async () => {
    await run?.dispose();
    await kafkaBroker('stop', PORT);
  }, 120_000);

  it(
    'should lose nothing, emit nothing twice, and say it was not ready meanwhile',
    async () => {
      run = await FaultRun.start('broker restart', {
        seed: 72,
        brokers: `127.0.0.1:${PORT}`,
        agencies: FULL ? 20 : 6,
        dossiers: FULL ? 480 : 80,
        outOfOrder: 0.2,
      });
      const bridge = await run.spawn({ HEALTH_CHECK_TIMEOUT_MS: '1000' });
      await bridge.waitForStatus('/health/ready', 200);
      const readiness = watchReadiness(bridge);

      // The first half at once: the bridge is still working through it when the broker goes.
      const first = await run.feed(0, { to: 0.5 });
      await sleep(1_000);
      const down = Date.now();
      await kafkaBroker('stop', PORT);
      await sleep(OUTAGE_MS);
      const starting = Date.now();
      await kafkaBroker('start', PORT);
      const up = Date.now();
      const second = await run.feed(0, { from: 0.5 });

      const report = await run.verdict(merged(first, second), up);
      report.faults = 1;
      await bridge.waitForStatus('/health/ready', 200, 90_000);
      await readiness.stop();
      console.log(`${summary(report)}; outage ${(up - down) / 1000} s`);
      expect(failures(report)).toEqual([]);
      expect(report.check.ok).toBe(true);
      // Told the truth: not ready while the broker was away, ready again after, without a restart.
      expect(readiness.between(down + 5_000, starting)).toContain(503);
      expect(readiness.between(down + 5_000, starting)).not.toContain(200);
      expect(bridge.running).toBe(true);
    },
    TIMEOUT_MS,
  );
});
