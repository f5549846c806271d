import { type EntityManager, QueryFailedError } from 'typeorm';
import { TimedOutSessionReaper } from './typeorm-hooks';

// MariaDB and MySQL estimate IN lists of eq_range_index_dive_limit (200) values or more from index
// statistics, which lag behind a fast-growing table: at 50,000 events they chose full scans of the inbox.
export const LIST = 100;

/** Slices of at most LIST items, for `IN (…)` lists. */
export const chunks = <T>(items: readonly T[]) =>
  Array.from({ length: Math.ceil(items.length / LIST) }, (_, i) => items.slice(i * LIST, (i + 1) * LIST));

/** `?, ?, …`: n placeholders. */
export const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Most rows one prepared multi-row INSERT takes; shorter batches use power-of-two shapes below it. */
const LARGEST_SHAPE = 256;

/**
 * Row counts to split `n` rows into so that a table's INSERTs have few distinct shapes (256, 128, …, 1):
 * each shape is prepared once per connection and the server caps prepared statements.
 */
export function statementShapes(n: number, largest = LARGEST_SHAPE): number[] {
  const shapes: number[] = [];
  let left = n;
  for (let size = largest; left > 0; size = Math.max(1, size >> 1)) {
    while (left >= size) {
      shapes.push(size);
      left -= size;
    }
  }
  return shapes;
}

/**
 * Runs a statement as a prepared statement on MySQL (the binary protocol: values are neither escaped into
 * the text nor parsed back by the server, which halved the server's CPU on large rows), and as a plain
 * query elsewhere. Errors, the deadline and the reaper behave as with `manager.query`; the deadline covers
 * preparing too, which mysql2 leaves unbounded (a silent database would hang it for good).
 */
export async function preparedQuery(
  manager: EntityManager,
  sql: string,
  values: unknown[],
): Promise<unknown> {
  const runner = manager.queryRunner;
  if (manager.connection.options.type !== 'mysql' || !runner) return manager.query(sql, values);
  const connection = (await runner.connect()) as PreparingConnection;
  const { maxQueryExecutionTime, enableQueryTimeout } = manager.connection.options as {
    maxQueryExecutionTime?: number;
    enableQueryTimeout?: boolean;
  };
  const deadline = enableQueryTimeout && maxQueryExecutionTime ? maxQueryExecutionTime : 0;
  const executing = connection.promise().execute(sql, values);
  let timer: NodeJS.Timeout | undefined;
  try {
    const [result] = deadline
      ? await Promise.race([
          executing,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(inactivity()), deadline);
          }),
        ])
      : await executing;
    return result;
  } catch (error) {
    executing.catch(() => undefined); // settles once the reaper destroyed the connection
    TimedOutSessionReaper.afterFailure(manager.connection, runner, error);
    throw new QueryFailedError(sql, values, error as Error);
  } finally {
    clearTimeout(timer);
  }
}

/** The error mysql2 gives a query past its deadline, which the reaper acts on. */
function inactivity(): Error {
  return Object.assign(new Error('Query inactivity timeout'), { code: 'PROTOCOL_SEQUENCE_TIMEOUT' });
}

/** What of a mysql2 pool connection a prepared statement needs. */
interface PreparingConnection {
  promise(): {
    execute(statement: string | { sql: string; timeout: number }, values: unknown[]): Promise<[unknown]>;
  };
}
