import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/** Marks the dossiers and documents saved since the last rule-4 sweep, so a sweep looks only at those. */
export class AddSuggestionMarks1795478400003 implements MigrationInterface {
  name = 'AddSuggestionMarks1795478400003';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['dossier', 'document']) {
      await queryRunner.addColumn(
        table,
        new TableColumn({ name: 'suggest_due', type: 'boolean', default: false }),
      );
      await queryRunner.createIndex(
        table,
        new TableIndex({ name: `ix_${table}_suggest_due`, columnNames: ['suggest_due'] }),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['document', 'dossier']) {
      await queryRunner.dropIndex(table, `ix_${table}_suggest_due`);
      await queryRunner.dropColumn(table, 'suggest_due');
    }
  }
}
