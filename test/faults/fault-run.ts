import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type KafkaConfig, loadConfig } from '@hoso/config';
import { Logger } from '@nestjs/common';
import { KafkaProbe } from '@hoso/messaging';
import { withDataSource } from '@hoso/persistence';
import {
  type CheckReport,
  checkOutput,
  type Delivery,
  DEFAULT_SIMULATION,
  type SimMessage,
  simulate,
  type Simulation,
  type SimulationOptions,
  readOutput,
  sendSimulation,
} from '@hoso/simulator';
import {
  BridgeProcess,
  createTopics,
  queryDatabase,
  REPO_ROOT,
  TcpProxy,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';
import { Kafka, logLevel } from 'kafkajs';
import { rssMb } from '@hoso/observability';

// The checks read topics through the bridge's own reader, which logs through Nest: errors only here.
Logger.overrideLogger(['error']);

/** `npm run test:faults` runs the scenarios at full size; `npm test` runs them short, to keep CI honest. */
export const FULL = process.env.HOSO_FAULTS === 'full';
export const TIMEOUT_MS = (FULL ? 30 : 8) * 60_000;

/** Everything one scenario measured, for its assertions and the closing table. */
export interface FaultReport {
  scenario: string;
  events: number;
  faults: number;
  /** From the end of the last fault until the output was complete. */
  recoverySeconds: number;
  check: CheckReport;
  /** Source offsets with neither an inbox row nor a dead letter, and inbox rows no message explains. */
  inbox: { missing: string[]; unexpected: string[] };
  peakRssMb: number;
  /** For each `(fileCode, revision)` emitted twice: whether the copies are the same message. */
  duplicateCopies: Record<string, 'identical' | 'different'>;
  /** Log lines of the bridges that say a relay found an earlier attempt's messages on the topic. */
  republishSkipped: number;
}

/**
 * One fault scenario's world: its own topics and MariaDB database, a simulated stream with its ground
 * truth, the bridge processes it runs, their memory, and the strict check at the end.
 */
export class FaultRun {
  readonly bridges: BridgeProcess[] = [];
  peakRssMb = 0;
  private sampler?: NodeJS.Timeout;
  private relay?: TcpProxy;

  private constructor(
    readonly scenario: string,
    readonly kafka: KafkaConfig,
    readonly db: TestDatabase,
    readonly simulation: Simulation,
  ) {}

  static async start(
    scenario: string,
    options: Partial<SimulationOptions> & {
      partitions?: number;
      brokers?: string;
      /** Changes the simulated stream before it is sent (hostile input mixed in). */
      transform?: (messages: SimMessage[]) => SimMessage[];
    },
  ): Promise<FaultRun> {
    const id = randomUUID().slice(0, 8);
    const { partitions = 6, brokers = process.env.KAFKA_BROKERS!, transform, ...knobs } = options;
    const kafka = loadConfig({
      KAFKA_BROKERS: brokers,
      KAFKA_GROUP_ID: `f-${id}`,
      KAFKA_TOPIC_DOSSIER_EVENTS: `f.${id}.dossier`,
      KAFKA_TOPIC_DOCUMENT_EVENTS: `f.${id}.document`,
      KAFKA_TOPIC_EFILE_ASSEMBLED: `f.${id}.efiles`,
      KAFKA_TOPIC_EFILE_ALERTS: `f.${id}.alerts`,
      KAFKA_TOPIC_DEAD_LETTER: `f.${id}.dlq`,
    }).kafka;
    const simulation = simulate({ ...DEFAULT_SIMULATION, ...knobs });
    if (transform) simulation.messages = transform(simulation.messages);
    const db = await throwawayMariaDb(`fault_${scenario.replace(/\W/g, '_').slice(0, 20)}`);
    const run = new FaultRun(scenario, kafka, db, simulation);
    await createTopics(run.topicNames(), partitions, kafka.brokers);
    // Migrated once here, so that instances started together do not race to migrate.
    await withDataSource(db.config, (ds) => ds.runMigrations());
    run.sampler = setInterval(() => run.sampleMemory(), 500);
    return run;
  }

  get events(): number {
    return this.simulation.messages.length;
  }

  /** The environment of a bridge of this run. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    const t = this.kafka.topics;
    return {
      KAFKA_BROKERS: this.kafka.brokers.join(','),
      KAFKA_GROUP_ID: this.kafka.groupId,
      KAFKA_TOPIC_DOSSIER_EVENTS: t.dossierEvents,
      KAFKA_TOPIC_DOCUMENT_EVENTS: t.documentEvents,
      KAFKA_TOPIC_EFILE_ASSEMBLED: t.efileAssembled,
      KAFKA_TOPIC_EFILE_ALERTS: t.efileAlerts,
      KAFKA_TOPIC_DEAD_LETTER: t.deadLetter,
      KAFKA_CREATE_TOPICS: 'false',
      DATABASE_URL: this.db.config.kind === 'mysql' ? this.db.config.url : '',
      DB_MIGRATE_ON_START: 'false',
      RELAY_INTERVAL_MS: '200',
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  async spawn(extra: Record<string, string> = {}): Promise<BridgeProcess> {
    const bridge = await BridgeProcess.spawn(this.env(extra));
    this.bridges.push(bridge);
    return bridge;
  }

  /** Sends the stream (or the share of it from `from` to `to`), `rate` messages a second (0: at once). */
  feed(rate: number, { from = 0, to = 1 } = {}): Promise<Delivery> {
    const all = this.simulation.messages;
    const slice = all.slice(Math.round(all.length * from), Math.round(all.length * to));
    return sendSimulation(this.kafka, slice, { rate });
  }

  /**
   * Waits until the bridges consumed everything and the output holds every file the truth expects, then
   * checks it strictly; `since` is when the last fault ended, for the recovery time.
   */
  async verdict(delivery: Delivery, since: number, timeoutMs = 240_000): Promise<FaultReport> {
    const probe = new KafkaProbe(this.kafka);
    const sources = [this.kafka.topics.dossierEvents, this.kafka.topics.documentEvents];
    let check!: CheckReport;
    let complete = true;
    try {
      await waitFor(
        'every expected e-file on the output topic',
        async () => {
          const lag = (await probe.groupOffsets(this.kafka.groupId, sources, 10_000)).reduce(
            (sum, p) => sum + p.lag,
            0n,
          );
          if (lag > 0n) return false;
          const output = await readOutput(this.kafka);
          check = checkOutput(this.simulation.truth, delivery, output.files, output.deadLetters);
          return check.missing.length === 0 && check.deadLetters.missing.length === 0;
        },
        { timeoutMs, intervalMs: 2000 },
      ).catch((error: Error) => {
        // The report below says what is missing, and the bridges' logs why; a plain timeout would not.
        console.error(`${error.message}; the bridges' logs are in ${this.keepLogs()}`);
        complete = false;
      });
    } finally {
      await probe.onModuleDestroy();
    }
    const recoverySeconds = (Date.now() - since) / 1000;
    // Late duplicates would come after the last needed file: one more look once the relays are idle.
    if (complete)
      await waitFor('the outboxes to be empty', () => this.outboxEmpty(), { timeoutMs: 60_000 }).catch(
        (error: Error) => {
          throw new Error(`${error.message}; the bridges' logs are in ${this.keepLogs()}`, { cause: error });
        },
      );
    const output = await readOutput(this.kafka);
    check = checkOutput(this.simulation.truth, delivery, output.files, output.deadLetters);
    const copies = new Map<string, Set<string>>();
    for (const f of output.files) {
      const id = `${f.fileCode}#${f.revision}`;
      copies.set(id, (copies.get(id) ?? new Set()).add(JSON.stringify(f)));
    }
    const duplicateCopies = Object.fromEntries(
      check.duplicates.map((d) => {
        const id = d.split(' ')[0]!;
        return [id, copies.get(id)!.size === 1 ? 'identical' : 'different'] as const;
      }),
    );
    return {
      scenario: this.scenario,
      events: this.events,
      faults: 0,
      recoverySeconds,
      check,
      inbox: await this.inboxAccounting(delivery),
      peakRssMb: this.peakRssMb,
      duplicateCopies,
      republishSkipped: this.bridges.flatMap((b) => b.logged('published before a crash')).length,
    };
  }

  /** A relay in front of this run's database, for the test to cut or silence; its URL is for the bridges. */
  async databaseRelay(): Promise<{ relay: TcpProxy; url: string }> {
    if (this.db.config.kind !== 'mysql') throw new Error('a database relay needs MariaDB');
    const url = new URL(this.db.config.url);
    this.relay = await TcpProxy.start(Number(url.port || 3306), url.hostname);
    url.port = String(this.relay.port);
    return { relay: this.relay, url: url.toString() };
  }

  async dispose(): Promise<void> {
    clearInterval(this.sampler);
    // The relay first: the server drops the sessions it held open, whose locks would block dropping the database.
    await this.relay?.close();
    await Promise.all(this.bridges.map((b) => b.stop('SIGKILL').catch(() => undefined)));
    await this.db.dispose();
    const admin = this.client().admin();
    await admin.connect();
    await admin.deleteTopics({ topics: this.topicNames() }).catch(() => undefined);
    await admin.disconnect();
  }

  /** Writes each bridge's log lines to var/faults/<scenario>/, for a scenario that failed. */
  keepLogs(): string {
    const dir = join(REPO_ROOT, 'var/faults', this.scenario.replace(/\W+/g, '-'));
    mkdirSync(dir, { recursive: true });
    this.bridges.forEach((b, i) =>
      writeFileSync(join(dir, `bridge-${i + 1}.log`), b.lines.join('\n') + '\n'),
    );
    return dir;
  }

  topicNames(): string[] {
    const t = this.kafka.topics;
    return [t.dossierEvents, t.documentEvents, t.efileAssembled, t.efileAlerts, t.deadLetter];
  }

  private client(): Kafka {
    return new Kafka({ clientId: 'hoso-faults', brokers: this.kafka.brokers, logLevel: logLevel.NOTHING });
  }

  private sampleMemory(): void {
    for (const bridge of this.bridges.filter((b) => b.running)) {
      try {
        this.peakRssMb = Math.max(this.peakRssMb, rssMb(bridge.pid));
      } catch {
        // It exited between the check and the read.
      }
    }
  }

  private async outboxEmpty(): Promise<boolean> {
    const [row] = await queryDatabase<{ n: number }>(
      this.db,
      'SELECT COUNT(*) AS n FROM outbox_message WHERE published_at IS NULL',
    );
    return Number(row!.n) === 0;
  }

  /** Every source offset is in the inbox or was dead-lettered (or is a duplicate of a stored event). */
  private async inboxAccounting(delivery: Delivery): Promise<FaultReport['inbox']> {
    const rows = await queryDatabase<{ at: string }>(
      this.db,
      "SELECT CONCAT(topic, '/', kafka_partition, '/', kafka_offset) AS at FROM inbox_event",
    );
    const stored = new Set(rows.map((r) => r.at));
    const accepted = Object.entries(delivery.expected).filter(([, e]) => e === 'accepted');
    return {
      missing: accepted.filter(([at]) => !stored.has(at)).map(([at]) => at),
      unexpected: [...stored].filter((at) => delivery.expected[at] !== 'accepted'),
    };
  }
}

/** The failures of a report, as lines: empty when nothing was lost, duplicated or misfiled. */
export function failures(report: FaultReport): string[] {
  const { check, inbox } = report;
  return [
    ...check.missing.map((d) => `not filed: ${d}`),
    ...check.unexpected.map((d) => `filed while open: ${d}`),
    ...check.duplicates.map((d) => `emitted twice: ${d}, ${report.duplicateCopies[d.split(' ')[0]!]}`),
    ...check.gaps.map((d) => `revision gap: ${d}`),
    ...check.wrongEnding.map((w) => `wrong ending: ${w.dossierCode}`),
    ...check.wrongDocuments.map((w) => `wrong documents: ${w.dossierCode}`),
    ...check.deadLetters.missing.map((d) => `no dead letter: ${d}`),
    ...check.deadLetters.wronglyRejected.map((d) => `wrongly dead-lettered: ${d}`),
    ...inbox.missing.map((at) => `not in the inbox: ${at}`),
    ...inbox.unexpected.map((at) => `unexplained inbox row: ${at}`),
  ].slice(0, 30);
}

/** One line for the log, and for the closing note's table. */
export function summary(report: FaultReport): string {
  return (
    `${report.scenario}: ${report.events} events, ${report.faults} faults, recovered in ` +
    `${report.recoverySeconds.toFixed(1)} s, files ${report.check.files.filed}/${report.check.files.expected}, ` +
    `duplicates ${report.check.duplicates.length}, lost ${report.check.missing.length + report.inbox.missing.length}, ` +
    `dead letters ${report.check.deadLetters.found}/${report.check.deadLetters.expected}, peak RSS ${report.peakRssMb} MB, ` +
    `relay found ${report.republishSkipped} earlier attempt(s) on the topic`
  );
}

/** Where each message of several feeds landed. */
export function merged(...deliveries: Delivery[]): Delivery {
  return { expected: Object.assign({}, ...deliveries.map((d) => d.expected)) as Delivery['expected'] };
}

/** Polls a bridge's /health/ready every quarter second (0: no answer at all), until stopped. */
export function watchReadiness(bridge: BridgeProcess) {
  const seen: Array<{ at: number; status: number }> = [];
  let watching = true;
  const loop = (async () => {
    while (watching) {
      const status = await bridge.status('/health/ready');
      // When the answer came: a check that began in an outage may end after it, and then rightly say 200.
      seen.push({ at: Date.now(), status });
      // Unref'd: a scenario that fails before stopping the watch must not keep Jest from exiting.
      await new Promise((resolve) => setTimeout(resolve, 250).unref());
    }
  })();
  return {
    /** The answers between two moments. */
    between: (from: number, to: number) =>
      seen.filter((s) => s.at >= from && s.at <= to).map((s) => s.status),
    stop: async () => {
      watching = false;
      await loop;
    },
  };
}

/** A small seeded generator of integers below `below`, so that a failing scenario can be run again. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % below;
  };
}
