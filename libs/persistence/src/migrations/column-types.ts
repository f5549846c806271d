import { type QueryRunner } from 'typeorm';

/** Column types that differ between MySQL/MariaDB and SQLite, so one migration serves both. */
export function columnTypes(queryRunner: QueryRunner) {
  const mysql = queryRunner.connection.options.type === 'mysql';
  return {
    // SQLite auto-increments only an INTEGER PRIMARY KEY.
    bigintKey: mysql ? 'bigint' : 'integer',
    // MySQL TEXT stops at 64 KiB; events may reach 1 MiB.
    largeText: mysql ? 'mediumtext' : 'text',
    // Keys and values are bounded only by the broker's message size; a dead letter keeps even an oversized one.
    largeBlob: mysql ? 'longblob' : 'blob',
  };
}

/** A varchar column of a migration. */
export const varchar = (name: string, length: number, isNullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});

/** An auto-incremented bigint key (an INTEGER key on SQLite). */
export const incrementKey = (queryRunner: QueryRunner, name = 'id') => ({
  name,
  type: columnTypes(queryRunner).bigintKey,
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
});
