import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { varchar } from './column-types';

/**
 * The agency a dead letter's message names, when it names one, so that an agency's officials see their own
 * dead letters only. Dead letters kept before have none: the province's operators see them.
 */
export class AddDeadLetterAgency1795478400011 implements MigrationInterface {
  name = 'AddDeadLetterAgency1795478400011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('dead_letter', new TableColumn(varchar('agency_code', 13, true)));
    await queryRunner.createIndex(
      'dead_letter',
      new TableIndex({ name: 'ix_dead_letter_agency', columnNames: ['agency_code'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dead_letter', 'ix_dead_letter_agency');
    await queryRunner.dropColumn('dead_letter', 'agency_code');
  }
}
