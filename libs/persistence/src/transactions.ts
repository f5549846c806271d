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
  run<T>(work: (uow: UnitOfWork) => Promise<T>, { serializable = false } = {}): Promise<T> {
    if (this.dataSource.options.type === 'mysql') {
      const isolation = serializable ? 'SERIALIZABLE' : 'READ COMMITTED';
      return this.dataSource.transaction(isolation, (manager) => work(new UnitOfWork(manager)));
    }
    // TypeORM gives SQLite a single shared connection, so its transactions must take turns.
    const result = this.tail.then(() =>
      this.dataSource.transaction((manager) => work(new UnitOfWork(manager))),
    );
    this.tail = result.catch(() => undefined);
    return result;
  }
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
