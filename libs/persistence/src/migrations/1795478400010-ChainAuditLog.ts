import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { auditHash, GENESIS } from '../operations/audit-chain';
import { AuditRecord } from '../operations/operations.entities';
import { varchar } from './column-types';

const MESSAGE = 'the audit log is append-only';

/** Statements that refuse an UPDATE or DELETE of a table, on MySQL/MariaDB and on SQLite. */
function appendOnly(queryRunner: QueryRunner, table: string, operations: Array<'UPDATE' | 'DELETE'>) {
  const mysql = queryRunner.connection.options.type === 'mysql';
  return operations.map((operation) => {
    const name = `${table}_append_only_${operation.toLowerCase()}`;
    return mysql
      ? `CREATE TRIGGER ${name} BEFORE ${operation} ON ${table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${MESSAGE}'`
      : `CREATE TRIGGER ${name} BEFORE ${operation} ON ${table} BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END`;
  });
}

/**
 * The audit trail becomes a hash chain the application can only append to: each entry holds the hash of
 * the one before and its own, the head (last hash, count) is kept in audit_chain, and triggers refuse any
 * UPDATE or DELETE of an entry, and the removal of the head. The entries already there are chained, oldest
 * first. (With binary logging on, MySQL lets a user create triggers only with log_bin_trust_function_creators.)
 */
export class ChainAuditLog1795478400010 implements MigrationInterface {
  name = 'ChainAuditLog1795478400010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('audit_log', [
      new TableColumn(varchar('previous_hash', 64, true)),
      new TableColumn(varchar('hash', 64, true)),
    ]);
    let previous = GENESIS;
    const entries = await queryRunner.manager.find(AuditRecord, { order: { id: 'ASC' } });
    for (const entry of entries) {
      const hash = auditHash(previous, entry);
      await queryRunner.manager.update(AuditRecord, { id: entry.id }, { previousHash: previous, hash });
      previous = hash;
    }
    await queryRunner.createTable(
      new Table({
        name: 'audit_chain',
        columns: [
          { ...varchar('id', 16), isPrimary: true },
          varchar('head_hash', 64),
          { name: 'entries', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.query('INSERT INTO audit_chain (id, head_hash, entries) VALUES (?, ?, ?)', [
      'head',
      previous,
      entries.length,
    ]);
    for (const statement of [
      ...appendOnly(queryRunner, 'audit_log', ['UPDATE', 'DELETE']),
      ...appendOnly(queryRunner, 'audit_chain', ['DELETE']),
    ])
      await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const trigger of [
      'audit_log_append_only_update',
      'audit_log_append_only_delete',
      'audit_chain_append_only_delete',
    ])
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    await queryRunner.dropTable('audit_chain');
    await queryRunner.dropColumns('audit_log', ['previous_hash', 'hash']);
  }
}
