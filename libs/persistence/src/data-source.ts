import { type DatabaseConfig } from '@hoso/config';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { CORRELATION_ENTITIES } from './correlation/correlation.entities';
import { DeadLetter } from './dead-letter/dead-letter.entity';
import { EdxmlFile } from './edxml/edxml-file.entity';
import { InboxEvent } from './inbox/inbox-event.entity';
import { OutboxMessage } from './outbox/outbox-message.entity';
import { MIGRATIONS } from './migrations';
import { OPERATIONS_ENTITIES } from './operations/operations.entities';
import { sqliteDriver } from './sqlite-driver';
import { TRANSFER_ENTITIES } from './transfer/transfer.entities';
import { NestTypeormLogger, TimedOutSessionReaper } from './typeorm-hooks';

/** Every entity (explicit, because bundlers break globs). */
export const ENTITIES = [
  InboxEvent,
  DeadLetter,
  OutboxMessage,
  EdxmlFile,
  ...CORRELATION_ENTITIES,
  ...OPERATIONS_ENTITIES,
  ...TRANSFER_ENTITIES,
];

/** The one DataSource definition, shared by the bridge and the migration CLI. */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'hoso_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new NestTypeormLogger(),
  } as const;
  if (db.kind === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: db.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: db.poolSize,
      connectTimeout: db.connectTimeoutMs,
      // mysql2 fails a query unanswered this long; the reaper then drops its connection and session.
      ...(db.queryTimeoutMs > 0
        ? { maxQueryExecutionTime: db.queryTimeoutMs, enableQueryTimeout: true }
        : {}),
      subscribers: [TimedOutSessionReaper],
      supportBigNumbers: true,
      bigNumberStrings: true,
    };
  }
  // WAL lets the CLI read while the bridge writes; the busy timeout rides out short write locks.
  return {
    ...common,
    type: 'better-sqlite3',
    driver: sqliteDriver(),
    database: db.path,
    enableWAL: true,
    timeout: 5000,
  };
}

/** Migrations may rewrite big tables, so the commands that run them set no query deadline. */
export function withoutQueryTimeout(db: DatabaseConfig): DatabaseConfig {
  return db.kind === 'mysql' ? { ...db, queryTimeoutMs: 0 } : db;
}

/** Opens a DataSource for one piece of work (a CLI command, a test) and always closes it. */
export async function withDataSource<T>(
  db: DatabaseConfig,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = await new DataSource(dataSourceOptions(db)).initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
