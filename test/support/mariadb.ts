import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { waitFor } from './wait-for';

/** The MySQL/MariaDB server the tests use; override with TEST_MYSQL_URL (no database part). */
export const SERVER_URL = (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
const MARIADBD = '/usr/sbin/mariadbd';

async function answers(): Promise<boolean> {
  const connection = await createConnection({ uri: SERVER_URL, connectTimeout: 2000 });
  await connection.end();
  return true;
}

/** Makes sure the server answers, starting the local MariaDB when it is installed but down. */
export async function ensureMariaDb(): Promise<void> {
  if (await answers().catch(() => false)) return;
  if (!existsSync(MARIADBD))
    throw new Error(`no MySQL/MariaDB answers at ${SERVER_URL} and ${MARIADBD} is absent`);
  const started = spawnSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', MARIADBD]);
  if (started.status !== 0) throw new Error(`could not start MariaDB: ${String(started.stderr)}`);
  await waitFor('MariaDB to accept connections', answers, { timeoutMs: 60_000, intervalMs: 500 });
}

async function onServer<T>(work: (sql: (statement: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const connection = await createConnection({ uri: SERVER_URL });
  try {
    return await work((statement) => connection.query(statement));
  } finally {
    await connection.end();
  }
}

/** The prefix of every database this test run creates (set by the global setup). */
export function runPrefix(): string {
  return process.env.HOSO_TEST_RUN ?? 'hoso_test_adhoc';
}

/** Creates an empty database for one test suite and returns its URL. */
export async function createThrowawayDatabase(label: string): Promise<string> {
  const name = `${runPrefix()}_${label}_${randomBytes(3).toString('hex')}`;
  await onServer((sql) =>
    sql(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
  return `${SERVER_URL}/${name}`;
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await onServer((sql) => sql(`DROP DATABASE IF EXISTS \`${name}\``));
}

/** Drops every database whose name starts with the prefix. */
export async function dropDatabasesWithPrefix(prefix: string): Promise<void> {
  await onServer(async (sql) => {
    const [rows] = (await sql(`SHOW DATABASES LIKE '${prefix}\\_%'`)) as [Record<string, string>[]];
    for (const row of rows) await sql(`DROP DATABASE IF EXISTS \`${Object.values(row)[0]}\``);
  });
}

/** Rows of a query against a database URL, on a connection of its own. */
export async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const connection = await createConnection({ uri: url });
  try {
    return (await connection.query(sql, params))[0] as T[];
  } finally {
    await connection.end();
  }
}
