import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { varchar } from './column-types';

/**
 * The row every filing transaction locks before it reads correlation state (UnitOfWork.takeFilingLock):
 * filing decisions run one at a time across instances, so no transaction files from facts another has not
 * yet committed, while events are stored in parallel.
 */
export class CreateFilingLock1795478400008 implements MigrationInterface {
  name = 'CreateFilingLock1795478400008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({ name: 'filing_lock', columns: [{ ...varchar('name', 32), isPrimary: true }] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('filing_lock');
  }
}
