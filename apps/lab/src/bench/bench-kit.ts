import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type KafkaConfig } from '@hoso/config';
import {
  KafkajsMessageConsumer,
  KafkajsMessagePublisher,
  KafkaProbe,
  TopicProvisioner,
} from '@hoso/messaging';
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

/** Kafka (through the messaging port), scratch topics, databases and bridge processes for one run. */
export class BenchKit {
  private readonly topics: TopicProvisioner;
  private readonly publisher: KafkajsMessagePublisher;
  private readonly probe: KafkaProbe;
  private readonly created: string[] = [];

  constructor(
    private readonly kafka: KafkaConfig,
    /** Where each bridge writes a CPU profile (node --cpu-prof), if anywhere. */
    private readonly profileDir?: string,
  ) {
    const client = { ...kafka, clientId: `${kafka.clientId}-bench` };
    this.topics = new TopicProvisioner(client);
    this.publisher = new KafkajsMessagePublisher(client);
    this.probe = new KafkaProbe(client);
  }

  async freshTopics(): Promise<Topics> {
    const id = randomUUID().slice(0, 8);
    const names = ['dossier', 'document', 'efiles', 'alerts', 'deadLetter', 'sink'] as const;
    const topics = { id, ...Object.fromEntries(names.map((n) => [n, `bench.${id}.${n}`])) } as Topics;
    await this.topics.ensure(
      names.map((n) => topics[n]),
      PARTITIONS,
    );
    this.created.push(...names.map((n) => topics[n]));
    return topics;
  }

  /** Deletes the scratch topics of every run, so that benchmarks do not fill the broker; lets go of Kafka. */
  async close(): Promise<void> {
    await this.topics.remove(this.created.splice(0));
    await this.publisher.close();
    await this.probe.onModuleDestroy();
  }

  /** Publishes messages, acknowledged by the broker, in the order given. */
  send(messages: readonly Outgoing[]): Promise<void> {
    return this.publisher.publish(
      messages.map(({ topic, key, value }) => ({ topic, key, value, headers: {} })),
    );
  }

  /**
   * Produces everything in batches; returns when the broker acknowledged it all. A generator keeps a
   * million messages out of memory.
   */
  async produce(messages: Iterable<Outgoing>): Promise<number> {
    let count = 0;
    let batch: Outgoing[] = [];
    for (const message of messages) {
      batch.push(message);
      if (++count % 2000 === 0) {
        await this.send(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await this.send(batch);
    return count;
  }

  /**
   * The limit of the Kafka client on this broker, through the same ports the bridge uses: consume the
   * source topics in batches, publish one message per input to a sink, commit after each, and process
   * nothing. Events per second.
   */
  async rawPipe(topics: Topics, count: number): Promise<{ seconds: number; eventsPerSecond: number }> {
    const consumer = new KafkajsMessageConsumer(this.kafka);
    let done = 0;
    let first = 0;
    let finished!: () => void;
    const all = new Promise<void>((resolve) => (finished = resolve));
    await consumer.start({
      groupId: `bench-pipe-${randomUUID()}`,
      topics: [topics.dossier, topics.document],
      batchSize: 10_000,
      concurrentPartitions: 4,
      retryMaxMs: 1000,
      handle: async (batch) => {
        first ||= Date.now();
        await this.publisher.publish(
          batch.messages.map(({ key, value }) => ({ topic: topics.sink, key, value, headers: {} })),
        );
        done += batch.messages.length;
        if (done >= count) finished();
      },
    });
    await all;
    const seconds = (Date.now() - first) / 1000;
    await consumer.stop();
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
        // Intake, relay and tracing settings to compare (say INTAKE_BATCH_SIZE=200), as given to the bench.
        ...Object.fromEntries(
          Object.entries(process.env).filter(([name]) => /^(INTAKE|RELAY|OTEL)_/.test(name)),
        ),
        ...database,
        HTTP_PORT: '0',
        ...extra,
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: this.kafka.brokers.join(','),
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
    const offsets = await this.probe.groupOffsets(groupId, topicNames, 10_000);
    return offsets.reduce((sum, p) => sum + Number(p.committed ?? 0n), 0);
  }

  /** Reads a topic from the start, calling back with each message and the time it arrived. */
  async watch(topic: string, onMessage: (value: Buffer, at: number) => void): Promise<() => Promise<void>> {
    const consumer = new KafkajsMessageConsumer(this.kafka);
    await consumer.start({
      groupId: `bench-watch-${randomUUID()}`,
      topics: [topic],
      batchSize: 10_000,
      concurrentPartitions: PARTITIONS,
      retryMaxMs: 1000,
      handle: (batch) => {
        const at = Date.now();
        for (const m of batch.messages) if (m.value) onMessage(m.value, at);
        return Promise.resolve();
      },
    });
    return () => consumer.stop();
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

export const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
