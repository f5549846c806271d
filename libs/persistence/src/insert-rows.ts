import { type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { preparedQuery, statementShapes } from './sql';

// Well under SQLite's limit on bound parameters (32,766).
const MAX_PARAMETERS = 30_000;

/** What an INSERT does with a row whose key is taken: fail, keep the stored row, or update these columns. */
export type OnConflict = 'fail' | 'ignore' | { update: readonly string[]; key: readonly string[] };

/**
 * A plain multi-row INSERT with `?` placeholders, values converted by the driver as TypeORM would, as
 * prepared statements of a few shapes. The insert builder names every value as a parameter and copies its
 * parameter map over and over, which on batches of hundreds of rows took a fifth of intake's CPU. Columns
 * no row sets keep their defaults.
 */
export async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: ReadonlyArray<Partial<T>>,
  onConflict: OnConflict = 'fail',
): Promise<void> {
  if (rows.length === 0) return;
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns.filter((c) => rows.some((row) => c.getEntityValue(row) !== undefined));
  await insertValues(
    manager,
    metadata.tableName,
    columns.map((c) => c.databaseName),
    rows.map((row) =>
      columns.map((c): unknown => {
        const value: unknown = c.getEntityValue(row);
        return value === undefined ? null : (driver.preparePersistentValue(value, c) as unknown);
      }),
    ),
    onConflict,
  );
}

/** The same for a table without an entity: rows as values in `columns` order. */
export async function insertValues(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  onConflict: OnConflict = 'fail',
): Promise<void> {
  if (rows.length === 0) return;
  const mysql = manager.connection.options.type === 'mysql';
  const name = (identifier: string) => manager.connection.driver.escape(identifier);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const verb = onConflict !== 'ignore' ? 'INSERT' : mysql ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
  const head = `${verb} INTO ${name(table)} (${columns.map(name).join(', ')}) VALUES `;
  const tail =
    typeof onConflict !== 'object'
      ? ''
      : mysql
        ? ` ON DUPLICATE KEY UPDATE ${onConflict.update.map((c) => `${name(c)} = VALUES(${name(c)})`).join(', ')}`
        : ` ON CONFLICT (${onConflict.key.map(name).join(', ')}) DO UPDATE SET ${onConflict.update.map((c) => `${name(c)} = excluded.${name(c)}`).join(', ')}`;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  let at = 0;
  for (const size of statementShapes(rows.length, Math.min(perStatement, 256))) {
    const slice = rows.slice(at, (at += size));
    await preparedQuery(manager, head + slice.map(() => tuple).join(', ') + tail, slice.flat());
  }
}
