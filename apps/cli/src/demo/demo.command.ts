import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { databaseConfig, httpConfig, kafkaConfig } from '@hoso/config';
import { Topic } from '@hoso/contracts';
import { kafkaClientConfig } from '@hoso/messaging';
import { InboxEvent, withDataSource } from '@hoso/persistence';
import { Inject } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { sampleDossierReceived } from './sample-event';

const BRIDGE_MAIN = 'dist/apps/bridge/src/main.js';
const KAFKA_SCRIPT = 'infra/kafka/kafka.sh';
const RUN_DIR = 'var/demo';
const PID_FILE = `${RUN_DIR}/bridge.pid`;
const LOG_FILE = `${RUN_DIR}/bridge.log`;

@SubCommand({ name: 'stop', description: 'stop the demo bridge and the local Kafka broker' })
class DemoStopCommand extends CommandRunner {
  async run(): Promise<void> {
    const pid = runningBridgePid();
    if (pid) {
      process.kill(pid, 'SIGTERM');
      await waitFor(() => Promise.resolve(!isAlive(pid)), 30_000, 'the bridge to stop');
      console.log(`bridge stopped (pid ${pid})`);
    } else {
      console.log('bridge not running');
    }
    rmSync(PID_FILE, { force: true });
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

    step(1, 'Starting the local Kafka broker');
    runKafkaScript('start');

    step(2, `Migrating the database (${this.db.kind === 'sqlite' ? this.db.path : 'DATABASE_URL'})`);
    const applied = await withDataSource(this.db, (ds) => ds.runMigrations({ transaction: 'each' }));
    console.log(`   ${applied.length} migration(s) applied`);

    step(3, 'Starting the bridge');
    const pid = runningBridgePid() ?? startBridge();
    console.log(`   pid ${pid}, log ${LOG_FILE}`);
    await waitFor(
      async () => (await fetchStatus(`${base}/health/ready`)) === 200,
      90_000,
      'the bridge to be ready',
    );

    step(4, 'Sending a sample dossier event and waiting for it in the inbox');
    const before = await this.inboxCount();
    await this.sendSampleEvent();
    await waitFor(async () => (await this.inboxCount()) > before, 30_000, 'the event to reach the inbox');
    console.log(`   inbox: ${before} -> ${await this.inboxCount()} event(s)`);

    step(5, 'Health');
    console.log(`   ${JSON.stringify(await (await fetch(`${base}/health/ready`)).json())}`);
    console.log(
      `\nThe bridge keeps running:\n   liveness   ${base}/health/live\n   readiness  ${base}/health/ready`,
    );
    console.log(`Stop it (and the broker) with: npm run demo:stop`);
  }

  private inboxCount(): Promise<number> {
    return withDataSource(this.db, (ds) => ds.getRepository(InboxEvent).count());
  }

  private async sendSampleEvent(): Promise<void> {
    const client = new Kafka({ ...kafkaClientConfig(this.kafka, '-demo'), logLevel: logLevel.WARN });
    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic: Topic.dossierEvents, messages: [sampleDossierReceived()] });
    } finally {
      await producer.disconnect();
    }
  }
}

function step(n: number, text: string): void {
  console.log(`\n[${n}/5] ${text} ...`);
}

function runKafkaScript(action: 'start' | 'stop'): void {
  const result = spawnSync('bash', [KAFKA_SCRIPT, action], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`kafka ${action} failed (exit ${result.status})`);
}

function startBridge(): number {
  mkdirSync(RUN_DIR, { recursive: true });
  const log = openSync(LOG_FILE, 'a');
  const child = spawn(process.execPath, [BRIDGE_MAIN], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  writeFileSync(PID_FILE, String(child.pid));
  return child.pid!;
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
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const DEMO_COMMANDS = [DemoCommand, DemoStopCommand];
