import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TruthFile } from '@hoso/simulator';
import {
  BridgeProcess,
  caughtUp,
  LAB_MAIN,
  createTopics,
  REPO_ROOT,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';

describe('a hostile simulated stream through the bridge on MariaDB, checked against its ground truth', () => {
  const id = randomUUID().slice(0, 8);
  const topics = {
    KAFKA_TOPIC_DOSSIER_EVENTS: `s.${id}.dossier`,
    KAFKA_TOPIC_DOCUMENT_EVENTS: `s.${id}.document`,
    KAFKA_TOPIC_EFILE_ASSEMBLED: `s.${id}.efiles`,
    KAFKA_TOPIC_EFILE_ALERTS: `s.${id}.alerts`,
    KAFKA_TOPIC_DEAD_LETTER: `s.${id}.dlq`,
  };
  const folder = mkdtempSync(join(tmpdir(), 'hoso-sim-'));
  const truthFile = join(folder, 'truth.json');
  let db: TestDatabase;
  let bridge: BridgeProcess;
  const env = () => ({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    KAFKA_GROUP_ID: `s-${id}`,
    ...topics,
    DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
    RELAY_INTERVAL_MS: '200',
  });
  const lab = (...args: string[]) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      const cliEnv = { PATH: process.env.PATH, ...env(), HOSO_URL: bridge.baseUrl };
      execFile(process.execPath, [LAB_MAIN, ...args], { cwd: REPO_ROOT, env: cliEnv }, (error, stdout) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout }),
      );
    });

  beforeAll(async () => {
    db = await throwawayMariaDb('simulation');
    await createTopics(Object.values(topics), 6);
    bridge = await BridgeProcess.spawn(env());
    await bridge.waitForStatus('/health/ready', 200);
  });
  afterAll(async () => {
    await bridge?.stop();
    await db?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('should file every dossier as the truth says, dead-letter exactly the broken messages, and notice a lie', async () => {
    const sent = await lab(
      'simulate',
      ...['--seed', '11', '--agencies', '14', '--dossiers', '12', '--truth', truthFile],
      ...['--out-of-order', '0.4', '--duplicates', '0.2', '--malformed', '0.08', '--named-only', '0.8'],
      ...['--late-documents', '0.2', '--revocations', '0.15', '--nfd', '0.3', '--binary', '0.3'],
    );
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/14 agencies × 1 day\(s\) × 12 dossiers/);
    const { truth } = JSON.parse(readFileSync(truthFile, 'utf8')) as TruthFile;
    expect(truth.dossiers).toHaveLength(14 * 12);

    await waitFor('the bridge to catch up', () =>
      caughtUp(`s-${id}`, [topics.KAFKA_TOPIC_DOSSIER_EVENTS, topics.KAFKA_TOPIC_DOCUMENT_EVENTS]),
    );
    const check = await waitFor(
      'the output to match the ground truth',
      async () => {
        const result = await lab('simulate', 'check', truthFile);
        return result.code === 0 && result;
      },
      { timeoutMs: 60_000 },
    );
    const filed = truth.dossiers.filter((d) => d.endedBy !== null).length;
    expect(check.stdout).toMatch(new RegExp(`PASSED\\n\\s+e-files: ${filed}/${filed} dossiers filed`));
    const bad = Object.values(truth.counts.deadLetters).reduce((n, c) => n + c, 0);
    expect(check.stdout).toMatch(new RegExp(`dead letters: ${bad}/${bad}`));

    // A truth that expects a document the bridge never saw must fail the check.
    const lie = JSON.parse(readFileSync(truthFile, 'utf8')) as TruthFile;
    const victim = lie.truth.dossiers.find((d) => d.endedBy !== null)!;
    victim.documents['qlvb/never-issued'] = 'active';
    writeFileSync(truthFile, JSON.stringify(lie));
    const failed = await lab('simulate', 'check', truthFile);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/FAILED[\s\S]*wrong documents: 1/);
    expect(failed.stdout).toContain(victim.dossierCode);
  });
});
