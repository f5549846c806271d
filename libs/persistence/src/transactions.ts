import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitOfWork } from './unit-of-work';

/** Runs units of work in database transactions. */
@Injectable()
export class Transactions {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * On MySQL, READ COMMITTED: each statement reads what is committed, and nothing takes gap locks. Work
   * that files (correlation) first takes the filing lock (`UnitOfWork.takeFilingLock`), so filing
   * decisions run one at a time and each reads every fact committed before it; storing events runs in
   * parallel. A transaction that lost a lock conflict is rolled back whole, and running it again is the
   * remedy.
   */
  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type === 'mysql') {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.dataSource.transaction('READ COMMITTED', (manager) =>
            work(new UnitOfWork(manager)),
          );
        } catch (error) {
          if (attempt >= CONFLICT_RETRIES || !isLockConflict(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
        }
      }
    }
    // TypeORM gives SQLite a single shared connection, so its transactions must take turns.
    const result = this.tail.then(() =>
      this.dataSource.transaction((manager) => work(new UnitOfWork(manager))),
    );
    this.tail = result.catch(() => undefined);
    return result;
  }
}

const CONFLICT_RETRIES = 8;
const LOCK_CONFLICTS = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
// The keys two transactions may both insert at once, storing the same new message (a rebalance handed its
// partition on mid-batch): run again, the second finds it stored. A duplicate on any other key is a bug.
const RACED_KEYS = ['uq_inbox_event_source_id', 'uq_dead_letter_source'];

/** MySQL chose this transaction as a deadlock victim, it waited too long for a lock, or lost an insert race. */
export function isLockConflict(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; sqlMessage?: string } } | undefined)
    ?.driverError;
  if (driverError?.code === 'ER_DUP_ENTRY')
    return RACED_KEYS.some((key) => driverError.sqlMessage?.includes(`'${key}'`) ?? false);
  return driverError?.code !== undefined && LOCK_CONFLICTS.has(driverError.code);
}

/** Splits rows into groups whose estimated size stays under maxBytes (one INSERT each), keeping order. */
export function bySize<T>(rows: T[], sizeOf: (row: T) => number, maxBytes = 4 << 20): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = sizeOf(row);
    if (current.length > 0 && bytes + size > maxBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
]);

/** The database could not be reached, or dropped the connection: the caller may try again later. */
export function isDatabaseUnreachable(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string }; name?: string } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return (code !== undefined && UNREACHABLE.has(code)) || e?.name === 'CannotExecuteNotConnectedError';
}
