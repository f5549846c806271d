import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** When a whole package of a file was handed to the archive: after that it can no longer be reclassified. */
export class AddTransferredAt1795478400007 implements MigrationInterface {
  name = 'AddTransferredAt1795478400007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'dossier',
      new TableColumn({ name: 'transferred_at', type: 'datetime', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('dossier', 'transferred_at');
  }
}
