import { setTimeout as sleep } from 'node:timers/promises';
import { type TcpProxy } from '@test/support';
import { FaultRun, failures, FULL, summary, TIMEOUT_MS, watchReadiness } from './fault-run';

const OUTAGE_MS = (FULL ? 30 : 10) * 1000;

/**
 * The bridge reaches MariaDB through a relay the test breaks, in the two ways a database goes away: it
 * stops (every connection reset, new ones refused) or the network between them fails (every connection
 * silent, new ones never answered, and the silent ones never come back). The shared server keeps serving
 * the other suites.
 */
describe.each([
  [
    'database outage',
    'every MariaDB connection reset and new ones refused',
    (p: TcpProxy) => p.cut(),
    73,
    false,
  ],
  ['database partition', 'every MariaDB connection silent for good', (p: TcpProxy) => p.silence(), 76, true],
])('%s: %s mid-stream, then the database back', (scenario, _how, breakDatabase, seed, silent) => {
  let run: FaultRun;
  afterAll(() => run?.dispose());

  it(
    'should lose nothing, emit nothing twice, and say it was not ready meanwhile',
    async () => {
      run = await FaultRun.start(scenario, {
        seed,
        agencies: FULL ? 20 : 6,
        dossiers: FULL ? 480 : 80,
        outOfOrder: 0.2,
      });
      const { relay, url } = await run.databaseRelay();
      const bridge = await run.spawn({
        DATABASE_URL: url,
        HEALTH_CHECK_TIMEOUT_MS: '1000',
        // A silent connection is given up after this, not after the operating system's TCP timeout.
        DB_QUERY_TIMEOUT_MS: '5000',
      });
      await bridge.waitForStatus('/health/ready', 200);
      const readiness = watchReadiness(bridge);

      const feeding = run.feed(Math.ceil(run.events / 20));
      await sleep(4_000);
      const down = Date.now();
      breakDatabase(relay);
      await sleep(OUTAGE_MS);
      const restoring = Date.now();
      relay.restore();
      const delivery = await feeding;

      const report = await run.verdict(delivery, restoring);
      report.faults = 1;
      await bridge.waitForStatus('/health/ready', 200, 90_000);
      await readiness.stop();
      console.log(summary(report));
      expect(failures(report)).toEqual([]);
      expect(report.check.ok).toBe(true);
      expect(readiness.between(down + 5_000, restoring)).toContain(503);
      expect(readiness.between(down + 5_000, restoring)).not.toContain(200);
      expect(bridge.running).toBe(true);
      // A query left unanswered is given up and its connection dropped (and its session killed, if alive).
      expect(bridge.logged('went unanswered').length > 0).toBe(silent);
    },
    TIMEOUT_MS,
  );
});
