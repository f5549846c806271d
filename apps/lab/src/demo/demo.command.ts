import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describeProblem, verifySip } from '@hoso/archive';
import { databaseConfig, httpConfig, kafkaConfig, type KafkaConfig } from '@hoso/config';
import { withDataSource, withoutQueryTimeout } from '@hoso/persistence';
import { headingOfFileCode } from '@hoso/domain';
import {
  type CheckReport,
  checkOutput,
  DEFAULT_SIMULATION,
  type EmittedFile,
  type GroundTruth,
  type Output,
  readOutput,
  sendSimulation,
  simulate,
} from '@hoso/simulator';
import { Inject } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { type ArchiveStatistics, type ConsumerReport } from '@hoso/contracts';
import { describeSimulation, printCheck, TRUTH_FILE, writeTruth } from '../simulate/simulate.command';
import { SimulatedFileStore } from '../simulate/file-store';
import { answerAsArchive } from './simulated-archive';

const BRIDGE_MAIN = 'dist/apps/bridge/src/main.js';
/** The simulated document store listens this far above the bridge's port. */
const STORE_PORT_OFFSET = 100;
/** The share of the outgoing documents that name no dossier sent as edXML. */
const DEMO_EDXML_SHARE = 0.3;
/** Files that still need classification the demo sends the archive anyway, to show its refusal. */
const UNCLASSIFIED_SENT = 5;
const KAFKA_SCRIPT = 'infra/kafka/kafka.sh';
const RUN_DIR = 'var/demo';
const PID_FILE = `${RUN_DIR}/bridge.pid`;
const LOG_FILE = `${RUN_DIR}/bridge.log`;
/** The operator token of a demo bridge started without ADMIN_TOKENS, so that the dashboard can be tried. */
const TOKEN_FILE = `${RUN_DIR}/admin-token`;
const SIP_DIR = `${RUN_DIR}/sip`;

@SubCommand({ name: 'stop', description: 'stop the demo bridge and the local Kafka broker' })
class DemoStopCommand extends CommandRunner {
  async run(): Promise<void> {
    const pid = await stopBridge();
    console.log(pid ? `bridge stopped (pid ${pid})` : 'bridge not running');
    runKafkaScript('stop');
  }
}

@Command({
  name: 'demo',
  description: 'start the local broker and the bridge on the embedded defaults, and show it working',
  subCommands: [DemoStopCommand],
})
class DemoCommand extends CommandRunner {
  constructor(
    @Inject(httpConfig.KEY) private readonly http: ConfigType<typeof httpConfig>,
    @Inject(databaseConfig.KEY) private readonly db: ConfigType<typeof databaseConfig>,
    @Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>,
  ) {
    super();
  }

  async run(): Promise<void> {
    if (!existsSync(KAFKA_SCRIPT) || !existsSync(BRIDGE_MAIN)) {
      throw new Error('run the demo from the repository root with `npm run demo` (it builds first)');
    }
    const base = `http://${this.http.host}:${this.http.port}`;

    // The demo checks everything it reads against one simulation, so it starts from nothing: an earlier
    // demo's bridge, topics and embedded database are gone first.
    step(1, 'Starting the local Kafka broker, empty');
    const stopped = await stopBridge();
    if (stopped) console.log(`   the earlier demo's bridge stopped (pid ${stopped})`);
    runKafkaScript('reset');
    runKafkaScript('start');

    step(2, `Migrating the database (${this.db.kind === 'sqlite' ? this.db.path : 'DATABASE_URL'})`);
    if (this.db.kind === 'sqlite') {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.db.path}${suffix}`, { force: true });
    }
    const applied = await withDataSource(withoutQueryTimeout(this.db), (ds) =>
      ds.runMigrations({ transaction: 'each' }),
    );
    console.log(`   ${applied.length} migration(s) applied`);

    step(3, 'Starting the bridge');
    const pid = startBridge(`127.0.0.1:${this.http.port + STORE_PORT_OFFSET}`, `127.0.0.1:${this.http.port}`);
    console.log(`   pid ${pid}, log ${LOG_FILE}`);
    await waitFor(
      async () => (await fetchStatus(`${base}/health/ready`)) === 200,
      90_000,
      'the bridge to be ready',
    );

    step(4, 'Feeding a simulated day of both partner systems');
    // Their document store serves the binaries the events point to, for the archive package of step 7.
    // On a fixed port, so a second demo on the same database sends the same events (the same URIs) again
    // and they are recognized as duplicates, not conflicts.
    const store = await SimulatedFileStore.start(this.http.port + STORE_PORT_OFFSET);
    // A third of the outgoing documents come as the edXML messages of the national exchange platform,
    // through the bridge's edXML adapter (docs/edxml.md); the rest as CloudEvents.
    const { messages, truth } = simulate({
      ...DEFAULT_SIMULATION,
      fileStore: store.url,
      edxml: DEMO_EDXML_SHARE,
    });
    console.log(indent(describeSimulation(truth)));
    const sendStarted = Date.now();
    const delivery = await sendSimulation(this.kafka, messages);
    writeTruth(TRUTH_FILE, { truth, delivery });
    console.log(`   sent in ${seconds(sendStarted)} s; ground truth in ${TRUTH_FILE}`);

    step(5, 'Waiting until the bridge has caught up');
    const caughtUp = Date.now();
    let consumers!: ConsumerReport;
    await waitFor(
      async () => {
        consumers = await fetchJson<ConsumerReport>(`${base}/health/consumers`);
        return consumers.totalLag === 0 && consumers.relayBacklog === 0;
      },
      120_000,
      'the bridge to consume every event and publish every e-file',
    );
    // The last files may still be in flight between the relay and the topic: read until they match.
    let output!: Output;
    let report!: CheckReport;
    await waitFor(
      async () => {
        output = await readOutput(this.kafka);
        report = checkOutput(truth, delivery, output.files, output.deadLetters);
        return report.ok;
      },
      30_000,
      'the output to match the ground truth',
    ).catch(() => undefined);
    console.log(`   caught up in ${seconds(caughtUp)} s`);

    step(6, 'Summary');
    printSummary(truth, consumers, output, report);

    step(7, 'Exporting the largest classified e-file for the archive (Circular 05/2025 submission package)');
    // Files that still need classification are refused by the archive export (unless --allow-unclassified).
    const largest = latestRevisions(output.files)
      .filter((f) => f.classified)
      .sort((a, b) => b.documents.length - a.documents.length)[0];
    if (largest) await exportPackage(base, largest.fileCode);

    step(
      8,
      'Transferring the classified files to the agency archive, which answers (simulated, docs/events.md section 9)',
    );
    const token = process.env.ADMIN_TOKENS ? process.env.HOSO_TOKEN : demoToken();
    // The classified files, and a few that still need classification, which the archive refuses for it.
    const latest = latestRevisions(output.files);
    const toSend = [
      ...latest.filter((f) => f.classified),
      ...latest.filter((f) => !f.classified).slice(0, UNCLASSIFIED_SENT),
    ];
    if (token) await transferToArchive(base, token, this.kafka, toSend);
    else console.log('   skipped: set HOSO_TOKEN to an operator token of ADMIN_TOKENS');
    await store.stop();
    console.log(
      `\nThe bridge keeps running:\n` +
        `   archive     ${base}/#/archive?year=${DEFAULT_SIMULATION.startDate.slice(0, 4)} (Nộp lưu)\n` +
        `   dashboard   ${base}/#/?${simulatedMonth()}${process.env.ADMIN_TOKENS ? '' : ` (token: ${demoToken()}, from ${TOKEN_FILE})`}\n` +
        `   liveness    ${base}/health/live\n   readiness   ${base}/health/ready\n` +
        `   consumers   ${base}/health/consumers\n   metrics     ${base}/metrics\n` +
        `   API docs    ${base}/docs\n` +
        `   CLI         npx hoso status; npx hoso-lab simulate check (admin commands need ADMIN_TOKENS and HOSO_TOKEN);\n` +
        `               npx hoso export sip <fileCode> --metadata-only --out DIR (the simulated store stopped with the demo)`,
    );
    console.log(`Stop it (and the broker) with: npm run demo:stop`);
    process.exitCode = report.ok ? 0 : 1;
  }
}

/** What went in, what came out, and whether it is what the simulation says must come out. */
function printSummary(
  truth: GroundTruth,
  consumers: ConsumerReport,
  output: Output,
  report: CheckReport,
): void {
  const agencies = new Set(truth.dossiers.map((d) => d.agencyCode));
  const ours = new Set(truth.dossiers.map((d) => d.dossierCode));
  const files = output.files.filter((f) => ours.has(f.dossier.dossierCode));
  const tally = (values: string[]) =>
    values.reduce<Record<string, number>>((t, v) => ({ ...t, [v]: (t[v] ?? 0) + 1 }), {});
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  const { counts } = truth;
  const rows = [
    {
      what: 'events in',
      result: `${counts.messages} messages: ${counts.accepted} events, ${counts.duplicates} duplicates`,
    },
    {
      what: 'dead-lettered',
      result: `${report.deadLetters.found}: ${list(report.deadLetters.byReason)}`,
    },
    {
      what: 'e-files emitted',
      result: `${report.files.filed} files, ${files.length} revisions: ${list(tally(files.map((f) => f.completedBy)))}`,
    },
    {
      what: 'classified',
      result: `${list(tally(latestRevisions(files).map((f) => headingOfFileCode(f.fileCode))))}; ${latestRevisions(files).filter((f) => !f.classified).length} need classification`,
    },
    {
      what: 'pending',
      result: `${consumers.pending.documents} documents, ${consumers.pending.dossiers} dossiers`,
    },
    {
      what: 'alerts',
      result: list(tally(output.alerts.filter((a) => agencies.has(a.agencyCode ?? '')).map((a) => a.kind))),
    },
  ];
  for (const { what, result } of rows) console.log(`${what.padEnd(16)} ${result}`);
  console.log('');
  printCheck(report);
}

function step(n: number, text: string): void {
  console.log(`\n[${n}/8] ${text} ...`);
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
const indent = (text: string) => text.replace(/^/gm, '   ');

async function fetchJson<T>(url: string, token?: string): Promise<T> {
  const response = await fetch(url, {
    signal: AbortSignal.timeout(10_000),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

/** Each file's latest revision. */
function latestRevisions(files: readonly EmittedFile[]): EmittedFile[] {
  const latest = new Map<string, EmittedFile>();
  for (const f of files) {
    const code = f.dossier.dossierCode;
    if ((latest.get(code)?.revision ?? 0) < f.revision) latest.set(code, f);
  }
  return [...latest.values()];
}

/** Downloads an e-file's package from the bridge into var/demo/sip and checks it as an archive would. */
async function exportPackage(base: string, fileCode: string): Promise<void> {
  const token = process.env.ADMIN_TOKENS ? process.env.HOSO_TOKEN : demoToken();
  if (!token) return console.log('   skipped: set HOSO_TOKEN to a token of ADMIN_TOKENS');
  const response = await fetch(`${base}/admin/efiles/${encodeURIComponent(fileCode)}/sip`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) return console.log(`   ${fileCode}: ${response.status} ${await response.text()}`);
  const name = /filename="([\w.-]+)"/.exec(response.headers.get('content-disposition') ?? '')![1]!;
  mkdirSync(SIP_DIR, { recursive: true });
  const file = `${SIP_DIR}/${name}`;
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  const check = await verifySip(file, { pdfa: true });
  console.log(
    `   ${fileCode} → ${file}: ${check.files} files, ${check.problems.length === 0 ? 'every check passed: checksums, schemas, what the metadata means, digitized copies (200 dpi, sealed), PDF/A' : `${check.problems.length} PROBLEM(S): ${check.problems.map(describeProblem).join('; ')}`}\n` +
      `   check it again with: npx hoso export verify ${file}`,
  );
}

/** Hands every file to the simulated archive, waits for its answers, and prints the figures of the page. */
async function transferToArchive(
  base: string,
  token: string,
  kafka: KafkaConfig,
  files: readonly EmittedFile[],
): Promise<void> {
  const year = DEFAULT_SIMULATION.startDate.slice(0, 4);
  const run = await answerAsArchive(base, token, kafka, files);
  let stats!: ArchiveStatistics;
  await waitFor(
    async () => {
      stats = await fetchJson<ArchiveStatistics>(`${base}/admin/stats/archive?year=${year}`, token);
      return stats.total.sent === 0;
    },
    60_000,
    "the bridge to record the archive's answers",
  ).catch(() => undefined);
  const { total } = stats;
  const reasons = total.reasons.map((r) => `${r.code} ${r.count}`).join(', ') || 'none';
  console.log(
    `   ${run.sent} packages sent${run.notSent ? ` (${run.notSent} files could not be packaged)` : ''}; ` +
      `the archive accepted ${run.accepted} and refused ${run.sent - run.accepted} (on ${kafka.topics.archiveReceipts}), ` +
      `and answered ${run.overHttp} handed over before over HTTP (POST /archive/receipts)\n` +
      `   the bridge's figures for ${year}: ${total.files} files, accepted ${total.accepted}, rejected ${total.rejected}, ` +
      `sent ${total.sent}, not yet due ${total.notYetDue}; default classification ${total.defaultClassified}; ` +
      `permanent ${total.permanent}, fixed-term ${total.fixedTerm}\n` +
      `   the archive's reasons: ${reasons}\n` +
      `   the same with: npx hoso stats archive --year ${year} (HOSO_TOKEN from ${TOKEN_FILE})`,
  );
}

/** Stops the bridge an earlier demo left running; its pid, or null when none ran. */
async function stopBridge(): Promise<number | null> {
  const pid = runningBridgePid() ?? null;
  if (pid) {
    process.kill(pid, 'SIGTERM');
    await waitFor(() => Promise.resolve(!isAlive(pid)), 30_000, 'the bridge to stop');
  }
  rmSync(PID_FILE, { force: true });
  return pid;
}

function runKafkaScript(action: 'start' | 'stop' | 'reset'): void {
  const result = spawnSync('bash', [KAFKA_SCRIPT, action], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`kafka ${action} failed (exit ${result.status})`);
}

/**
 * The bridge, allowed to fetch binaries from the simulated document store and, for the files edXML messages
 * carried, from its own route with the demo's token, both on loopback (unless told else).
 */
function startBridge(store: string, bridge: string): number {
  mkdirSync(RUN_DIR, { recursive: true });
  const log = openSync(LOG_FILE, 'a');
  const token = process.env.HOSO_TOKEN ?? demoToken();
  const env = {
    SIP_FETCH_HOSTS: `${store},${bridge}`,
    SIP_FETCH_ALLOW_NETWORKS: '127.0.0.1/32',
    SIP_FETCH_CREDENTIALS: `${bridge}=bearer:${token}`,
    ...process.env,
    ...(process.env.ADMIN_TOKENS ? {} : { ADMIN_TOKENS: `operator:demo:${demoToken()}` }),
  };
  const child = spawn(process.execPath, [BRIDGE_MAIN], { detached: true, stdio: ['ignore', log, log], env });
  child.unref();
  writeFileSync(PID_FILE, String(child.pid));
  return child.pid!;
}

/** The period of the simulated day and the month after it, when its dossiers are resolved. */
function simulatedMonth(): string {
  const from = DEFAULT_SIMULATION.startDate;
  const to = new Date(Date.parse(`${from}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  return `from=${from}&to=${to}`;
}

/** The demo's own token, made once and kept in var/demo (never used when ADMIN_TOKENS is set). */
function demoToken(): string {
  if (!existsSync(TOKEN_FILE))
    writeFileSync(TOKEN_FILE, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return readFileSync(TOKEN_FILE, 'utf8').trim();
}

function runningBridgePid(): number | undefined {
  if (!existsSync(PID_FILE)) return undefined;
  const pid = Number(readFileSync(PID_FILE, 'utf8'));
  return isAlive(pid) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function fetchStatus(url: string): Promise<number> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A check that throws (the bridge busy, a broker hiccup) counts as not yet.
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const DEMO_COMMANDS = [DemoCommand, DemoStopCommand];
