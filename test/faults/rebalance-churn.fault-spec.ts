import { setTimeout as sleep } from 'node:timers/promises';
import { FaultRun, failures, FULL, seeded, summary, TIMEOUT_MS } from './fault-run';

describe('rebalance churn: three bridges on 12 partitions, stopped and started while the stream flows', () => {
  let run: FaultRun;
  afterAll(() => run?.dispose());

  it(
    'should lose nothing and emit no (fileCode, revision) twice',
    async () => {
      run = await FaultRun.start('rebalance churn', {
        seed: 74,
        partitions: 12,
        agencies: FULL ? 20 : 6,
        dossiers: FULL ? 480 : 80,
        outOfOrder: 0.2,
      });
      const first = await Promise.all([run.spawn(), run.spawn(), run.spawn()]);
      await Promise.all(first.map((b) => b.waitForStatus('/health/ready', 200)));
      const random = seeded(74);
      const changes = FULL ? 10 : 4;
      const feeding = run.feed(Math.ceil(run.events / (changes * 5)));
      const politeExits: Array<number | null> = [];
      for (let k = 0; k < changes; k += 1) {
        await sleep(2_000 + random(3_000));
        const running = run.bridges.filter((b) => b.running);
        // Half leave politely (SIGTERM: finish, commit, leave the group), half are killed.
        const polite = k % 2 === 0;
        const leaving = running[random(running.length)]!;
        const exit = await leaving.stop(polite ? 'SIGTERM' : 'SIGKILL');
        if (polite) politeExits.push(exit.code);
        // Why a polite leave failed, should one fail.
        if (polite && exit.code !== 0) console.log(leaving.lines.slice(-30).join('\n'));
        await run.spawn();
      }
      const lastChange = Date.now();
      const delivery = await feeding;

      const report = await run.verdict(delivery, lastChange);
      report.faults = changes;
      console.log(`${summary(report)}; ${run.bridges.length} bridge processes in all`);
      expect(failures(report)).toEqual([]);
      expect(report.check.ok).toBe(true);
      expect(run.bridges.filter((b) => b.running)).toHaveLength(3);
      // Each polite leave finished its work within the shutdown deadline.
      expect(politeExits).toEqual(Array(Math.ceil(changes / 2)).fill(0));
    },
    TIMEOUT_MS,
  );
});
