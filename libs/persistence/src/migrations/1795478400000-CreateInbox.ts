import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateInbox1795478400000 implements MigrationInterface {
  name = 'CreateInbox1795478400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'inbox_event',
        columns: [
          {
            name: 'id',
            type: t.bigintKey,
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'source', type: 'varchar', length: '255' },
          { name: 'event_id', type: 'varchar', length: '128' },
          { name: 'type', type: 'varchar', length: '128' },
          { name: 'subject', type: 'varchar', length: '128', isNullable: true },
          { name: 'event_time', type: 'datetime', isNullable: true },
          { name: 'content_sha256', type: 'varchar', length: '64' },
          { name: 'payload', type: t.largeText },
          { name: 'topic', type: 'varchar', length: '249' },
          { name: 'kafka_partition', type: 'int' },
          { name: 'kafka_offset', type: 'bigint' },
          { name: 'recorded_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
        ],
        indices: [{ name: 'uq_inbox_event_source_id', columnNames: ['source', 'event_id'], isUnique: true }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('inbox_event');
  }
}
