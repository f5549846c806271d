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
   * On MySQL, `serializable` (for correlation) makes every read a locking read: of two transactions that
   * touch the same documents, links or keys, the second either waits for the first and reads what it
   * committed, or holds the first back until it has committed itself. Without it, each could miss the
   * other's rows (a reply written while its target joins a file). The rest reads committed data.
   */
  async run<T>(work: (uow: UnitOfWork) => Promise<T>, { serializable = false } = {}): Promise<T> {
    if (this.dataSource.options.type === 'mysql') {
      const isolation = serializable ? 'SERIALIZABLE' : 'READ COMMITTED';
      // A deadlock victim is rolled back whole: running the same work again is the remedy.
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.dataSource.transaction(isolation, (manager) => work(new UnitOfWork(manager)));
        } catch (error) {
          if (attempt >= DEADLOCK_RETRIES || !isLockConflict(error)) throw error;
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

const DEADLOCK_RETRIES = 8;
const LOCK_CONFLICTS = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/** MySQL chose this transaction as a deadlock victim, or it waited too long for a lock. */
export function isLockConflict(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string } } | undefined)?.driverError?.code;
  return code !== undefined && LOCK_CONFLICTS.has(code);
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
