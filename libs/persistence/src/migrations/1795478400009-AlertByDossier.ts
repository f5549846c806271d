import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Alerts are looked up by dossier (before raising one, and on the dossier's admin page): the unique index
 * leads with the dossier code instead of the kind, which left every lookup a scan of the whole table.
 */
export class AlertByDossier1795478400009 implements MigrationInterface {
  name = 'AlertByDossier1795478400009';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'alert',
      new TableIndex({
        name: 'uq_alert_dossier_kind',
        columnNames: ['dossier_code', 'kind'],
        isUnique: true,
      }),
    );
    await queryRunner.dropIndex('alert', 'uq_alert_kind_dossier');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'alert',
      new TableIndex({
        name: 'uq_alert_kind_dossier',
        columnNames: ['kind', 'dossier_code'],
        isUnique: true,
      }),
    );
    await queryRunner.dropIndex('alert', 'uq_alert_dossier_kind');
  }
}
