import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { kafkaConfig } from '@hoso/config';
import {
  type CheckReport,
  checkOutput,
  DEFAULT_SIMULATION,
  type GroundTruth,
  simulate,
  type SimulationOptions,
  type TruthFile,
  readOutput,
  sendSimulation,
} from '@hoso/simulator';
import { Inject } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';

export const TRUTH_FILE = 'var/simulation/truth.json';

interface SimulateOptions extends Partial<SimulationOptions> {
  rate?: number;
  truth?: string;
}

const share = (flag: string, what: string) =>
  Option({
    flags: `--${flag} <share>`,
    description: `${what}, 0–1 (default ${DEFAULT_SIMULATION[flag as 'nfd']})`,
  });

function parseShare(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new Error(`a share is a number from 0 to 1, not "${value}"`);
  return n;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, not "${value}"`);
  return n;
}

@SubCommand({
  name: 'check',
  arguments: '[truth-file]',
  description: `compare the e-file and dead-letter topics with a simulation's truth (default ${TRUTH_FILE}); exit 1 on a difference`,
})
class SimulateCheckCommand extends CommandRunner {
  constructor(@Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>) {
    super();
  }

  async run([path = TRUTH_FILE]: string[], options: { json?: boolean }): Promise<void> {
    const { truth, delivery } = JSON.parse(readFileSync(path, 'utf8')) as TruthFile;
    const { files, deadLetters } = await readOutput(this.kafka);
    const report = checkOutput(truth, delivery, files, deadLetters);
    if (options.json) console.log(JSON.stringify(report, null, 2));
    else printCheck(report);
    process.exitCode = report.ok ? 0 : 1;
  }

  @Option({ flags: '--json', description: 'print the whole report as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'simulate',
  description:
    'send simulated events of both partner systems, and write the ground truth of the files they must give',
  subCommands: [SimulateCheckCommand],
})
class SimulateCommand extends CommandRunner {
  constructor(@Inject(kafkaConfig.KEY) private readonly kafka: ConfigType<typeof kafkaConfig>) {
    super();
  }

  async run(_args: string[], options: SimulateOptions): Promise<void> {
    const { rate = 0, truth: path = TRUTH_FILE, ...knobs } = options;
    const { messages, truth } = simulate({ ...DEFAULT_SIMULATION, ...knobs });
    console.log(describeSimulation(truth));
    const bar = new SingleBar({ format: 'sending [{bar}] {value}/{total} messages' });
    bar.start(messages.length, 0);
    const delivery = await sendSimulation(this.kafka, messages, { rate, onSent: (n) => bar.increment(n) });
    bar.stop();
    writeTruth(path, { truth, delivery });
    console.log(`ground truth written to ${path}; compare with: npx hoso-lab simulate check`);
  }

  @Option({ flags: '--seed <n>', description: 'the same seed gives the same events (default 1)' })
  parseSeed(value: string): number {
    return parseCount(value);
  }

  @Option({ flags: '--agencies <n>', description: 'agencies: wards, then departments (default 4)' })
  parseAgencies(value: string): number {
    return parseCount(value);
  }

  @Option({ flags: '--days <n>', description: 'simulated days (default 1)' })
  parseDays(value: string): number {
    return parseCount(value);
  }

  @Option({ flags: '--dossiers <n>', description: 'dossiers per agency and day (default 60)' })
  parseDossiers(value: string): number {
    return parseCount(value);
  }

  @Option({ flags: '--start-date <date>', description: 'the first day, YYYY-MM-DD (default 2026-03-02)' })
  parseStartDate(value: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
      throw new Error(`--start-date is YYYY-MM-DD, not "${value}"`);
    return value;
  }

  @Option({ flags: '--rate <n>', description: 'messages a second (default 0: as fast as possible)' })
  parseRate(value: string): number {
    return parseCount(value);
  }

  @Option({ flags: '--truth <file>', description: `where to write the ground truth (default ${TRUTH_FILE})` })
  parseTruth(value: string): string {
    return value;
  }

  @share('duplicates', 'events sent twice')
  parseDuplicates(value: string): number {
    return parseShare(value);
  }

  @share('out-of-order', 'events sent before earlier ones')
  parseOutOfOrder(value: string): number {
    return parseShare(value);
  }

  @share('late-documents', 'dossiers with a document issued after the file was made')
  parseLateDocuments(value: string): number {
    return parseShare(value);
  }

  @share('named-only', 'result documents that name no dossier, only found by number and notation')
  parseNamedOnly(value: string): number {
    return parseShare(value);
  }

  @share('revocations', 'returned dossiers whose decision is revoked')
  parseRevocations(value: string): number {
    return parseShare(value);
  }

  @share('malformed', 'events followed by a broken copy')
  parseMalformed(value: string): number {
    return parseShare(value);
  }

  @share('nfd', 'events with their text in NFD')
  parseNfd(value: string): number {
    return parseShare(value);
  }

  @share('binary', 'events in binary content mode')
  parseBinary(value: string): number {
    return parseShare(value);
  }

  @Option({
    flags: '--edxml <share>',
    description:
      'outgoing documents that name no dossier sent as edXML messages on the edXML topic, 0–1 (default: none; given at all, their files hash real bytes)',
  })
  parseEdxml(value: string): number {
    return parseShare(value);
  }
}

export function writeTruth(path: string, file: TruthFile): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(file));
}

export function describeSimulation(truth: GroundTruth): string {
  const { options: o, counts } = truth;
  const filed = truth.dossiers.filter((d) => d.endedBy !== null).length;
  const bad = Object.values(counts.deadLetters).reduce((n, c) => n + c, 0);
  return (
    `simulation, seed ${o.seed}: ${o.agencies} agencies × ${o.days} day(s) × ${o.dossiers} dossiers from ${o.startDate}\n` +
    `  ${counts.messages} messages: ${counts.accepted} events, ${counts.duplicates} duplicates, ${bad} malformed\n` +
    `  ${truth.dossiers.length} dossiers, ${filed} must be filed; ${truth.unrelatedDocuments.length} documents belong to no dossier` +
    (counts.edxml === undefined
      ? ''
      : `\n  ${counts.edxml} outgoing documents sent as edXML messages (QCVN 102:2016) on the edXML topic, for the bridge's edXML adapter`)
  );
}

export function printCheck(report: CheckReport): void {
  const { files, deadLetters: dl } = report;
  const line = (label: string, list: readonly unknown[]) =>
    list.length > 0 && console.log(`  ${label}: ${list.length} ${JSON.stringify(list.slice(0, 5))}`);
  console.log(
    `ground truth: ${report.ok ? 'PASSED' : 'FAILED'}\n` +
      `  e-files: ${files.filed}/${files.expected} dossiers filed, ${files.revisions} revisions\n` +
      `  dead letters: ${dl.found}/${dl.expected} ${JSON.stringify(dl.byReason)}`,
  );
  line('missing files', report.missing);
  line('files of open dossiers', report.unexpected);
  line('wrong completedBy', report.wrongEnding);
  line('wrong documents', report.wrongDocuments);
  line('duplicate revisions', report.duplicates);
  line('revision gaps', report.gaps);
  line('dead letters missing or with another reason', dl.missing);
  line('good messages dead-lettered', dl.wronglyRejected);
}

export const SIMULATE_COMMANDS = [SimulateCommand, SimulateCheckCommand];
