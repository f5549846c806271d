import { FaultRun, failures, FULL, summary, TIMEOUT_MS } from './fault-run';
import { hostileMessages, withInjections } from './hostile-input';

describe('hostile input: fuzzed and mutated messages mixed into a valid stream', () => {
  let run: FaultRun;
  afterAll(() => run?.dispose());

  it(
    'should dead-letter exactly the hostile messages, each with its reason, and file the rest',
    async () => {
      const count = FULL ? 2_000 : 300;
      run = await FaultRun.start('hostile input', {
        seed: 75,
        agencies: FULL ? 10 : 4,
        dossiers: FULL ? 200 : 60,
        transform: (valid) => {
          // Each hostile message at a fixed pseudo-random place in the valid stream.
          const mixed = withInjections(valid);
          hostileMessages(valid, count, 75).forEach((m, i) =>
            mixed.splice((i * 7_919) % (mixed.length + 1), 0, m),
          );
          return mixed;
        },
      });
      const bridge = await run.spawn();
      await bridge.waitForStatus('/health/ready', 200);
      const delivery = await run.feed(0);

      const report = await run.verdict(delivery, Date.now());
      console.log(summary(report));
      expect(failures(report)).toEqual([]);
      expect(report.check.ok).toBe(true);
      expect(report.check.deadLetters.found).toBeGreaterThanOrEqual(count);
      expect(bridge.running).toBe(true);
      expect(report.peakRssMb).toBeLessThan(600);
    },
    TIMEOUT_MS,
  );
});
