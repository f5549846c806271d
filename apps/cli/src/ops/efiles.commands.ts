import { type HeadingSummary, type ReclassifyResult } from '@hoso/contracts';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { BridgeCommand, type JsonOption } from './bridge-command';

interface ReclassifyOptions extends JsonOption {
  heading?: string;
  apply?: boolean;
}

const described = (h: HeadingSummary) =>
  `${h.heading} (${h.headingTitle}; retention ${h.retention ?? 'not set'}${h.classified ? '' : ', needs classification'})`;

@SubCommand({
  name: 'reclassify',
  arguments: '<fileCode>',
  description:
    'move a file not yet transferred to another heading of its file plan: a new code, the old one kept as an alias (a dry run unless --apply)',
})
export class ReclassifyCommand extends BridgeCommand<ReclassifyOptions> {
  protected async work([fileCode]: string[], options: ReclassifyOptions): Promise<void> {
    const result = await this.bridge.call<ReclassifyResult>(
      `/admin/efiles/${encodeURIComponent(fileCode!)}/reclassify`,
      { heading: options.heading, dryRun: !options.apply },
    );
    this.show(options, result, () => {
      console.log(`${result.fileCode}: from ${described(result.from!)}\n  to ${described(result.to!)}`);
      console.log(`  basis: ${result.to!.basis}`);
      const [revision] = result.emitted ?? [];
      console.log(
        result.dryRun
          ? '  dry run: nothing changed; --apply gives it a code under the new heading'
          : revision
            ? `  now ${revision.fileCode} (revision ${revision.revision}); ${result.fileCode} stays as its alias`
            : '  reclassified; no new revision was needed',
      );
    });
  }

  @Option({
    flags: '--heading <symbol>',
    description: 'a heading of the file plan, e.g. HT (default: the heading of its procedure)',
  })
  parseHeading(value: string): string {
    return value;
  }

  @Option({ flags: '--apply', description: 'reclassify it (without: a dry run)' })
  parseApply(): boolean {
    return true;
  }
}

@Command({ name: 'efiles', description: 'e-files: reclassify', subCommands: [ReclassifyCommand] })
export class EFilesCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
    return Promise.resolve();
  }
}

export const EFILE_COMMANDS = [EFilesCommand, ReclassifyCommand];
