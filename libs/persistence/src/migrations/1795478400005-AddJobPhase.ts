import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { varchar } from './column-types';

/** What a long admin job is doing right now (reading, refiling, …), next to its counts. */
export class AddJobPhase1795478400005 implements MigrationInterface {
  name = 'AddJobPhase1795478400005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('admin_job', new TableColumn({ ...varchar('phase', 32, true) }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('admin_job', 'phase');
  }
}
