import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { type DatabaseConfig } from '@hoso/config';
import { createConnection } from 'mysql2/promise';
import { createThrowawayDatabase, dropDatabase } from './mariadb';

export interface TestDatabase {
  config: DatabaseConfig;
  dispose(): Promise<void>;
}

/** A fresh, empty MariaDB database for one suite. */
export async function throwawayMariaDb(label: string): Promise<TestDatabase> {
  const url = await createThrowawayDatabase(label);
  return {
    config: {
      kind: 'mysql',
      url,
      poolSize: 5,
      connectTimeoutMs: 5000,
      queryTimeoutMs: 60000,
      migrateOnStart: false,
    },
    dispose: () => dropDatabase(url),
  };
}

/** A fresh SQLite file under the OS temp directory for one suite. */
export function throwawaySqlite(label: string): Promise<TestDatabase> {
  const path = join(tmpdir(), `hoso-${label}-${randomBytes(4).toString('hex')}.sqlite`);
  const dispose = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    return Promise.resolve();
  };
  return Promise.resolve({ config: { kind: 'sqlite', path, migrateOnStart: false }, dispose });
}

/** Both supported databases, for describe.each. */
export const BOTH_DATABASES: Array<[string, (label: string) => Promise<TestDatabase>]> = [
  ['MariaDB', throwawayMariaDb],
  ['SQLite', throwawaySqlite],
];

/** Reads what a bridge process wrote, over a connection of the test's own (MariaDB only). */
export async function queryDatabase<T>(db: TestDatabase, sql: string, params: unknown[] = []): Promise<T[]> {
  if (db.config.kind !== 'mysql') throw new Error('queryDatabase reads MariaDB test databases only');
  const connection = await createConnection({ uri: db.config.url });
  try {
    const [rows] = await connection.query(sql, params);
    return rows as T[];
  } finally {
    await connection.end();
  }
}
