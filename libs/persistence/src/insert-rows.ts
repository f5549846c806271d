import { type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { preparedQuery, statementShapes } from './sql';

// Well under SQLite's limit on bound parameters (32,766).
const MAX_PARAMETERS = 30_000;

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
): Promise<void> {
  if (rows.length === 0) return;
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns.filter((c) => rows.some((row) => c.getEntityValue(row) !== undefined));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  let at = 0;
  for (const size of statementShapes(rows.length, Math.min(perStatement, 256))) {
    const slice = rows.slice(at, (at += size));
    const values = slice.flatMap((row) =>
      columns.map((c): unknown => {
        const value: unknown = c.getEntityValue(row);
        return value === undefined ? null : (driver.preparePersistentValue(value, c) as unknown);
      }),
    );
    await preparedQuery(manager, head + slice.map(() => tuple).join(', '), values);
  }
}
