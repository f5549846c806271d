import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { columnTypes } from './column-types';

export class CreateDeadLetterAndOutbox1795478400001 implements MigrationInterface {
  name = 'CreateDeadLetterAndOutbox1795478400001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const id = {
      name: 'id',
      type: t.bigintKey,
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment' as const,
    };
    const kafkaMessage = [
      { name: 'kafka_key', type: t.largeBlob, isNullable: true },
      { name: 'kafka_value', type: t.largeBlob, isNullable: true },
      { name: 'kafka_headers', type: t.largeText },
    ];
    await queryRunner.createTable(
      new Table({
        name: 'dead_letter',
        columns: [
          id,
          { name: 'reason', type: 'varchar', length: '32' },
          { name: 'message', type: 'varchar', length: '2000' },
          { name: 'source_topic', type: 'varchar', length: '249' },
          { name: 'source_partition', type: 'int' },
          { name: 'source_offset', type: 'bigint' },
          { name: 'event_source', type: 'varchar', length: '255', isNullable: true },
          { name: 'event_id', type: 'varchar', length: '128', isNullable: true },
          { name: 'event_type', type: 'varchar', length: '128', isNullable: true },
          ...kafkaMessage,
          { name: 'kafka_timestamp', type: 'datetime', isNullable: true },
          { name: 'created_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
        ],
        indices: [
          {
            name: 'uq_dead_letter_source',
            columnNames: ['source_topic', 'source_partition', 'source_offset'],
            isUnique: true,
          },
          { name: 'ix_dead_letter_reason', columnNames: ['reason', 'created_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'outbox_message',
        columns: [
          id,
          { name: 'topic', type: 'varchar', length: '249' },
          ...kafkaMessage,
          { name: 'created_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
          { name: 'claimed_until', type: 'datetime', isNullable: true },
          { name: 'published_at', type: 'datetime', isNullable: true },
        ],
        indices: [{ name: 'ix_outbox_message_pending', columnNames: ['published_at', 'id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('outbox_message');
    await queryRunner.dropTable('dead_letter');
  }
}
