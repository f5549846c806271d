import { setTimeout as sleep } from 'node:timers/promises';
import { FaultRun, failures, FULL, seeded, summary, TIMEOUT_MS } from './fault-run';

/** Where a bridge kills itself when armed: mid-transaction, after storing, after publishing. */
const FAILPOINTS = ['intake.mid-transaction', 'intake.after-store', 'relay.after-publish'];

describe('crash loop: the bridge killed with SIGKILL again and again while the stream flows', () => {
  let run: FaultRun;
  afterAll(() => run?.dispose());

  it(
    'should lose nothing and emit no (fileCode, revision) twice',
    async () => {
      run = await FaultRun.start('crash loop', {
        seed: 71,
        agencies: FULL ? 20 : 6,
        dossiers: FULL ? 480 : 80,
        duplicates: 0.05,
        outOfOrder: 0.2,
        malformed: 0.01,
      });
      const random = seeded(71);
      const kills = FULL ? 12 : 4;
      // The stream lasts about as long as the kills (each life is a few seconds), so every one lands in it.
      const feeding = run.feed(Math.ceil(run.events / (kills * 6)));
      let selfKilled = 0;
      for (let k = 0; k < kills; k += 1) {
        // Every other life is armed to die at a chosen step; the others are killed from outside at random.
        const armed = k % 2 === 1 ? `${FAILPOINTS[(k >> 1) % FAILPOINTS.length]}=${1 + random(4)}` : '';
        const bridge = await run.spawn(armed ? { HOSO_FAILPOINTS: armed } : {});
        await bridge.waitForStatus('/health/live', 200).catch(() => undefined); // an armed one may die first
        if (armed) await bridge.waitForExit(20_000).catch(() => undefined);
        else await sleep(300 + random(3_000));
        if (bridge.running) await bridge.stop('SIGKILL');
        else selfKilled += 1;
      }
      await run.spawn();
      const lastFault = Date.now();
      const delivery = await feeding;

      const report = await run.verdict(delivery, lastFault);
      report.faults = kills;
      console.log(`${summary(report)}; ${selfKilled} of the kills at a failpoint`);
      expect(failures(report)).toEqual([]);
      expect(report.check.ok).toBe(true);
      expect(report.peakRssMb).toBeLessThan(600);
    },
    TIMEOUT_MS,
  );
});
