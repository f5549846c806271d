import { setTimeout as sleep } from 'node:timers/promises';
import { TcpProxy, waitFor } from '@test/support';
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
  let proxy: TcpProxy;
  afterAll(async () => {
    // First the relay: the server drops the sessions it held open, whose locks would block dropping the database.
    await proxy?.close();
    await run?.dispose();
  });

  it(
    'should lose nothing, emit nothing twice, and say it was not ready meanwhile',
    async () => {
      run = await FaultRun.start(scenario, {
        seed,
        agencies: FULL ? 20 : 6,
        dossiers: FULL ? 480 : 80,
        outOfOrder: 0.2,
      });
      if (run.db.config.kind !== 'mysql') throw new Error('the outage needs MariaDB');
      const url = new URL(run.db.config.url);
      proxy = await TcpProxy.start(Number(url.port || 3306), url.hostname);
      url.port = String(proxy.port);
      const bridge = await run.spawn({
        DATABASE_URL: url.toString(),
        HEALTH_CHECK_TIMEOUT_MS: '1000',
        // A silent connection is given up after this, not after the operating system's TCP timeout.
        DB_QUERY_TIMEOUT_MS: '5000',
      });
      await bridge.waitForStatus('/health/ready', 200);
      const readiness = watchReadiness(bridge);

      const feeding = run.feed(Math.ceil(run.events / 20));
      await sleep(4_000);
      const down = Date.now();
      breakDatabase(proxy);
      await sleep(OUTAGE_MS);
      const restoring = Date.now();
      proxy.restore();
      const delivery = await feeding;

      const report = await run.verdict(delivery, restoring);
      report.faults = 1;
      await waitFor('ready again', () => bridge.status('/health/ready').then((s) => s === 200));
      await readiness.stop();
      console.log(summary(report));
      expect(failures(report)).toEqual([]);
      expect(report.check.ok).toBe(true);
      expect(readiness.between(down + 5_000, restoring)).toContain(503);
      expect(readiness.between(down + 5_000, restoring)).not.toContain(200);
      expect(bridge.running).toBe(true);
      // A silent connection's server session may hold locks: the bridge kills it once the server answers.
      expect(bridge.logged('Killed session').length > 0).toBe(silent);
    },
    TIMEOUT_MS,
  );
});
