import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel, type Message, Partitioners } from 'kafkajs';
import { withDataSource } from '@hoso/persistence';
import { createConnection } from 'mysql2/promise';

export const PARTITIONS = 12;
const BRIDGE_MAIN = 'dist/apps/bridge/src/main.js';
const SERVER_URL = (process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');

export type Database = 'mariadb' | 'sqlite';

export interface Topics {
  id: string;
  dossier: string;
  document: string;
  efiles: string;
  alerts: string;
  deadLetter: string;
  sink: string;
}

export interface BenchDatabase {
  env: Record<string, string>;
  query(sql: string): Promise<void>;
  /** Applies the migrations, for instances started with DB_MIGRATE_ON_START=false. */
  migrate(): Promise<void>;
  dispose(): Promise<void>;
}

export interface Outgoing {
  topic: string;
  key: string;
  value: string;
}

/** Kafka clients and scratch topics, databases and bridge processes for one benchmark run. */
export class BenchKit {
  constructor(
    private readonly brokers: string[],
    /** Where each bridge writes a CPU profile (node --cpu-prof), if anywhere. */
    private readonly profileDir?: string,
  ) {}

  client(suffix: string): Kafka {
    return new Kafka({ clientId: `hoso-bench-${suffix}`, brokers: this.brokers, logLevel: logLevel.NOTHING });
  }

  private readonly created: string[] = [];

  async freshTopics(): Promise<Topics> {
    const id = randomUUID().slice(0, 8);
    const names = ['dossier', 'document', 'efiles', 'alerts', 'deadLetter', 'sink'] as const;
    const topics = { id, ...Object.fromEntries(names.map((n) => [n, `bench.${id}.${n}`])) } as Topics;
    const admin = this.client('admin').admin();
    await admin.connect();
    await admin.createTopics({
      topics: names.map((n) => ({ topic: topics[n], numPartitions: PARTITIONS })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    this.created.push(...names.map((n) => topics[n]));
    return topics;
  }

  /** Deletes the scratch topics of every run, so that benchmarks do not fill the broker. */
  async deleteTopics(): Promise<void> {
    const admin = this.client('admin').admin();
    await admin.connect();
    await admin.deleteTopics({ topics: this.created.splice(0) });
    await admin.disconnect();
  }

  /**
   * Produces everything, grouped by topic, in batches; returns when the broker acknowledged it all. A
   * generator keeps a million messages out of memory.
   */
  async produce(messages: Iterable<Outgoing>): Promise<number> {
    const producer = this.client('producer').producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    let count = 0;
    let byTopic = new Map<string, Message[]>();
    const flush = async () => {
      await producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
      byTopic = new Map();
    };
    for (const { topic, key, value } of messages) {
      const list = byTopic.get(topic) ?? [];
      list.push({ key, value });
      byTopic.set(topic, list);
      if (++count % 2000 === 0) await flush();
    }
    if (byTopic.size > 0) await flush();
    await producer.disconnect();
    return count;
  }

  /**
   * The physical limit of this client on this broker: consume the source topics and produce one message per
   * input to a sink, committing as it goes, with no processing at all. Events per second.
   */
  async rawPipe(topics: Topics, count: number): Promise<{ seconds: number; eventsPerSecond: number }> {
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

  /** A fresh, empty database for one run, and a way to run a statement in it. */
  async freshDatabase(kind: Database, id: string): Promise<BenchDatabase> {
    if (kind === 'sqlite') {
      const path = join(tmpdir(), `hoso-bench-${id}.sqlite`);
      const config = { kind: 'sqlite' as const, path, migrateOnStart: false };
      return {
        env: { SQLITE_PATH: path },
        query: (sql) => withDataSource(config, (ds) => ds.query(sql).then(() => undefined)),
        migrate: () => withDataSource(config, (ds) => ds.runMigrations().then(() => undefined)),
        dispose: () =>
          Promise.resolve(['', '-wal', '-shm'].forEach((s) => rmSync(path + s, { force: true }))),
      };
    }
    const name = `hoso_bench_${id}`;
    const run = async (sql: string, database = '') => {
      const connection = await createConnection({ uri: `${SERVER_URL}/${database}` });
      await connection.query(sql);
      await connection.end();
    };
    await run(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const config = {
      kind: 'mysql' as const,
      url: `${SERVER_URL}/${name}`,
      poolSize: 2,
      connectTimeoutMs: 5000,
      queryTimeoutMs: 60000,
      migrateOnStart: false,
    };
    return {
      env: { DATABASE_URL: config.url },
      query: (sql) => run(sql, name),
      migrate: () => withDataSource(config, (ds) => ds.runMigrations().then(() => undefined)),
      dispose: () => run(`DROP DATABASE \`${name}\``),
    };
  }

  /** The built bridge as its own process, on these topics and database. */
  spawnBridge(
    topics: Topics,
    database: Record<string, string>,
    groupId: string,
    extra: Record<string, string> = {},
  ): ChildProcess {
    const profile = this.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${this.profileDir}`] : [];
    return spawn(process.execPath, [...profile, BRIDGE_MAIN], {
      env: {
        PATH: process.env.PATH,
        // Node's own flags for the bridge (say a heap limit), as an operator would set them.
        ...(process.env.BRIDGE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BRIDGE_NODE_OPTIONS } : {}),
        // Intake and relay settings to compare (say INTAKE_BATCH_SIZE=200), as given to the bench.
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(INTAKE|RELAY)_/.test(name))),
        ...database,
        HTTP_PORT: '0',
        ...extra,
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: this.brokers.join(','),
        KAFKA_GROUP_ID: groupId,
        KAFKA_CREATE_TOPICS: 'false',
        KAFKA_TOPIC_DOSSIER_EVENTS: topics.dossier,
        KAFKA_TOPIC_DOCUMENT_EVENTS: topics.document,
        KAFKA_TOPIC_EFILE_ASSEMBLED: topics.efiles,
        KAFKA_TOPIC_EFILE_ALERTS: topics.alerts,
        KAFKA_TOPIC_DEAD_LETTER: topics.deadLetter,
      },
      // Its log, for when a run goes wrong.
      stdio: ['ignore', openSync(join(tmpdir(), `hoso-bench-${topics.id}.log`), 'a'), 'inherit'],
    });
  }

  /** The sum of a group's committed offsets over these topics. */
  async committed(groupId: string, topicNames: readonly string[]): Promise<number> {
    const admin = this.client('watch').admin();
    await admin.connect();
    try {
      let sum = 0;
      for (const topic of topicNames) {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const p of offsets?.partitions ?? []) sum += Math.max(0, Number(p.offset));
      }
      return sum;
    } finally {
      await admin.disconnect();
    }
  }

  /** Reads a topic from the start, calling back with each message and the time it arrived. */
  async watch(topic: string, onMessage: (value: Buffer, at: number) => void): Promise<() => Promise<void>> {
    const consumer = this.client('output').consumer({
      groupId: `bench-watch-${randomUUID()}`,
      maxWaitTimeInMs: 50,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) =>
        Promise.resolve(void (message.value && onMessage(message.value, Date.now()))),
    });
    return () => consumer.disconnect();
  }
}

/** GETs (or POSTs `body` to) a bridge's HTTP API and parses the JSON answer. */
export function httpJson<T>(
  url: string,
  { token, body }: { token?: string; body?: object } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // A connection per call: a pooled one may be closed by the server just as it is reused.
    const request = httpRequest(
      url,
      {
        method: body ? 'POST' : 'GET',
        agent: false,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          'content-type': 'application/json',
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          (response.statusCode ?? 500) < 300
            ? resolve(JSON.parse(text) as T)
            : reject(new Error(`${url}: ${response.statusCode} ${text}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(body ? JSON.stringify(body) : undefined);
  });
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** The highest resident set size the process reached (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  return statusMb(pid, 'VmHWM');
}

/** The process's resident set size now (VmRSS), in MB. */
export function rssMb(pid: number): number {
  return statusMb(pid, 'VmRSS');
}

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
}

export const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
