import { type EntityManager } from 'typeorm';
import { insertValues } from './insert-rows';
import { chunks, marks } from './sql';

/** What every repository of a unit of work shares: its transaction, and reads and writes over long lists. */
export abstract class Records {
  constructor(protected readonly manager: EntityManager) {}

  protected get mysql(): boolean {
    return this.manager.connection.options.type === 'mysql';
  }

  /** `SELECT … WHERE column IN (…)` over a long list, in slices. */
  protected async selectIn<T>(sql: (marks: string) => string, values: readonly string[]): Promise<T[]> {
    const rows: T[] = [];
    for (const slice of chunks([...new Set(values)])) {
      rows.push(...(await this.manager.query<T[]>(sql(marks(slice.length)), slice)));
    }
    return rows;
  }

  /** Deletes the rows of these owners in a link table and writes the new set. */
  protected async replace(
    table: string,
    owner: string,
    owners: readonly string[],
    rows: ReadonlyArray<Record<string, string>>,
  ): Promise<void> {
    for (const slice of chunks([...new Set(owners)])) {
      await this.manager.query(`DELETE FROM ${table} WHERE ${owner} IN (${marks(slice.length)})`, slice);
    }
    const unique = [...new Map(rows.map((r) => [JSON.stringify(r), r])).values()];
    if (unique.length === 0) return;
    const columns = Object.keys(unique[0]!);
    await insertValues(
      this.manager,
      table,
      columns,
      unique.map((r) => columns.map((c) => r[c])),
      'ignore',
    );
  }
}
