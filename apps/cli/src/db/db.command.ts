import { databaseConfig } from '@hoso/config';
import { withDataSource, withoutQueryTimeout } from '@hoso/persistence';
import { Inject } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { MigrationExecutor } from 'typeorm';

abstract class DbSubCommand extends CommandRunner {
  constructor(@Inject(databaseConfig.KEY) protected readonly db: ConfigType<typeof databaseConfig>) {
    super();
  }

  protected describeTarget(): string {
    return this.db.kind === 'mysql' ? 'MySQL/MariaDB (DATABASE_URL)' : `SQLite ${this.db.path}`;
  }
}

@SubCommand({ name: 'migrate', description: 'apply every pending migration' })
class MigrateCommand extends DbSubCommand {
  async run(): Promise<void> {
    const applied = await withDataSource(withoutQueryTimeout(this.db), (ds) =>
      ds.runMigrations({ transaction: 'each' }),
    );
    console.log(`${this.describeTarget()}: ${applied.length} migration(s) applied`);
    for (const migration of applied) console.log(`  + ${migration.name}`);
  }
}

@SubCommand({ name: 'revert', description: 'undo the most recent migration' })
class RevertCommand extends DbSubCommand {
  async run(): Promise<void> {
    const last = await withDataSource(withoutQueryTimeout(this.db), async (ds) => {
      const [latest] = await new MigrationExecutor(ds).getExecutedMigrations();
      await ds.undoLastMigration({ transaction: 'each' });
      return latest?.name;
    });
    console.log(`${this.describeTarget()}: ${last ? `reverted ${last}` : 'nothing to revert'}`);
  }
}

@SubCommand({ name: 'status', description: 'list applied and pending migrations' })
class StatusCommand extends DbSubCommand {
  async run(): Promise<void> {
    const { applied, pending } = await withDataSource(this.db, async (ds) => {
      const executor = new MigrationExecutor(ds);
      return {
        applied: await executor.getExecutedMigrations(),
        pending: await executor.getPendingMigrations(),
      };
    });
    console.log(this.describeTarget());
    for (const m of applied.reverse()) console.log(`  applied  ${m.name}`);
    for (const m of pending) console.log(`  pending  ${m.name}`);
  }
}

@Command({
  name: 'db',
  description: 'database schema: migrate, revert, status',
  subCommands: [MigrateCommand, RevertCommand, StatusCommand],
})
class DbCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
  }
}

export const DB_COMMANDS = [DbCommand, MigrateCommand, RevertCommand, StatusCommand];
