import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaConfig } from '@hoso/config';
import { Inject } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import { Command, CommandRunner, Option } from 'nest-commander';
import { benchEvent } from './bench-events';

interface BenchOptions {
  events: number;
  runs: number;
  db: 'mariadb' | 'sqlite';
}

interface RunResult {
  baseline: { seconds: number; eventsPerSecond: number };
  intake: { seconds: number; eventsPerSecond: number; peakRssMb: number };
}

const BRIDGE_MAIN = 'dist/apps/bridge/src/main.js';
const PARTITIONS = 12;
const SERVER_URL = (process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');

/**
 * Intake throughput against the physical limit of this client on this broker: a raw kafkajs pipe that
 * consumes the same messages and produces one message per input, without processing. Both run in the
 * same run, on the same broker and database, several times; medians are reported.
 */
@Command({
  name: 'bench',
  description: 'measure intake throughput against a raw kafkajs pipe (writes bench/results/)',
})
export class BenchCommand extends CommandRunner {
  constructor(@Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>) {
    super();
  }

  async run(_args: string[], options: Partial<BenchOptions>): Promise<void> {
    const opts: BenchOptions = { events: 100_000, runs: 3, db: 'mariadb', ...options };
    if (!process.env.KAFKA_BROKERS) {
      const started = spawnSync('bash', ['infra/kafka/kafka.sh', 'start'], { stdio: 'inherit' });
      if (started.status !== 0) throw new Error('could not start the local Kafka broker');
    }
    console.log(
      `intake benchmark: ${opts.events} events, ${opts.runs} runs, ${opts.db}, brokers ${this.kafka.brokers.join(',')}`,
    );

    const runs: RunResult[] = [];
    for (let run = 1; run <= opts.runs; run += 1) {
      const topics = await this.freshTopics();
      console.log(`\nrun ${run}/${opts.runs}: producing ${opts.events} events ...`);
      await this.produce(topics, opts.events);
      const baseline = await this.rawPipe(topics, opts.events);
      console.log(
        `  raw kafkajs pipe   ${baseline.eventsPerSecond.toFixed(0).padStart(7)} events/s (${baseline.seconds.toFixed(1)} s)`,
      );
      const intake = await this.bridgeIntake(topics, opts);
      console.log(
        `  bridge intake      ${intake.eventsPerSecond.toFixed(0).padStart(7)} events/s (${intake.seconds.toFixed(1)} s), peak RSS ${intake.peakRssMb} MB`,
      );
      runs.push({ baseline, intake });
    }
    this.report(opts, runs);
  }

  @Option({ flags: '--events <n>', description: 'events per run (default 100000)' })
  parseEvents(value: string): number {
    return Number(value);
  }

  @Option({ flags: '--runs <n>', description: 'runs, for medians (default 3)' })
  parseRuns(value: string): number {
    return Number(value);
  }

  @Option({ flags: '--db <kind>', description: 'mariadb (default) or sqlite' })
  parseDb(value: string): string {
    if (value !== 'mariadb' && value !== 'sqlite') throw new Error('--db is mariadb or sqlite');
    return value;
  }

  private client(suffix: string): Kafka {
    return new Kafka({
      clientId: `hoso-bench-${suffix}`,
      brokers: this.kafka.brokers,
      logLevel: logLevel.NOTHING,
    });
  }

  private async freshTopics() {
    const id = randomUUID().slice(0, 8);
    const topics = {
      dossier: `bench.${id}.dossier`,
      document: `bench.${id}.document`,
      sink: `bench.${id}.sink`,
      id,
    };
    const admin = this.client('admin').admin();
    await admin.connect();
    await admin.createTopics({
      topics: [topics.dossier, topics.document, topics.sink].map((topic) => ({
        topic,
        numPartitions: PARTITIONS,
      })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    return topics;
  }

  private async produce(topics: { dossier: string; document: string }, count: number): Promise<void> {
    const producer = this.client('producer').producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (let start = 0; start < count; start += 2000) {
      const batch = Array.from({ length: Math.min(2000, count - start) }, (_, i) =>
        benchEvent(start + i, topics),
      );
      await producer.sendBatch({
        topicMessages: [topics.dossier, topics.document].map((topic) => ({
          topic,
          messages: batch.filter((m) => m.topic === topic).map(({ key, value }) => ({ key, value })),
        })),
      });
    }
    await producer.disconnect();
  }

  /** Consumes both topics and produces each message to a sink, committing as it goes: no processing at all. */
  private async rawPipe(topics: { dossier: string; document: string; sink: string }, count: number) {
    const kafka = this.client('pipe');
    const consumer = kafka.consumer({ groupId: `bench-pipe-${randomUUID()}`, maxWaitTimeInMs: 1000 });
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await Promise.all([consumer.connect(), producer.connect()]);
    await consumer.subscribe({ topics: [topics.dossier, topics.document], fromBeginning: true });
    let done = 0;
    let first = 0;
    let finished!: () => void;
    const all = new Promise<void>((resolve) => (finished = resolve));
    await consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        first ||= Date.now();
        await producer.send({
          topic: topics.sink,
          acks: -1,
          messages: batch.messages.map(({ key, value }) => ({ key, value })),
        });
        done += batch.messages.length;
        if (done >= count) finished();
      },
    });
    await all;
    const seconds = (Date.now() - first) / 1000;
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
    return { seconds, eventsPerSecond: count / seconds };
  }

  /** The built bridge as its own process on a fresh database, until its committed offsets reach the end. */
  private async bridgeIntake(topics: { dossier: string; document: string; id: string }, opts: BenchOptions) {
    const database = await this.freshDatabase(opts.db, topics.id);
    const groupId = `bench-bridge-${topics.id}`;
    const child = spawn(process.execPath, [BRIDGE_MAIN], {
      env: {
        PATH: process.env.PATH,
        ...database.env,
        HTTP_PORT: '0',
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: this.kafka.brokers.join(','),
        KAFKA_GROUP_ID: groupId,
        KAFKA_CREATE_TOPICS: 'false',
        KAFKA_TOPIC_DOSSIER_EVENTS: topics.dossier,
        KAFKA_TOPIC_DOCUMENT_EVENTS: topics.document,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      const admin = this.client('watch').admin();
      await admin.connect();
      const committed = async () => {
        let sum = 0;
        for (const topic of [topics.dossier, topics.document]) {
          const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
          for (const p of offsets?.partitions ?? []) sum += Math.max(0, Number(p.offset));
        }
        return sum;
      };
      let first = 0;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the bridge exited with code ${child.exitCode}`);
        const progress = await committed();
        if (progress > 0) first ||= Date.now();
        if (progress >= opts.events) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const seconds = (Date.now() - first) / 1000;
      const peakRssMb = peakRss(child.pid!);
      await admin.disconnect();
      return { seconds, eventsPerSecond: opts.events / seconds, peakRssMb };
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await database.dispose();
    }
  }

  private async freshDatabase(kind: BenchOptions['db'], id: string) {
    if (kind === 'sqlite') {
      const path = join(tmpdir(), `hoso-bench-${id}.sqlite`);
      return { env: { SQLITE_PATH: path }, dispose: () => Promise.resolve(rmSync(path, { force: true })) };
    }
    const name = `hoso_bench_${id}`;
    const run = async (sql: string) => {
      const connection = await createConnection({ uri: SERVER_URL });
      await connection.query(sql);
      await connection.end();
    };
    await run(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return {
      env: { DATABASE_URL: `${SERVER_URL}/${name}` },
      dispose: () => run(`DROP DATABASE \`${name}\``),
    };
  }

  private report(opts: BenchOptions, runs: RunResult[]): void {
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const baseline = median(runs.map((r) => r.baseline.eventsPerSecond));
    const intake = median(runs.map((r) => r.intake.eventsPerSecond));
    const rss = median(runs.map((r) => r.intake.peakRssMb));
    const result = {
      benchmark: 'intake',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
      events: opts.events,
      database: opts.db,
      partitions: PARTITIONS,
      runs,
      median: { baselineEventsPerSecond: baseline, intakeEventsPerSecond: intake, intakePeakRssMb: rss },
      ratio: intake / baseline,
    };
    const stamp = result.date.replace(/[:.]/g, '-');
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(`bench/results/intake-${opts.db}-${stamp}.json`, `${JSON.stringify(result, null, 2)}\n`);
    const table = [
      `# Intake benchmark, ${result.date.slice(0, 10)}`,
      '',
      `${opts.events} events per run (4 of 5 dossier events, 1 of 5 documents, about 1.5 KB each), ${PARTITIONS} partitions,`,
      `${opts.db}, ${result.machine.cpus} CPUs, Node ${process.version}. Medians of ${runs.length} runs.`,
      '',
      '| run | raw kafkajs pipe (events/s) | bridge intake (events/s) | ratio | bridge peak RSS (MB) |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...runs.map(
        (r, i) =>
          `| ${i + 1} | ${r.baseline.eventsPerSecond.toFixed(0)} | ${r.intake.eventsPerSecond.toFixed(0)} | ${(r.intake.eventsPerSecond / r.baseline.eventsPerSecond).toFixed(2)} | ${r.intake.peakRssMb} |`,
      ),
      `| **median** | **${baseline.toFixed(0)}** | **${intake.toFixed(0)}** | **${(intake / baseline).toFixed(2)}** | **${rss}** |`,
      '',
    ].join('\n');
    writeFileSync(`bench/results/intake-${opts.db}-${stamp}.md`, table);
    console.log(`\n${table}\nbridge/baseline = ${(intake / baseline).toFixed(2)}; written to bench/results/`);
  }
}

/** The highest resident set size the process reached (VmHWM), in MB. */
function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}
