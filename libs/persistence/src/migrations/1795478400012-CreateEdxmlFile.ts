import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { columnTypes, varchar } from './column-types';

/** The files edXML messages carry, kept by their SHA-256 for the archive export to fetch (docs/edxml.md). */
export class CreateEdxmlFile1795478400012 implements MigrationInterface {
  name = 'CreateEdxmlFile1795478400012';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'edxml_file',
        columns: [
          { ...varchar('sha256', 64), isPrimary: true },
          varchar('media_type', 255),
          { name: 'size_bytes', type: 'int' },
          varchar('agency_code', 13),
          { name: 'content', type: columnTypes(queryRunner).largeBlob },
          { name: 'created_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('edxml_file');
  }
}
