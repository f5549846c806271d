import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { kafkaConfig } from '@hoso/config';
import { Inject } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { peakRssMb, rssMb } from '@hoso/observability';
import { Command, CommandRunner, Option } from 'nest-commander';
import { benchEvents, lifecycleEvents, lifecycles, pendingDocuments } from './bench-events';
import { type RebuildRun, rebuildRun } from './rebuild-bench';
import { type SipRun, sipRun } from './sip-bench';
import {
  BenchKit,
  type Database,
  freePort,
  httpJson,
  median,
  PARTITIONS,
  percentile,
  sleep,
  stopProcess,
  type Topics,
} from './bench-kit';

interface BenchOptions {
  scenario: 'intake' | 'filing' | 'latency' | 'scaling' | 'rebuild' | 'pending' | 'sip' | 'all';
  events: number;
  dossiers: number;
  runs: number;
  db: Database;
  rate: number;
  seconds: number;
  profile?: string;
}

interface Throughput {
  baseline: number;
  bridge: number;
  seconds: number;
  peakRssMb: number;
}

/**
 * How fast the bridge is, next to the physical limit of its Kafka client on the same broker (a raw pipe
 * over the same messages, through the same messaging port), in one run, several times, medians reported:
 * - intake: source events stored and committed;
 * - filing: whole dossier lifecycles in, until the last e-file is on the output topic;
 * - latency: at a steady offered load, the time from a dossier's last needed event to its e-file.
 */
@Command({
  name: 'bench',
  description: 'measure the bridge against a raw pipe (writes bench/results/)',
})
export class BenchCommand extends CommandRunner {
  constructor(@Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>) {
    super();
  }

  async run(_args: string[], options: Partial<BenchOptions>): Promise<void> {
    const opts: BenchOptions = {
      scenario: 'all',
      events: 100_000,
      // Each sip dossier moves its binaries (about 3 MB) through the bridge.
      dossiers: options.scenario === 'sip' ? 100 : 25_000,
      runs: 3,
      db: 'mariadb',
      rate: 1000,
      // The latency target is set at 1,000 events/s offered for 2 minutes.
      seconds: 120,
      ...options,
    };
    if (!process.env.KAFKA_BROKERS) {
      const started = spawnSync('bash', ['infra/kafka/kafka.sh', 'start'], { stdio: 'inherit' });
      if (started.status !== 0) throw new Error('could not start the local Kafka broker');
    }
    const kit = new BenchKit(this.kafka, opts.profile);
    console.log(
      `benchmark ${opts.scenario} on ${opts.db}, ${opts.runs} runs, brokers ${this.kafka.brokers.join(',')}`,
    );
    const results: Record<string, unknown> = {};
    if (opts.scenario === 'rebuild') results.rebuild = await this.rebuild(kit, opts);
    if (opts.scenario === 'pending') results.pending = await this.pending(kit, opts);
    if (opts.scenario === 'sip') results.sip = await this.sip(kit, opts);
    if (opts.scenario === 'intake' || opts.scenario === 'all')
      results.intake = await this.repeat(opts, 'intake', () => this.intake(kit, opts));
    if (opts.scenario === 'filing' || opts.scenario === 'all')
      results.filing = await this.repeat(opts, 'filing', () => this.filing(kit, opts));
    if (['filing', 'latency', 'all'].includes(opts.scenario)) results.latency = await this.latency(kit, opts);
    if (opts.scenario === 'scaling') {
      if (opts.db === 'sqlite') throw new Error('the embedded SQLite database serves one instance only');
      const scaling: Record<number, Awaited<ReturnType<BenchCommand['repeat']>>> = {};
      for (const n of [1, 2, 4])
        scaling[n] = await this.repeat(opts, `filing, ${n} instance(s)`, () => this.filing(kit, opts, n));
      results.scaling = scaling;
    }
    await kit.close();
    this.report(opts, results);
  }

  @Option({
    flags: '--scenario <name>',
    description:
      'intake, filing (with latency), latency, all (default: intake, filing and latency), scaling (filing with 1, 2 and 4 instances), rebuild (the whole history, dry run and recovery), pending (memory while pending documents pile up) or sip (archive packages against fetching their binaries)',
  })
  parseScenario(value: string): string {
    if (!['intake', 'filing', 'latency', 'scaling', 'rebuild', 'pending', 'sip', 'all'].includes(value))
      throw new Error('--scenario is intake, filing, latency, scaling, rebuild, pending, sip or all');
    return value;
  }

  @Option({
    flags: '--profile <dir>',
    description: 'write a CPU profile of each bridge there (node --cpu-prof)',
  })
  parseProfile(value: string): string {
    return value;
  }

  @Option({
    flags: '--events <n>',
    description: 'intake and pending: source events per run (default 100000)',
  })
  parseEvents(value: string): number {
    return Number(value);
  }

  @Option({
    flags: '--dossiers <n>',
    description:
      'filing and rebuild: dossiers per run, 4 events each (default 25000); sip: dossiers (default 100)',
  })
  parseDossiers(value: string): number {
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

  @Option({ flags: '--rate <n>', description: 'latency: offered source events per second (default 1000)' })
  parseRate(value: string): number {
    return Number(value);
  }

  @Option({ flags: '--seconds <n>', description: 'latency: how long the load lasts (default 120)' })
  parseSeconds(value: string): number {
    return Number(value);
  }

  private async repeat(opts: BenchOptions, name: string, once: () => Promise<Throughput>) {
    const runs: Throughput[] = [];
    for (let run = 1; run <= opts.runs; run += 1) {
      const r = await once();
      console.log(
        `${name} run ${run}/${opts.runs}: raw pipe ${r.baseline.toFixed(0)} events/s, bridge ${r.bridge.toFixed(0)} events/s (${(r.bridge / r.baseline).toFixed(2)}), ${r.seconds.toFixed(1)} s, peak RSS ${r.peakRssMb} MB`,
      );
      runs.push(r);
    }
    return {
      runs,
      median: {
        baseline: median(runs.map((r) => r.baseline)),
        bridge: median(runs.map((r) => r.bridge)),
        ratio: median(runs.map((r) => r.bridge / r.baseline)),
        peakRssMb: median(runs.map((r) => r.peakRssMb)),
      },
    };
  }

  /** Rebuilds of the whole history, several runs, medians. */
  private async rebuild(kit: BenchKit, opts: BenchOptions) {
    const runs: RebuildRun[] = [];
    for (let run = 1; run <= opts.runs; run += 1) {
      const r = await rebuildRun(kit, opts.dossiers, opts.db);
      console.log(
        `rebuild run ${run}/${opts.runs}: ${r.events} events; raw pipe ${r.baselineSeconds.toFixed(1)} s; ` +
          `dry run ${r.dryRun.seconds.toFixed(1)} s ${JSON.stringify(r.dryRun.phases)}; ` +
          `recovery ${r.recovery.seconds.toFixed(1)} s ${JSON.stringify(r.recovery.phases)}; peak RSS ${r.peakRssMb} MB; ` +
          `slowest /health/live ${r.slowestHealthMs} ms`,
      );
      runs.push(r);
    }
    return {
      runs,
      median: {
        baselineSeconds: median(runs.map((r) => r.baselineSeconds)),
        dryRunSeconds: median(runs.map((r) => r.dryRun.seconds)),
        recoverySeconds: median(runs.map((r) => r.recovery.seconds)),
        peakRssMb: median(runs.map((r) => r.peakRssMb)),
        slowestHealthMs: median(runs.map((r) => r.slowestHealthMs)),
      },
    };
  }

  /** Archive packages of every filed dossier, next to fetching their binaries straight from the store. */
  private async sip(kit: BenchKit, opts: BenchOptions) {
    const runs: SipRun[] = [];
    for (let run = 1; run <= opts.runs; run += 1) {
      const r = await sipRun(kit, opts.dossiers, opts.db, run);
      console.log(
        `sip run ${run}/${opts.runs}: ${r.packages} packages, ${r.documents} binaries, ${r.megabytes.toFixed(0)} MB; ` +
          `raw fetch ${r.baseline.mbPerSecond.toFixed(0)} MB/s, packages ${r.bridge.mbPerSecond.toFixed(0)} MB/s ` +
          `(${(r.bridge.mbPerSecond / r.baseline.mbPerSecond).toFixed(2)}); per package p50 ${r.bridge.p50Ms.toFixed(0)} ms, ` +
          `p95 ${r.bridge.p95Ms.toFixed(0)} ms, max ${r.bridge.maxMs.toFixed(0)} ms; peak RSS ${r.peakRssMb} MB`,
      );
      runs.push(r);
    }
    return {
      runs,
      median: {
        baselineMbPerSecond: median(runs.map((r) => r.baseline.mbPerSecond)),
        bridgeMbPerSecond: median(runs.map((r) => r.bridge.mbPerSecond)),
        ratio: median(runs.map((r) => r.bridge.mbPerSecond / r.baseline.mbPerSecond)),
        p50Ms: median(runs.map((r) => r.bridge.p50Ms)),
        p95Ms: median(runs.map((r) => r.bridge.p95Ms)),
        maxMs: median(runs.map((r) => r.bridge.maxMs)),
        peakRssMb: median(runs.map((r) => r.peakRssMb)),
      },
    };
  }

  /** Source events until the bridge committed them all. */
  private async intake(kit: BenchKit, opts: BenchOptions): Promise<Throughput> {
    const topics = await kit.freshTopics();
    await kit.produce(benchEvents(opts.events, topics));
    const baseline = await kit.rawPipe(topics, opts.events);
    const database = await kit.freshDatabase(opts.db, topics.id);
    const groupId = `bench-${topics.id}`;
    const bridge = kit.spawnBridge(topics, database.env, groupId);
    try {
      let first = 0;
      for (;;) {
        if (bridge.exitCode !== null) throw new Error(`the bridge exited with code ${bridge.exitCode}`);
        const progress = await kit.committed(groupId, [topics.dossier, topics.document]);
        if (progress > 0) first ||= Date.now();
        if (progress >= opts.events) break;
        await sleep(100);
      }
      const seconds = (Date.now() - first) / 1000;
      return {
        baseline: baseline.eventsPerSecond,
        bridge: opts.events / seconds,
        seconds,
        peakRssMb: peakRssMb(bridge.pid!),
      };
    } finally {
      await stopProcess(bridge);
      await database.dispose();
    }
  }

  /**
   * Whole lifecycles (4 events per dossier) until the last e-file is on the output topic, with one bridge
   * or several in one consumer group.
   */
  private async filing(kit: BenchKit, opts: BenchOptions, instances = 1): Promise<Throughput> {
    const topics = await kit.freshTopics();
    const events = await kit.produce(lifecycles(opts.dossiers, topics));
    const baseline = await kit.rawPipe(topics, events);
    const database = await kit.freshDatabase(opts.db, topics.id);
    const groupId = `bench-${topics.id}`;
    const filed = new Set<string>();
    let last = 0;
    const unwatch = await kit.watch(topics.efiles, (value, at) => {
      filed.add((JSON.parse(value.toString()) as { subject: string }).subject);
      last = at;
    });
    await database.migrate();
    const bridges = Array.from({ length: instances }, () =>
      kit.spawnBridge(topics, { ...database.env, DB_MIGRATE_ON_START: 'false' }, groupId),
    );
    try {
      let first = 0;
      while (filed.size < opts.dossiers) {
        const exited = bridges.find((b) => b.exitCode !== null);
        if (exited) throw new Error(`a bridge exited with code ${exited.exitCode}`);
        if (!first && (await kit.committed(groupId, [topics.dossier, topics.document])) > 0)
          first = Date.now();
        await sleep(100);
      }
      const seconds = (last - first) / 1000;
      return {
        baseline: baseline.eventsPerSecond,
        bridge: events / seconds,
        seconds,
        peakRssMb: Math.max(...bridges.map((b) => peakRssMb(b.pid!))),
      };
    } finally {
      await unwatch();
      await Promise.all(bridges.map(stopProcess));
      await database.dispose();
    }
  }

  /**
   * Decisions that no dossier names, stored one after another: the bridge's memory as the pending state
   * grows (it lives in the database, so the curve should stay flat).
   */
  private async pending(kit: BenchKit, opts: BenchOptions) {
    const topics = await kit.freshTopics();
    const documents = await kit.produce(pendingDocuments(opts.events, topics));
    const database = await kit.freshDatabase(opts.db, topics.id);
    const port = await freePort();
    const groupId = `bench-${topics.id}`;
    const bridge = kit.spawnBridge(topics, database.env, groupId, {
      HTTP_PORT: String(port),
      HTTP_HOST: '127.0.0.1',
    });
    const samples: Array<{ stored: number; rssMb: number }> = [];
    try {
      let first = 0;
      for (;;) {
        if (bridge.exitCode !== null) throw new Error(`the bridge exited with code ${bridge.exitCode}`);
        const stored = await kit.committed(groupId, [topics.document]);
        if (stored > 0) first ||= Date.now();
        samples.push({ stored, rssMb: rssMb(bridge.pid!) });
        if (stored >= documents) break;
        await sleep(2000);
      }
      const seconds = (Date.now() - first) / 1000;
      const health = await httpJson<{ pending: { documents: number } }>(
        `http://127.0.0.1:${port}/health/consumers`,
      );
      // The resident set once a quarter, half, three quarters and all of the documents were stored.
      const rssAt = Object.fromEntries(
        [25, 50, 75, 100].map((share) => [
          share,
          samples.find((s) => s.stored >= (documents * share) / 100)!.rssMb,
        ]),
      );
      const result = {
        documents,
        pendingDocuments: health.pending.documents,
        seconds,
        eventsPerSecond: documents / seconds,
        rssAt,
        peakRssMb: peakRssMb(bridge.pid!),
      };
      console.log(
        `pending: ${documents} documents stored in ${seconds.toFixed(0)} s, ${result.pendingDocuments} pending; RSS at 25/50/75/100 %: ${Object.values(rssAt).join('/')} MB, peak ${result.peakRssMb} MB`,
      );
      return result;
    } finally {
      await stopProcess(bridge);
      await database.dispose();
    }
  }

  /** At a steady offered load: from a dossier's last needed event (acknowledged by the broker) to its e-file. */
  private async latency(kit: BenchKit, opts: BenchOptions) {
    const topics: Topics = await kit.freshTopics();
    const database = await kit.freshDatabase(opts.db, topics.id);
    const arrived = new Map<string, number>();
    const unwatch = await kit.watch(topics.efiles, (value, at) => {
      const { data } = JSON.parse(value.toString()) as { data: { dossier: { dossierCode: string } } };
      if (!arrived.has(data.dossier.dossierCode)) arrived.set(data.dossier.dossierCode, at);
    });
    const bridge = kit.spawnBridge(topics, database.env, `bench-${topics.id}`);
    const send = (list: Array<{ topic: string; key: string; value: string }>) => kit.send(list);
    try {
      // Warm up: the first dossier's file shows the bridge is in its group and running.
      const warmup = lifecycleEvents(1_000_000, topics);
      await send(warmup);
      while (arrived.size === 0) {
        if (bridge.exitCode !== null) throw new Error(`the bridge exited with code ${bridge.exitCode}`);
        await sleep(50);
      }
      const sent = new Map<string, number>();
      const perTick = Math.max(1, Math.round(opts.rate / 4 / 10));
      const start = Date.now();
      let dossier = 0;
      for (let tick = 0; tick < opts.seconds * 10; tick += 1) {
        const lifecycles = Array.from({ length: perTick }, () => lifecycleEvents(dossier++, topics));
        await send(lifecycles.flatMap((l) => l.slice(0, 3)));
        await send(lifecycles.map((l) => l[3]!));
        const at = Date.now();
        for (const l of lifecycles) sent.set(l[3]!.key, at);
        await sleep(Math.max(0, start + (tick + 1) * 100 - Date.now()));
      }
      const offered = (sent.size * 4) / ((Date.now() - start) / 1000);
      const deadline = Date.now() + 120_000;
      while ([...sent.keys()].some((code) => !arrived.has(code)) && Date.now() < deadline) await sleep(100);
      const latencies = [...sent]
        .filter(([code]) => arrived.has(code))
        .map(([code, at]) => arrived.get(code)! - at);
      const result = {
        offeredEventsPerSecond: offered,
        dossiers: sent.size,
        filed: latencies.length,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
        peakRssMb: peakRssMb(bridge.pid!),
      };
      console.log(
        `latency at ${offered.toFixed(0)} events/s: p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms, max ${result.max} ms (${result.filed}/${result.dossiers} filed)`,
      );
      return result;
    } finally {
      await unwatch();
      await stopProcess(bridge);
      await database.dispose();
    }
  }

  private report(opts: BenchOptions, results: Record<string, unknown>): void {
    const date = new Date().toISOString();
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version };
    const result = { date, machine, options: opts, partitions: PARTITIONS, ...results };
    const stamp = date.replace(/[:.]/g, '-');
    mkdirSync('bench/results', { recursive: true });
    const name = `bench/results/${opts.scenario}-${opts.db}-${stamp}`;
    writeFileSync(`${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
    const lines = [
      `# Benchmark, ${date.slice(0, 10)}: ${opts.scenario} on ${opts.db}`,
      '',
      `${machine.cpus} CPUs, Node ${process.version}, ${PARTITIONS} partitions. Medians of ${opts.runs} runs.`,
      '',
    ];
    const table = (
      title: string,
      what: string,
      r: { runs: Throughput[]; median: Record<string, number> },
    ) => {
      lines.push(
        `## ${title}`,
        '',
        what,
        '',
        '| run | raw pipe (events/s) | bridge (events/s) | ratio | seconds | bridge peak RSS (MB) |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
      );
      r.runs.forEach((x, i) =>
        lines.push(
          `| ${i + 1} | ${x.baseline.toFixed(0)} | ${x.bridge.toFixed(0)} | ${(x.bridge / x.baseline).toFixed(2)} | ${x.seconds.toFixed(1)} | ${x.peakRssMb} |`,
        ),
      );
      lines.push(
        `| **median** | **${r.median.baseline!.toFixed(0)}** | **${r.median.bridge!.toFixed(0)}** | **${r.median.ratio!.toFixed(2)}** | | **${r.median.peakRssMb}** |`,
        '',
      );
    };
    if (results.intake)
      table('Intake', `${opts.events} source events per run, until committed.`, results.intake as never);
    if (results.filing)
      table(
        'Filing, end to end',
        `${opts.dossiers} dossiers per run (received, resolved, decision issued, result returned: ${opts.dossiers * 4} events), until the last e-file is on the output topic.`,
        results.filing as never,
      );
    if (results.scaling) {
      const scaling = results.scaling as Record<string, { median: Record<string, number> }>;
      const one = scaling[1]!.median.bridge!;
      lines.push(
        '## Scaling',
        '',
        `Filing of ${opts.dossiers} dossiers (${opts.dossiers * 4} events) by 1, 2 and 4 bridges in one consumer group on 12-partition topics; medians.`,
        '',
        '| instances | raw pipe (events/s) | bridges (events/s) | ratio to the pipe | speed-up over 1 | peak RSS of one bridge (MB) |',
        '| ---: | ---: | ---: | ---: | ---: | ---: |',
        ...Object.entries(scaling).map(
          ([n, { median: m }]) =>
            `| ${n} | ${m.baseline!.toFixed(0)} | ${m.bridge!.toFixed(0)} | ${m.ratio!.toFixed(2)} | ${(m.bridge! / one).toFixed(2)} | ${m.peakRssMb} |`,
        ),
        '',
      );
    }
    if (results.rebuild) {
      const { runs, median: m } = results.rebuild as Awaited<ReturnType<BenchCommand['rebuild']>>;
      const phases = (p: Record<string, number>) =>
        Object.entries(p)
          .map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`)
          .join('; ');
      lines.push(
        '## Rebuild of the whole history',
        '',
        `${opts.dossiers} dossiers (${runs[0]!.events} events) filed by the bridge first. Dry run: the topics read again into the shadow and compared with the intact state. Recovery: every derived table emptied, then an applied rebuild (events stored again, every dossier refiled; no revision emitted). Seconds.`,
        '',
        '| run | raw pipe | dry run | dry-run phases | recovery | recovery phases | unchanged files | bridge peak RSS (MB) | slowest /health/live (ms) |',
        '| --- | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: |',
        ...runs.map(
          (r, i) =>
            `| ${i + 1} | ${r.baselineSeconds.toFixed(1)} | ${r.dryRun.seconds.toFixed(1)} | ${phases(r.dryRun.phases)} | ${r.recovery.seconds.toFixed(1)} | ${phases(r.recovery.phases)} | ${r.recovery.unchanged} | ${r.peakRssMb} | ${r.slowestHealthMs} |`,
        ),
        `| **median** | **${m.baselineSeconds.toFixed(1)}** | **${m.dryRunSeconds.toFixed(1)}** | | **${m.recoverySeconds.toFixed(1)}** | | | **${m.peakRssMb}** | **${m.slowestHealthMs}** |`,
        '',
      );
    }
    if (results.pending) {
      const p = results.pending as Awaited<ReturnType<BenchCommand['pending']>>;
      lines.push(
        '## Memory as pending documents pile up',
        '',
        `${p.documents} decisions that name no dossier and that no dossier names, stored by one bridge (${p.eventsPerSecond.toFixed(0)} events/s); its resident set as they were stored. One run.`,
        '',
        '| pending documents at the end | RSS at 25 % (MB) | at 50 % | at 75 % | at 100 % | peak RSS (MB) |',
        '| ---: | ---: | ---: | ---: | ---: | ---: |',
        `| ${p.pendingDocuments} | ${p.rssAt[25]} | ${p.rssAt[50]} | ${p.rssAt[75]} | ${p.rssAt[100]} | ${p.peakRssMb} |`,
        '',
      );
    }
    if (results.sip) {
      const { runs, median: m } = results.sip as Awaited<ReturnType<BenchCommand['sip']>>;
      const f = (n: number) => n.toFixed(0);
      lines.push(
        '## Archive packages (SIP)',
        '',
        `${opts.dossiers} simulated dossiers filed by the bridge, their binaries in a local document store. For each e-file in turn: its binaries fetched straight from the store, 4 at a time, and dropped (raw fetch); then its package from \`GET /admin/efiles/:fileCode/sip\` (fetched, checked, described, validated, zipped, streamed). MB/s of binaries; latency per package.`,
        '',
        '| run | packages | binaries | MB | raw fetch (MB/s) | packages (MB/s) | ratio | p50 (ms) | p95 (ms) | max (ms) | bridge peak RSS (MB) |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...runs.map(
          (r, i) =>
            `| ${i + 1} | ${r.packages} | ${r.documents} | ${f(r.megabytes)} | ${f(r.baseline.mbPerSecond)} | ${f(r.bridge.mbPerSecond)} | ${(r.bridge.mbPerSecond / r.baseline.mbPerSecond).toFixed(2)} | ${f(r.bridge.p50Ms)} | ${f(r.bridge.p95Ms)} | ${f(r.bridge.maxMs)} | ${r.peakRssMb} |`,
        ),
        `| **median** | | | | **${f(m.baselineMbPerSecond)}** | **${f(m.bridgeMbPerSecond)}** | **${m.ratio.toFixed(2)}** | **${f(m.p50Ms)}** | **${f(m.p95Ms)}** | **${f(m.maxMs)}** | **${m.peakRssMb}** |`,
        '',
      );
    }
    if (results.latency) {
      const l = results.latency as Record<string, number>;
      lines.push(
        '## Latency',
        '',
        `From a dossier's last needed event, acknowledged by the broker, to its e-file on the output topic, at a steady offered load for ${opts.seconds} s.`,
        '',
        '| offered (events/s) | dossiers filed | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | bridge peak RSS (MB) |',
        '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        `| ${l.offeredEventsPerSecond!.toFixed(0)} | ${l.filed}/${l.dossiers} | ${l.p50} | ${l.p95} | ${l.p99} | ${l.max} | ${l.peakRssMb} |`,
        '',
      );
    }
    writeFileSync(`${name}.md`, lines.join('\n'));
    console.log(`\n${lines.join('\n')}\nwritten to ${name}.{json,md}`);
  }
}
