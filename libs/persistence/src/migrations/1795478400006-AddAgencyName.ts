import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { varchar } from './column-types';

/** The agency's name as the one-stop system gives it, so the statistics can show names, not only codes. */
export class AddAgencyName1795478400006 implements MigrationInterface {
  name = 'AddAgencyName1795478400006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('dossier', new TableColumn({ ...varchar('agency_name', 200, true) }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('dossier', 'agency_name');
  }
}
