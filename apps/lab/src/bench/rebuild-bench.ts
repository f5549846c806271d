import { peakRssMb } from '@hoso/observability';
import { DERIVED_TABLES } from '@hoso/persistence';
import { lifecycles } from './bench-events';
import { type BenchKit, type Database, freePort, httpJson, sleep, stopProcess } from './bench-kit';

const TOKEN = 'bench-operator-token-0123456789';

interface Job {
  id: string;
  status: string;
  phase: string;
  result: {
    unchanged: number;
    changed: { count: number };
    promoted?: { events: number };
    phaseSeconds: Record<string, number>;
  };
}

export interface RebuildRun {
  events: number;
  /** The raw pipe over the same messages, for scale. */
  baselineSeconds: number;
  dryRun: { seconds: number; phases: Record<string, number>; unchanged: number };
  /** After deleting every derived table: the events stored again and every dossier refiled. */
  recovery: { seconds: number; phases: Record<string, number>; unchanged: number; stored: number };
  peakRssMb: number;
  /** The slowest answer of `/health/live` during the rebuilds: how long the bridge's event loop stalled. */
  slowestHealthMs: number;
}

/**
 * How long a rebuild of the whole history takes: the bridge files `dossiers` lifecycles first, then a dry
 * run compares the shadow with the intact state, and an applied rebuild recovers it after every derived
 * table was emptied.
 */
export async function rebuildRun(kit: BenchKit, dossiers: number, db: Database): Promise<RebuildRun> {
  const topics = await kit.freshTopics();
  const events = await kit.produce(lifecycles(dossiers, topics));
  const baseline = await kit.rawPipe(topics, events);
  const database = await kit.freshDatabase(db, topics.id);
  const filed = new Set<string>();
  const unwatch = await kit.watch(topics.efiles, (value) =>
    filed.add((JSON.parse(value.toString()) as { subject: string }).subject),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const bridge = kit.spawnBridge(topics, database.env, `bench-${topics.id}`, {
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    ADMIN_TOKENS: `operator:bench:${TOKEN}`,
  });
  const call = <T>(path: string, body?: object) => httpJson<T>(url + path, { token: TOKEN, body });
  const rebuild = async (apply: boolean) => {
    const started = Date.now();
    let job = await call<Job>('/admin/replay/rebuild', { apply });
    while (job.status === 'running') {
      await sleep(200);
      job = await call<Job>(`/admin/jobs/${job.id}`);
    }
    if (job.status !== 'succeeded')
      throw new Error(`rebuild ${job.id} ${job.status}: ${JSON.stringify(job.result)}`);
    return { seconds: (Date.now() - started) / 1000, phases: job.result.phaseSeconds, result: job.result };
  };
  let probing = false;
  let slowestHealthMs = 0;
  const probeHealth = async () => {
    while (probing) {
      const started = Date.now();
      await call('/health/live');
      slowestHealthMs = Math.max(slowestHealthMs, Date.now() - started);
      await sleep(250);
    }
  };
  try {
    while (filed.size < dossiers) {
      if (bridge.exitCode !== null) throw new Error(`the bridge exited with code ${bridge.exitCode}`);
      await sleep(500);
    }
    probing = true;
    const probe = probeHealth();
    const dry = await rebuild(false);
    for (const table of DERIVED_TABLES) await database.query(`DELETE FROM ${table}`);
    const recovery = await rebuild(true);
    probing = false;
    await probe;
    return {
      events,
      baselineSeconds: baseline.seconds,
      dryRun: { seconds: dry.seconds, phases: dry.phases, unchanged: dry.result.unchanged },
      recovery: {
        seconds: recovery.seconds,
        phases: recovery.phases,
        unchanged: recovery.result.unchanged,
        stored: recovery.result.promoted?.events ?? 0,
      },
      peakRssMb: peakRssMb(bridge.pid!),
      slowestHealthMs,
    };
  } finally {
    await unwatch();
    await stopProcess(bridge);
    await database.dispose();
  }
}
