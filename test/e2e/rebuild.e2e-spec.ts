import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EFileAssembled, type Job, type Page, type RebuildReport } from '@hoso/contracts';
import { DERIVED_TABLES } from '@hoso/persistence';
import { dossierHistory, type FixtureEvent, isAbout, PLAIN_HISTORY, structured } from '@test/fixtures';
import {
  BridgeProcess,
  CLI_MAIN,
  collect,
  createTopics,
  produceTo,
  queryDatabase,
  REPO_ROOT,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';

const OPERATOR = 'operator-token-rebuild-0123456789';
const BUSINESS = { code: '2.000794', name: 'Đăng ký thành lập hộ kinh doanh', sector: 'Kinh tế' };

/** A returned dossier; `business` ones fall under the plan's KD heading, the others under HT. */
const history = (
  seed: string,
  { business = false, terminal = 'returned' }: { business?: boolean; terminal?: 'returned' | null } = {},
) => {
  const events = dossierHistory({
    ...PLAIN_HISTORY,
    seed,
    styles: [1],
    terminal,
    explicit: seed.endsWith('1'),
    reply: seed.endsWith('1'),
  });
  if (business) Object.assign(events[0]!.data, { procedure: BUSINESS });
  return events;
};

const codeOf = (events: readonly FixtureEvent[]) => events[0]!.subject;

describe('rebuild on MariaDB: re-reading the source topics into a shadow state, then applying it', () => {
  const id = randomUUID().slice(0, 8);
  const topics = {
    dossier: `r.${id}.dossier`,
    document: `r.${id}.document`,
    efiles: `r.${id}.efiles`,
    alerts: `r.${id}.alerts`,
    dlq: `r.${id}.dlq`,
  };
  const civil = ['rb1', 'rb2', 'rb3'].map((seed) => history(seed));
  const business = ['rb4', 'rb5', 'rb6'].map((seed) => history(seed, { business: true }));
  const open = history('rb7', { terminal: null });
  const events = [...civil, ...business, open].flat();
  const planDir = mkdtempSync(join(tmpdir(), 'hoso-plans-'));
  let db: TestDatabase;
  let bridge: BridgeProcess;
  let efiles: Awaited<ReturnType<typeof collect>>;
  const emitted = () =>
    efiles.messages.map((m) => JSON.parse(String(m.value)) as { id: string; data: EFileAssembled });
  const env = () => ({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    KAFKA_GROUP_ID: `r-${id}`,
    KAFKA_TOPIC_DOSSIER_EVENTS: topics.dossier,
    KAFKA_TOPIC_DOCUMENT_EVENTS: topics.document,
    KAFKA_TOPIC_EFILE_ASSEMBLED: topics.efiles,
    KAFKA_TOPIC_EFILE_ALERTS: topics.alerts,
    KAFKA_TOPIC_DEAD_LETTER: topics.dlq,
    DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
    ADMIN_TOKENS: `operator:pham.van.vanhanh:${OPERATOR}`,
    FILE_PLAN_DIR: planDir,
    RELAY_INTERVAL_MS: '200',
  });
  const restart = async () => {
    await bridge.stop();
    bridge = await BridgeProcess.spawn(env());
    await bridge.waitForStatus('/health/ready', 200);
  };
  const rebuild = async (body: object): Promise<Job> => {
    const started = await bridge.request('/admin/replay/rebuild', { method: 'POST', token: OPERATOR, body });
    expect(started.status).toBe(202);
    const job = JSON.parse(started.body) as Job;
    // Long work answers where to follow it.
    expect(started.headers.location).toBe(`/admin/jobs/${job.id}`);
    return waitFor(
      'the rebuild job to finish',
      async () => {
        const now = await bridge.json<Job>(`/admin/jobs/${job.id}`, { token: OPERATOR });
        return now.status !== 'running' && now;
      },
      { timeoutMs: 60_000 },
    );
  };
  const hoso = (...args: string[]) =>
    new Promise<{ code: number; stdout: string }>((resolve) => {
      const cliEnv = { PATH: process.env.PATH, HOSO_URL: bridge.baseUrl, HOSO_TOKEN: OPERATOR };
      execFile(process.execPath, [CLI_MAIN, ...args], { cwd: REPO_ROOT, env: cliEnv }, (error, stdout) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout }),
      );
    });
  /** No e-file message arrives for a while: what a rebuild that changes nothing must leave. */
  const quietFor = async (count: number, ms = 2000) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    expect(emitted()).toHaveLength(count);
  };
  const fileCodes = async () =>
    new Map(
      (
        await queryDatabase<{ code: string; fileCode: string | null }>(
          db,
          'SELECT dossier_code AS code, file_code AS fileCode FROM dossier',
        )
      ).map((r) => [r.code, r.fileCode]),
    );

  beforeAll(async () => {
    writeFileSync(
      join(planDir, 'plan.json'),
      readFileSync(join(REPO_ROOT, 'config/file-plans/default.json'), 'utf8'),
    );
    await createTopics(Object.values(topics), 3);
    db = await throwawayMariaDb('e2e_rebuild');
    efiles = await collect(topics.efiles);
    bridge = await BridgeProcess.spawn(env());
    await bridge.waitForStatus('/health/ready', 200);
    await produceTo(topics.dossier, events.filter(isAbout('dossier')).map(structured));
    await produceTo(topics.document, events.filter(isAbout('document')).map(structured));
    await waitFor('six e-files', () => emitted().length === 6, { timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await efiles?.stop();
    await bridge?.stop();
    await db?.dispose();
    rmSync(planDir, { recursive: true, force: true });
  });

  it('should reproduce identical files without new revisions after the derived state was deleted', async () => {
    const before = await fileCodes();
    await bridge.stop();
    for (const table of DERIVED_TABLES) await queryDatabase(db, `DELETE FROM ${table}`);
    await restart();

    const dryRun = await rebuild({});
    expect(dryRun).toMatchObject({ status: 'succeeded', phase: 'done' });
    expect(dryRun.result).toMatchObject({
      applied: false,
      read: events.length,
      accepted: events.length,
      dossiers: 7,
      unchanged: 6,
      notFiled: 1,
      changed: { count: 0 },
      added: { count: 0 },
    });
    // A dry run leaves the live state as it was.
    expect(await queryDatabase(db, 'SELECT id FROM inbox_event')).toEqual([]);

    const applied = await hoso('replay', 'rebuild', '--apply');
    expect(applied.stdout).toContain('6 file(s) unchanged, 0 would get a new revision');
    expect(applied.stdout).toContain(`applied: ${events.length} event(s) stored, 0 revision(s) emitted`);
    expect(applied.code).toBe(0);
    expect(await fileCodes()).toEqual(before);
    await quietFor(6);

    // The file counters came back too: the next dossier gets a number no file has.
    const next = history('rb8');
    await produceTo(topics.dossier, next.filter(isAbout('dossier')).map(structured));
    await produceTo(topics.document, next.filter(isAbout('document')).map(structured));
    await waitFor('the next e-file', () => emitted().length === 7, { timeoutMs: 30_000 });
    const codes = emitted().map((e) => e.data.fileCode);
    expect(new Set(codes).size).toBe(7);
  });

  it('should show which files a changed file plan changes, apply them as new revisions once, and keep their codes', async () => {
    const plan = readFileSync(join(planDir, 'plan.json'), 'utf8');
    const changedPlan = JSON.parse(plan) as Array<{
      version: string;
      entries: Array<Record<string, unknown>>;
    }>;
    changedPlan[0]!.version = '2026.2';
    // The agency fills in the retention its approved plan gives household businesses: the files get classified.
    Object.assign(
      changedPlan[0]!.entries.find((e) => e.heading === 'KD')!,
      {
        retention: '07',
        basis: 'Danh mục hồ sơ năm 2026 do cơ quan phê duyệt (kiểm thử)',
      },
    );
    writeFileSync(join(planDir, 'plan.json'), JSON.stringify(changedPlan));
    await restart();
    const count = emitted().length;

    const dryRun = await hoso('replay', 'rebuild', '--json');
    expect(dryRun.code).toBe(0);
    const result = (JSON.parse(dryRun.stdout) as Job).result as RebuildReport;
    const firstRevisions = new Map(emitted().map((e) => [e.data.dossier.dossierCode, e.data.fileCode]));
    expect(
      result.changed.files.sort((a, b) => String(a.dossierCode).localeCompare(String(b.dossierCode))),
    ).toEqual(
      business.map((h) => ({
        dossierCode: codeOf(h),
        fileCode: firstRevisions.get(codeOf(h)),
        liveRevision: 1,
        revision: 2,
        completedBy: 'result_returned',
        fields: ['classified', 'maintenance', 'unknownFields'],
      })),
    );
    expect(result).toMatchObject({ applied: false, unchanged: 4, added: { count: 0 } });
    await quietFor(count);

    const applied = await rebuild({ apply: true });
    expect(applied.result).toMatchObject({ applied: true, promoted: { events: 0, emitted: 3 } });
    await waitFor('three new revisions', () => emitted().length === count + 3, { timeoutMs: 30_000 });
    const revisions = emitted().slice(count);
    expect(revisions.map((e) => e.data.dossier.dossierCode).sort()).toEqual(business.map(codeOf).sort());
    for (const e of revisions) {
      expect(e.id).toBe(`${firstRevisions.get(e.data.dossier.dossierCode)}#2`);
      expect(e.data).toMatchObject({
        revision: 2,
        supersedes: 1,
        maintenance: { code: '07' },
        classified: true,
        unknownFields: [],
      });
    }

    // Idempotent: the same rebuild again finds nothing to change and emits nothing.
    const again = await rebuild({ apply: true });
    expect(again.result).toMatchObject({ unchanged: 7, changed: { count: 0 }, promoted: { emitted: 0 } });
    await quietFor(count + 3);
  });

  it('should refuse a rebuild with a bad range, and list the jobs with who started them', async () => {
    const bad = await bridge.request('/admin/replay/rebuild', {
      method: 'POST',
      token: OPERATOR,
      body: { fromTime: 'yesterday', topics: ['orders'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('fromTime');
    expect(bad.body).toContain('topics');
    const listed = await hoso('jobs', '--json');
    const { items: jobs } = JSON.parse(listed.stdout) as Page<Job>;
    expect(jobs.length).toBeGreaterThanOrEqual(4);
    expect(jobs.every((j) => j.kind === 'rebuild' && j.status === 'succeeded')).toBe(true);
    expect(jobs.map((j) => j.createdBy)).toContain('pham.van.vanhanh');
  });
});
