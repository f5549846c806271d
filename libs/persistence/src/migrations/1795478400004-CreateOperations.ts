import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { columnTypes, incrementKey, varchar } from './column-types';

/**
 * The audit trail of operator actions, long-running admin jobs, what became of redriven dead letters, and
 * what statistics need of documents.
 */
export class CreateOperations1795478400004 implements MigrationInterface {
  name = 'CreateOperations1795478400004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          incrementKey(queryRunner),
          { name: 'at', type: 'datetime' },
          varchar('actor', 100),
          varchar('role', 16),
          varchar('action', 64),
          varchar('target', 200, true),
          { name: 'parameters', type: 'text' },
          varchar('outcome', 16),
          varchar('result', 2000),
        ],
        indices: [{ name: 'ix_audit_log_at', columnNames: ['at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'admin_job',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('kind', 32),
          varchar('status', 16),
          varchar('created_by', 100),
          { name: 'parameters', type: 'text' },
          { name: 'done', type: 'int', default: 0 },
          { name: 'total', type: 'int', isNullable: true },
          { name: 'result', type: t.largeText, isNullable: true },
          { name: 'created_at', type: 'datetime' },
          { name: 'updated_at', type: 'datetime' },
        ],
        indices: [{ name: 'ix_admin_job_created', columnNames: ['created_at'] }],
      }),
    );
    await queryRunner.addColumns('dead_letter', [
      new TableColumn({ name: 'redriven_at', type: 'datetime', isNullable: true }),
      new TableColumn({ ...varchar('redriven_by', 100, true) }),
    ]);
    // For statistics: outgoing or incoming, and the official who created the document.
    await queryRunner.addColumns('document', [
      new TableColumn({ ...varchar('direction', 8, true) }),
      new TableColumn({ ...varchar('creator_id', 50, true) }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('document', 'creator_id');
    await queryRunner.dropColumn('document', 'direction');
    await queryRunner.dropColumn('dead_letter', 'redriven_by');
    await queryRunner.dropColumn('dead_letter', 'redriven_at');
    await queryRunner.dropTable('admin_job');
    await queryRunner.dropTable('audit_log');
  }
}
