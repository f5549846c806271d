import { setTimeout as sleep } from 'node:timers/promises';
import { TcpProxy, waitFor } from '@test/support';
import { FaultRun, failures, FULL, summary, TIMEOUT_MS, watchReadiness } from './fault-run';

const OUTAGE_MS = (FULL ? 30 : 10) * 1000;

/**
 * The bridge reaches MariaDB through a relay the test cuts: every connection reset and new ones refused,
 * as when the server stops; the shared server itself keeps serving the other suites.
 */
describe('database outage: every MariaDB connection dropped and refused mid-stream, then back', () => {
  let run: FaultRun;
  let proxy: TcpProxy;
  afterAll(async () => {
    await run?.dispose();
    await proxy?.close();
  });

  it(
    'should lose nothing, emit nothing twice, and say it was not ready meanwhile',
    async () => {
      run = await FaultRun.start('database outage', {
        seed: 73,
        agencies: FULL ? 20 : 6,
        dossiers: FULL ? 480 : 80,
        outOfOrder: 0.2,
      });
      if (run.db.config.kind !== 'mysql') throw new Error('the outage needs MariaDB');
      const url = new URL(run.db.config.url);
      proxy = await TcpProxy.start(Number(url.port || 3306), url.hostname);
      url.port = String(proxy.port);
      const bridge = await run.spawn({ DATABASE_URL: url.toString(), HEALTH_CHECK_TIMEOUT_MS: '1000' });
      await bridge.waitForStatus('/health/ready', 200);
      const readiness = watchReadiness(bridge);

      const feeding = run.feed(Math.ceil(run.events / 20));
      await sleep(4_000);
      const down = Date.now();
      proxy.cut();
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
    },
    TIMEOUT_MS,
  );
});
