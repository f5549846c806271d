import { setTimeout as sleep } from 'node:timers/promises';
import { FaultRun, failures, FULL, summary, TIMEOUT_MS } from './fault-run';

const DEADLINE_MS = 3_000;

/**
 * A bridge told to stop while its database is silent cannot finish the transaction it is in. It must still
 * be gone by its deadline, and what it abandoned must be done by the bridge after it, once, in full.
 */
describe('shutdown deadline: a bridge stopped while its database is silent', () => {
  let run: FaultRun;
  afterAll(() => run?.dispose());

  it(
    'should exit by its deadline, and its successor should lose nothing and emit nothing twice',
    async () => {
      run = await FaultRun.start('shutdown deadline', {
        seed: 77,
        agencies: FULL ? 20 : 6,
        dossiers: FULL ? 480 : 80,
        outOfOrder: 0.2,
      });
      const { relay, url } = await run.databaseRelay();
      const viaRelay = { DATABASE_URL: url };
      // Its queries would wait a minute for an answer: far past the deadline.
      const first = await run.spawn({ ...viaRelay, SHUTDOWN_TIMEOUT_MS: String(DEADLINE_MS) });
      await first.waitForStatus('/health/ready', 200);

      const feeding = run.feed(Math.ceil(run.events / 20));
      await sleep(4_000);
      relay.silence();
      await sleep(2_000);
      const told = Date.now();
      const exit = await first.stop('SIGTERM', DEADLINE_MS + 30_000);
      const tookMs = Date.now() - told;
      relay.restore();
      await run.spawn(viaRelay);
      const delivery = await feeding;

      const report = await run.verdict(delivery, told);
      report.faults = 1;
      console.log(`${summary(report)}; the stopped bridge exited ${exit.code} after ${tookMs} ms`);
      expect(failures(report)).toEqual([]);
      expect(report.check.ok).toBe(true);
      expect(exit.code).toBe(1);
      expect(first.logged(`shutdown took longer than ${DEADLINE_MS} ms`)).toHaveLength(1);
      // The deadline plus the time to start exiting on a loaded machine, not the minute a query would wait.
      expect(tookMs).toBeLessThan(DEADLINE_MS + 5_000);
    },
    TIMEOUT_MS,
  );
});
