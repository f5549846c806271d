import { databaseConfig } from '@hoso/config';
import { AuditRecords, withDataSource, withoutQueryTimeout } from '@hoso/persistence';
import { Inject } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { EXIT, exitWith } from '../ops/bridge-client';

@SubCommand({
  name: 'verify',
  description:
    "check the audit trail's hash chain in the database (DATABASE_URL): exit 1 if an entry was changed or removed",
})
class AuditVerifyCommand extends CommandRunner {
  constructor(@Inject(databaseConfig.KEY) private readonly db: ConfigType<typeof databaseConfig>) {
    super();
  }

  run(_args: string[], options: { json?: boolean }): Promise<void> {
    return exitWith(async () => {
      // Read straight from the database, not through a bridge that could be the one tampered with.
      const report = await withDataSource(withoutQueryTimeout(this.db), (ds) =>
        new AuditRecords(ds.manager).verify(),
      );
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else if (report.breaks.length === 0)
        console.log(`audit trail: ${report.entries} entries, the chain holds`);
      else {
        console.log(`audit trail: ${report.entries} entries, ${report.breaks.length} break(s):`);
        for (const b of report.breaks) console.log(`  entry ${b.id}: ${b.problem}`);
      }
      return report.breaks.length === 0 ? EXIT.ok : EXIT.failed;
    });
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@Command({ name: 'audit', description: 'the audit trail: verify', subCommands: [AuditVerifyCommand] })
class AuditCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
    return Promise.resolve();
  }
}

export const AUDIT_COMMANDS = [AuditCommand, AuditVerifyCommand];
