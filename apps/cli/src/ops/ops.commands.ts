import { readFileSync } from 'node:fs';
import {
  AGENCY_COLUMNS,
  ARCHIVE_COLUMNS,
  type ArchiveStatistics,
  type ConsumerReport,
  type DeadLetterDetail,
  type DeadLetterSummary,
  type Page,
  type Pending,
  type RedriveReport,
  type RedriveResult,
  type Statistics,
} from '@hoso/contracts';
import { SingleBar } from 'cli-progress';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { BridgeClient, EXIT } from './bridge-client';
import { BridgeCommand, type JsonOption } from './bridge-command';
import { printTable } from './table';

const limitOption = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new Error('--limit is a number from 1 to 500');
  return n;
};

@Command({
  name: 'status',
  description: 'is the bridge ready, how far behind, what waits (exit 3 if not ready)',
})
export class StatusCommand extends BridgeCommand {
  protected async work(_args: string[], options: JsonOption): Promise<number> {
    const ready = await this.bridge.call<{ status: string; info?: object; error?: object }>(
      '/health/ready',
      undefined,
      {
        allow: [503],
      },
    );
    const consumers = await this.bridge
      .call<ConsumerReport>('/health/consumers')
      .catch((error: Error) => ({ error: error.message }));
    this.show(options, { ready, consumers }, () => {
      const checks = { ...ready.info, ...ready.error } as Record<
        string,
        { status: string; message?: string }
      >;
      console.log(`bridge ${this.bridge.url}: ${ready.status === 'ok' ? 'ready' : 'NOT READY'}`);
      for (const [name, check] of Object.entries(checks))
        console.log(`  ${name.padEnd(9)} ${check.status}${check.message ? ` (${check.message})` : ''}`);
      if ('error' in consumers) {
        console.log(`consumers: ${consumers.error}`);
        return;
      }
      console.log(
        `\nconsumer group ${consumers.groupId}: lag ${consumers.totalLag}; dead letters ${consumers.deadLetters}; ` +
          `pending documents ${consumers.pending.documents}, dossiers ${consumers.pending.dossiers}; ` +
          `relay backlog ${consumers.relayBacklog}\n`,
      );
      printTable(consumers.partitions, [
        'topic',
        'partition',
        'committedOffset',
        'endOffset',
        'lag',
        'stalled',
      ]);
    });
    return ready.status === 'ok' ? EXIT.ok : EXIT.notReady;
  }
}

interface StatsOptions extends JsonOption {
  from?: string;
  to?: string;
  agency?: string;
}

interface ArchiveStatsOptions extends JsonOption {
  year: string;
  agency?: string;
}

@SubCommand({
  name: 'archive',
  description:
    "per agency, where a year's files stand with the archive: due, sent, accepted, rejected, overdue (the 'Nộp lưu' page)",
})
export class StatsArchiveCommand extends BridgeCommand<ArchiveStatsOptions> {
  protected async work(_args: string[], options: ArchiveStatsOptions): Promise<void> {
    const query = new URLSearchParams({
      year: options.year,
      ...(options.agency ? { agency: options.agency } : {}),
    });
    const stats = await this.bridge.call<ArchiveStatistics>(`/admin/stats/archive?${query.toString()}`);
    this.show(options, stats, () => {
      const { total } = stats;
      console.log(
        `files of ${stats.year}: ${total.files}; due ${total.due}, sent ${total.sent}, accepted ${total.accepted}, ` +
          `rejected ${total.rejected}, overdue ${total.overdue}; digitization rate ${percent(total.digitizationRate)}\n`,
      );
      printTable(
        stats.agencies.map((a) => ({
          ...a,
          defaultClassifiedRate: percent(a.defaultClassifiedRate),
          digitizationRate: percent(a.digitizationRate),
        })),
        ARCHIVE_COLUMNS.map((c) => c.key).filter((key) => key !== 'agencyName'),
      );
      if (total.reasons.length > 0) {
        console.log("\nthe archive's reasons, most frequent first:");
        printTable(total.reasons, ['code', 'count', 'text']);
      }
    });
  }

  @Option({ flags: '--year <yyyy>', description: 'the year the files were formed', required: true })
  parseYear(value: string): string {
    return value;
  }

  @Option({ flags: '--agency <code>', description: 'one agency only' })
  parseAgency(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'period',
  description: 'filing statistics per agency over a period (default: the last 30 days)',
  options: { isDefault: true },
})
export class StatsPeriodCommand extends BridgeCommand<StatsOptions> {
  protected async work(_args: string[], options: StatsOptions): Promise<void> {
    const query = new URLSearchParams(
      Object.entries({ from: options.from, to: options.to, agency: options.agency }).filter(
        (e): e is [string, string] => e[1] !== undefined,
      ),
    );
    const stats = await this.bridge.call<Statistics>(`/admin/stats?${query.toString()}`);
    this.show(options, stats, () => {
      const { total } = stats;
      console.log(
        `${stats.period.from} .. ${stats.period.to}: received ${total.received}, resolved ${total.resolved}, ` +
          `e-files ${total.efiles}, e-file rate ${percent(total.efileRate)}\n`,
      );
      printTable(
        stats.agencies.map((a) => ({ ...a, efileRate: percent(a.efileRate) })),
        AGENCY_COLUMNS.map((c) => c.key).filter((key) => key !== 'agencyName'),
      );
    });
  }

  @Option({ flags: '--from <day>', description: 'first day, YYYY-MM-DD' })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <day>', description: 'last day, YYYY-MM-DD (included)' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--agency <code>', description: 'one agency only' })
  parseAgency(value: string): string {
    return value;
  }
}

// A parent of its own options would take the subcommands' (--json, --agency): each is a subcommand.
@Command({
  name: 'stats',
  description:
    "filing statistics per agency over a period (`stats [period]`, the default), or where a year's files stand with the archive (`stats archive`)",
  subCommands: [StatsPeriodCommand, StatsArchiveCommand],
})
export class StatsCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
  }
}

const percent = (rate: number | null) => (rate === null ? '-' : `${(rate * 100).toFixed(1)}%`);

@Command({ name: 'pending', description: 'documents that joined no file, and ended dossiers not filed yet' })
export class PendingCommand extends BridgeCommand<JsonOption & { limit?: number }> {
  protected async work(_args: string[], options: JsonOption & { limit?: number }): Promise<void> {
    const pending = await this.bridge.call<Pending>(`/admin/pending?limit=${options.limit ?? 50}`);
    this.show(options, pending, () => {
      console.log(`documents that joined no file: ${pending.counts.documents}`);
      printTable(pending.documents.items, ['documentId', 'agencyCode', 'issuedDate', 'hasBase', 'revoked']);
      console.log(`\nended dossiers not filed yet: ${pending.counts.dossiers}`);
      printTable(pending.dossiers.items, [
        'dossierCode',
        'agencyCode',
        'status',
        'terminalAt',
        'missingNamed',
      ]);
    });
  }

  @Option({ flags: '--limit <n>', description: 'rows of each list (default 50)' })
  parseLimit(value: string): number {
    return limitOption(value);
  }
}

interface DlqListOptions extends JsonOption {
  reason?: string;
  limit?: number;
  all?: boolean;
}

@SubCommand({ name: 'list', description: 'dead letters waiting for a redrive, newest first' })
class DlqListCommand extends BridgeCommand<DlqListOptions> {
  protected async work(_args: string[], options: DlqListOptions): Promise<void> {
    const query = new URLSearchParams({ limit: String(options.limit ?? 50) });
    if (options.reason) query.set('reason', options.reason);
    if (!options.all) query.set('redriven', 'false');
    const page = await this.bridge.call<Page<DeadLetterSummary>>(`/admin/dlq?${query.toString()}`);
    this.show(options, page, () =>
      printTable(page.items, [
        'id',
        'reason',
        'sourceTopic',
        'sourcePartition',
        'sourceOffset',
        'eventId',
        'createdAt',
      ]),
    );
  }

  @Option({ flags: '--reason <reason>', description: 'only this reason, e.g. SCHEMA_VIOLATION' })
  parseReason(value: string): string {
    return value;
  }

  @Option({ flags: '--limit <n>', description: 'rows (default 50)' })
  parseLimit(value: string): number {
    return limitOption(value);
  }

  @Option({ flags: '--all', description: 'also those already redriven' })
  parseAll(): boolean {
    return true;
  }
}

@SubCommand({ name: 'show', arguments: '<id>', description: 'one dead letter: why, where from, its content' })
class DlqShowCommand extends BridgeCommand {
  protected async work([id]: string[], options: JsonOption): Promise<void> {
    const letter = await this.bridge.call<DeadLetterDetail>(`/admin/dlq/${encodeURIComponent(id!)}`);
    this.show(options, letter, () => {
      const { value, headers, ...rest } = letter;
      for (const [k, v] of Object.entries(rest))
        console.log(`${k.padEnd(16)} ${v === null ? '-' : typeof v === 'string' ? v : JSON.stringify(v)}`);
      console.log(`headers          ${JSON.stringify(headers)}`);
      console.log(`value\n${typeof value === 'string' ? value : JSON.stringify(value)}`);
    });
  }
}

interface RedriveOptions extends JsonOption {
  apply?: boolean;
  corrected?: string;
}

const REDRIVE_CHUNK = 50;

@SubCommand({
  name: 'redrive',
  arguments: '<ids...>',
  description: 're-submit dead letters through intake (a dry run unless --apply)',
})
class DlqRedriveCommand extends BridgeCommand<RedriveOptions> {
  protected async work(ids: string[], options: RedriveOptions): Promise<number> {
    if (options.corrected && ids.length !== 1) throw new Error('--corrected takes exactly one id');
    const correctedValue = options.corrected ? readFileSync(options.corrected, 'utf8') : undefined;
    const bar = options.json || ids.length <= REDRIVE_CHUNK ? undefined : new SingleBar({});
    bar?.start(ids.length, 0);
    const results: RedriveResult[] = [];
    for (let i = 0; i < ids.length; i += REDRIVE_CHUNK) {
      const chunk = ids.slice(i, i + REDRIVE_CHUNK);
      const report = await this.bridge.call<RedriveReport>('/admin/dlq/redrive', {
        ids: chunk,
        dryRun: !options.apply,
        correctedValue,
      });
      results.push(...report.results);
      bar?.increment(chunk.length);
    }
    bar?.stop();
    this.show(options, results, () => {
      if (!options.apply) console.log('dry run: nothing was submitted (add --apply)\n');
      printTable(results, ['id', 'outcome', 'reason', 'message']);
    });
    return results.some((r) => r.outcome === 'rejected') ? EXIT.failed : EXIT.ok;
  }

  @Option({ flags: '--apply', description: 'submit them (default: a dry run that only judges them)' })
  parseApply(): boolean {
    return true;
  }

  @Option({ flags: '--corrected <file>', description: 'a corrected CloudEvent (JSON file) for the one id' })
  parseCorrected(value: string): string {
    return value;
  }
}

@Command({
  name: 'dlq',
  description: 'dead letters: list, show, redrive',
  subCommands: [DlqListCommand, DlqShowCommand, DlqRedriveCommand],
})
export class DlqCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
  }
}

export const OPS_COMMANDS = [
  BridgeClient,
  StatusCommand,
  StatsCommand,
  StatsPeriodCommand,
  StatsArchiveCommand,
  PendingCommand,
  DlqCommand,
  DlqListCommand,
  DlqShowCommand,
  DlqRedriveCommand,
];
