import { peakRssMb } from '@hoso/observability';
import { DEFAULT_SIMULATION, simulate } from '@hoso/simulator';
import { drawnByBridge, type EFileAssembled } from '@hoso/contracts';
import { SimulatedFileStore } from '../simulate/file-store';
import {
  type BenchKit,
  type Database,
  freePort,
  httpJson,
  percentile,
  sleep,
  stopProcess,
} from './bench-kit';

const TOKEN = 'bench-viewer-token-0123456789';
/** The bridge's default SIP_FETCH_CONCURRENCY, for the raw fetch too. */
const CONCURRENCY = 4;

export interface SipRun {
  packages: number;
  documents: number;
  /** The binaries' bytes, in MB: what both sides move. */
  megabytes: number;
  /** The same binaries fetched straight from the document store, as many at a time, and dropped. */
  baseline: { seconds: number; mbPerSecond: number };
  /** The packages streamed by the bridge: fetched, checked, described, validated and zipped. */
  bridge: { seconds: number; mbPerSecond: number; p50Ms: number; p95Ms: number; maxMs: number };
  peakRssMb: number;
}

interface Listed {
  fileCode: string;
}

interface Revisions {
  revisions: Array<{ efile: EFileAssembled }>;
}

/**
 * Export to the archive: `dossiers` simulated dossiers are filed with their binaries in a local document
 * store; then, file by file, the raw fetch of its binaries and the bridge's package of it are timed in turn.
 */
export async function sipRun(kit: BenchKit, dossiers: number, db: Database, seed: number): Promise<SipRun> {
  const store = await SimulatedFileStore.start();
  const topics = await kit.freshTopics();
  const { messages, truth } = simulate({
    ...DEFAULT_SIMULATION,
    seed,
    agencies: 1,
    dossiers,
    duplicates: 0,
    outOfOrder: 0,
    malformed: 0,
    nfd: 0,
    binary: 0,
    fileStore: store.url,
  });
  await kit.produce(
    messages.map((m) => ({
      topic: m.topic === 'dossier' ? topics.dossier : topics.document,
      key: m.key,
      value: m.value.toString(),
    })),
  );
  const database = await kit.freshDatabase(db, topics.id);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const bridge = kit.spawnBridge(topics, database.env, `bench-${topics.id}`, {
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    ADMIN_TOKENS: `viewer:bench:${TOKEN}`,
    SIP_FETCH_HOSTS: new URL(store.url).host,
    SIP_FETCH_ALLOW_NETWORKS: '127.0.0.1/32',
  });
  try {
    const agency = truth.dossiers[0]!.agencyCode;
    const filed = truth.dossiers.filter((d) => d.endedBy !== null).length;
    let files: Listed[] = [];
    for (;;) {
      if (bridge.exitCode !== null) throw new Error(`the bridge exited with code ${bridge.exitCode}`);
      files = await httpJson<Listed[]>(`${base}/admin/transfers?agency=${agency}&year=2026`, {
        token: TOKEN,
      }).catch(() => []);
      if (files.length >= filed) break;
      await sleep(1000);
    }

    let bytes = 0;
    let documents = 0;
    let baselineMs = 0;
    const packageMs: number[] = [];
    for (const { fileCode } of files) {
      const { revisions } = await httpJson<Revisions>(
        `${base}/admin/efiles/${encodeURIComponent(fileCode)}`,
        {
          token: TOKEN,
        },
      );
      // The raw baseline fetches the partners' binaries; the slip the bridge draws has none to fetch.
      const binaries = revisions
        .at(-1)!
        .efile.documents.filter((d) => !drawnByBridge(d))
        .map((d) => d.file);
      documents += binaries.length;
      bytes += binaries.reduce((sum, file) => sum + file.sizeBytes, 0);

      let started = performance.now();
      const queue = [...binaries];
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let file = queue.shift(); file; file = queue.shift()) await drain(await fetch(file.uri!));
        }),
      );
      baselineMs += performance.now() - started;

      started = performance.now();
      const response = await fetch(`${base}/admin/efiles/${encodeURIComponent(fileCode)}/sip`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      if (!response.ok) throw new Error(`${fileCode}: ${response.status} ${await response.text()}`);
      await drain(response);
      packageMs.push(performance.now() - started);
    }
    const megabytes = bytes / 1e6;
    const bridgeSeconds = packageMs.reduce((a, b) => a + b, 0) / 1000;
    return {
      packages: files.length,
      documents,
      megabytes,
      baseline: { seconds: baselineMs / 1000, mbPerSecond: megabytes / (baselineMs / 1000) },
      bridge: {
        seconds: bridgeSeconds,
        mbPerSecond: megabytes / bridgeSeconds,
        p50Ms: percentile(packageMs, 50),
        p95Ms: percentile(packageMs, 95),
        maxMs: Math.max(...packageMs),
      },
      peakRssMb: peakRssMb(bridge.pid!),
    };
  } finally {
    await stopProcess(bridge);
    await database.dispose();
    await store.stop();
  }
}

/** Reads a body to its end, keeping nothing. */
async function drain(response: Response): Promise<void> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status}`);
  for await (const _chunk of response.body!) {
    // Only the transfer is measured.
  }
}
