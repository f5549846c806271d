import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, type Page, type RebuildReport, type ReemitReport } from '@hoso/contracts';
import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { EXIT } from './bridge-client';
import { BridgeCommand, type JsonOption } from './bridge-command';
import { printTable } from './table';

interface ReemitOptions extends JsonOption {
  fileCode?: string[];
  agency?: string;
  from?: string;
  to?: string;
  allRevisions?: boolean;
  apply?: boolean;
}

@SubCommand({
  name: 'reemit',
  description: 'publish stored e-files again with the same ids (a dry run unless --apply)',
})
export class ReemitCommand extends BridgeCommand<ReemitOptions> {
  protected async work(_args: string[], options: ReemitOptions): Promise<void> {
    if (!options.fileCode && !options.agency && !options.from && !options.to)
      throw new Error('choose e-files with --file-code, --agency, --from or --to');
    const result = await this.bridge.call<ReemitReport>('/admin/replay/reemit', {
      fileCodes: options.fileCode,
      agency: options.agency,
      from: options.from,
      to: options.to,
      allRevisions: options.allRevisions ?? false,
      dryRun: !options.apply,
    });
    this.show(options, result, () =>
      console.log(
        `${options.apply ? 'queued' : 'dry run, would queue'} ${result.messages} message(s) of ${result.files} e-file(s)` +
          (result.ids.length > 0
            ? `: ${result.ids.slice(0, 10).join(', ')}${result.ids.length > 10 ? ', …' : ''}`
            : ''),
      ),
    );
  }

  @Option({ flags: '--file-code <code>', description: 'an e-file (repeatable)' })
  parseFileCode(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({ flags: '--agency <code>', description: 'every e-file of an agency' })
  parseAgency(value: string): string {
    return value;
  }

  @Option({ flags: '--from <instant>', description: 'e-files made at or after (ISO 8601)' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <instant>', description: 'e-files made before (ISO 8601)' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--all-revisions', description: 'every revision in order (default: the last)' })
  parseAllRevisions(): boolean {
    return true;
  }

  @Option({ flags: '--apply', description: 'publish them (default: a dry run that counts them)' })
  parseApply(): boolean {
    return true;
  }
}

/** How a finished job ends the command: 0 when it succeeded, 1 otherwise. */
const exitOf = (job: Job) => (job.status === 'succeeded' ? EXIT.ok : EXIT.failed);

function printJob(job: Job): void {
  console.log(`job ${job.id} (${job.kind}, by ${job.createdBy}): ${job.status}`);
  if (job.status === 'running') console.log(`  ${job.phase}: ${job.done}/${job.total ?? '?'}`);
  if (!job.result) return;
  if ('error' in job.result) {
    console.log(`  error: ${job.result.error}`);
    return;
  }
  if (job.kind !== 'rebuild') {
    console.log(JSON.stringify(job.result, null, 2));
    return;
  }
  const report: RebuildReport = job.result;
  const invalid = Object.entries(report.invalid).map(([reason, n]) => `${reason} ${n}`);
  console.log(
    `  read ${report.read} message(s) in ${report.seconds.toFixed(1)} s: ${report.accepted} event(s) accepted` +
      `${invalid.length > 0 ? `, invalid: ${invalid.join(', ')}` : ''}` +
      `${report.conflicting > 0 ? `, ${report.conflicting} conflicting with stored events (kept the stored)` : ''}`,
  );
  console.log(
    `  ${report.dossiers} dossier(s) recomputed: ${report.unchanged} file(s) unchanged, ` +
      `${report.changed.count} would get a new revision, ${report.added.count} would be filed for the first time, ` +
      `${report.notFiled} not ready to file`,
  );
  const rows = [...report.changed.files, ...report.added.files].map((f) => ({
    ...f,
    liveRevision: f.liveRevision ?? '-',
    fields: f.fields.join(', '),
  }));
  if (rows.length > 0) {
    console.log('');
    printTable(rows.slice(0, 50), [
      'fileCode',
      'dossierCode',
      'liveRevision',
      'revision',
      'completedBy',
      'fields',
    ]);
    if (rows.length > 50) console.log(`… and ${rows.length - 50} more (--json lists up to 1000 of each)`);
  }
  const phases = Object.entries(report.phaseSeconds ?? {}).filter(([, seconds]) => seconds >= 0.05);
  if (phases.length > 0)
    console.log(
      `  phases (s): ${phases.map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`).join('; ')}`,
    );
  if (report.promoted)
    console.log(
      `\napplied: ${report.promoted.events} event(s) stored, ${report.promoted.emitted} revision(s) emitted`,
    );
  else console.log('\ndry run: nothing was changed (add --apply)');
}

interface RebuildOptions extends JsonOption {
  topic?: Array<'dossier' | 'document'>;
  from?: string;
  to?: string;
  fromOffset?: string;
  toOffset?: string;
  apply?: boolean;
}

@SubCommand({
  name: 'rebuild',
  description:
    're-read source topics into a shadow state and show which files would change (a dry run unless --apply)',
})
class RebuildCommand extends BridgeCommand<RebuildOptions> {
  protected async work(_args: string[], options: RebuildOptions): Promise<number> {
    let job = await this.bridge.call<Job>('/admin/replay/rebuild', {
      topics: options.topic,
      fromTime: options.from,
      toTime: options.to,
      fromOffset: options.fromOffset,
      toOffset: options.toOffset,
      apply: options.apply ?? false,
    });
    const bar = options.json ? undefined : new SingleBar({ format: '{phase} [{bar}] {value}/{total}' });
    let phase = '';
    while (job.status === 'running') {
      if (job.phase !== phase) {
        phase = job.phase ?? '';
        bar?.stop();
        bar?.start(job.total ?? 0, 0, { phase: phase.padEnd(22) });
      }
      bar?.setTotal(job.total ?? 0);
      bar?.update(job.done);
      await sleep(500);
      job = await this.bridge.call<Job>(`/admin/jobs/${job.id}`);
    }
    bar?.stop();
    this.show(options, job, () => printJob(job));
    return exitOf(job);
  }

  @Option({ flags: '--topic <name>', description: 'dossier or document (repeatable; default both)' })
  parseTopic(value: string, previous: string[] = []): string[] {
    if (value !== 'dossier' && value !== 'document') throw new Error('--topic is dossier or document');
    return [...previous, value];
  }

  @Option({ flags: '--from <instant>', description: 'from the first message at or after (ISO 8601)' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <instant>', description: 'up to the first message at or after (ISO 8601)' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--from-offset <n>', description: 'from this offset on every partition' })
  parseFromOffset(value: string): string {
    return value;
  }

  @Option({ flags: '--to-offset <n>', description: 'up to this offset (excluded) on every partition' })
  parseToOffset(value: string): string {
    return value;
  }

  @Option({ flags: '--apply', description: 'store the events and emit the new revisions (default: dry run)' })
  parseApply(): boolean {
    return true;
  }
}

@Command({
  name: 'replay',
  description: 'replays: rebuild, reemit',
  subCommands: [RebuildCommand, ReemitCommand],
})
export class ReplayCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
  }
}

@Command({
  name: 'jobs',
  arguments: '[id]',
  description: 'long operations (rebuilds): the latest, or one with its report',
})
export class JobsCommand extends BridgeCommand {
  protected async work([id]: string[], options: JsonOption): Promise<number | void> {
    if (id) {
      const job = await this.bridge.call<Job>(`/admin/jobs/${encodeURIComponent(id)}`);
      this.show(options, job, () => printJob(job));
      return exitOf(job);
    }
    const jobs = await this.bridge.call<Page<Job>>('/admin/jobs');
    this.show(options, jobs, () =>
      printTable(jobs.items, ['id', 'kind', 'status', 'phase', 'done', 'total', 'createdBy', 'createdAt']),
    );
  }
}

export const REPLAY_COMMANDS = [ReplayCommand, RebuildCommand, ReemitCommand, JobsCommand];
