import { type EFileAssembled } from '@hoso/contracts';
import { fileTransferFacts, transferDeadlines } from '@hoso/domain';
import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Deadline } from '../correlation/correlation.entities';
import { insertRows } from '../insert-rows';
import { EFileTransferRecord } from '../transfer/transfer.entities';
import { varchar } from './column-types';

/** Files read at a time when the files emitted before this migration are given their transfer facts. */
const BACKFILL_CHUNK = 200;

/** Transfer to the archive: each file's facts for the deadlines, and every package sent with its answer. */
export class CreateTransfer1795478400013 implements MigrationInterface {
  name = 'CreateTransfer1795478400013';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'efile_transfer',
        columns: [
          { ...varchar('dossier_code', 50), isPrimary: true },
          varchar('file_code', 100),
          { name: 'revision', type: 'int' },
          varchar('agency_code', 13),
          { name: 'file_year', type: 'int' },
          varchar('title', 1000),
          varchar('end_date', 10),
          varchar('retention', 2, true),
          { name: 'classified', type: 'boolean' },
          { name: 'digitized', type: 'boolean' },
          { name: 'missing_fields', type: 'int' },
          { name: 'updated_at', type: 'datetime' },
        ],
        indices: [
          new TableIndex({ name: 'efile_transfer_year_agency', columnNames: ['file_year', 'agency_code'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'transfer_attempt',
        columns: [
          { ...varchar('package_id', 100), isPrimary: true },
          varchar('dossier_code', 50),
          varchar('file_code', 100),
          { name: 'revision', type: 'int' },
          varchar('agency_code', 13, true),
          { name: 'sent_at', type: 'datetime', precision: 3 },
          varchar('sent_by', 100, true),
          varchar('outcome', 8, true),
          { name: 'reasons', type: 'text', isNullable: true },
          { name: 'answered_at', type: 'datetime', isNullable: true },
          varchar('archive', 200, true),
          varchar('receipt_id', 128, true),
        ],
        indices: [
          new TableIndex({ name: 'transfer_attempt_dossier', columnNames: ['dossier_code', 'sent_at'] }),
        ],
      }),
    );
    await this.backfill(queryRunner);
  }

  /** The files emitted before: their latest revision's transfer facts, and their transfer deadlines. */
  private async backfill(queryRunner: QueryRunner): Promise<void> {
    const { manager } = queryRunner;
    for (let after = ''; ;) {
      const rows: Array<{ code: string; body: string }> = await manager.query(
        'SELECT e.dossier_code AS code, e.body AS body FROM efile e JOIN dossier d ' +
          'ON d.dossier_code = e.dossier_code AND d.emitted_revision = e.revision ' +
          `WHERE e.dossier_code > ? ORDER BY e.dossier_code LIMIT ${BACKFILL_CHUNK}`,
        [after],
      );
      if (rows.length === 0) return;
      const files = rows.map((r) => fileTransferFacts(JSON.parse(r.body) as EFileAssembled));
      const updatedAt = new Date();
      await insertRows(
        manager,
        EFileTransferRecord,
        files.map((f) => ({ ...f, updatedAt })),
      );
      await insertRows(
        manager,
        Deadline,
        files.flatMap((f) => transferDeadlines(f.dossierCode, f)),
        'ignore',
      );
      after = rows.at(-1)!.code;
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('transfer_attempt');
    await queryRunner.dropTable('efile_transfer');
  }
}
