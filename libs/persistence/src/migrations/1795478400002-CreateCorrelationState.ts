import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  type TableColumnOptions,
  TableIndex,
} from 'typeorm';
import { columnTypes, incrementKey, varchar } from './column-types';

/** Dossiers, documents and the links between them, file codes, e-files, deadlines, alerts and the file plan. */
export class CreateCorrelationState1795478400002 implements MigrationInterface {
  name = 'CreateCorrelationState1795478400002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const at = (name: string, isNullable = true) => ({ name, type: 'datetime', isNullable });

    // Which dossier or document an accepted event is about ("dossier:<code>" or "document:<id>").
    await queryRunner.addColumn('inbox_event', new TableColumn({ ...varchar('aggregate_id', 80, true) }));
    await queryRunner.createIndex(
      'inbox_event',
      new TableIndex({ name: 'ix_inbox_event_aggregate', columnNames: ['aggregate_id'] }),
    );

    await queryRunner.addColumn('outbox_message', new TableColumn({ ...varchar('ordering_key', 100, true) }));
    await queryRunner.createIndex(
      'outbox_message',
      new TableIndex({
        name: 'ix_outbox_message_ordering',
        columnNames: ['ordering_key', 'published_at', 'id'],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'dossier',
        columns: [
          { ...varchar('dossier_code', 50), isPrimary: true },
          varchar('agency_code', 13, true),
          varchar('procedure_code', 20, true),
          varchar('status', 24),
          at('received_at'),
          at('due_at'),
          at('terminal_at'),
          { name: 'on_time', type: 'boolean', isNullable: true },
          // Rule 4 (suggestions): the applicant's name folded, and the window of issue dates it allows.
          varchar('applicant_key', 200, true),
          varchar('suggest_from', 10, true),
          varchar('suggest_until', 10, true),
          varchar('file_code', 100, true),
          { name: 'classified', type: 'boolean', isNullable: true },
          { name: 'emitted_revision', type: 'int', default: 0 },
          varchar('content_hash', 64, true),
          at('emitted_at'),
          { name: 'missing_named', type: 'int', default: 0 },
          { name: 'grace_expired', type: 'boolean', default: false },
          at('updated_at', false),
        ],
        indices: [
          { name: 'ix_dossier_agency_window', columnNames: ['agency_code', 'suggest_from'] },
          { name: 'ix_dossier_status', columnNames: ['status'] },
          { name: 'uq_dossier_file_code', columnNames: ['file_code'], isUnique: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'document',
        columns: [
          { ...varchar('document_id', 64), isPrimary: true },
          varchar('agency_code', 13, true),
          varchar('match_key', 200, true),
          varchar('issued_date', 10, true),
          varchar('subject_key', 600, true),
          { name: 'has_base', type: 'boolean', default: false },
          { name: 'revoked', type: 'boolean', default: false },
          at('updated_at', false),
        ],
        indices: [
          { name: 'ix_document_match_key', columnNames: ['match_key'] },
          { name: 'ix_document_agency_issued', columnNames: ['agency_code', 'issued_date'] },
        ],
      }),
    );
    const pair = (
      name: string,
      first: [string, number],
      second: [string, number],
      extra: TableColumnOptions[] = [],
      reverseIndex = true,
    ) =>
      new Table({
        name,
        columns: [
          { ...varchar(first[0], first[1]), isPrimary: true },
          { ...varchar(second[0], second[1]), isPrimary: true },
          ...extra,
        ],
        indices: reverseIndex ? [{ name: `ix_${name}_${second[0]}`, columnNames: [second[0]] }] : [],
      });
    // Rule 1: the document names the dossier, or an official attached it.
    await queryRunner.createTable(pair('document_dossier_ref', ['document_id', 64], ['dossier_code', 50]));
    // Rule 3: reply edges, looked up from both ends.
    await queryRunner.createTable(pair('document_reply', ['document_id', 64], ['in_reply_to', 64]));
    // Rule 2: the result documents a dossier's resolution named.
    await queryRunner.createTable(pair('dossier_named', ['dossier_code', 50], ['match_key', 200]));
    // The documents of each dossier's file, and the rule that put them there.
    await queryRunner.createTable(
      pair('dossier_member', ['dossier_code', 50], ['document_id', 64], [varchar('rule', 16)]),
    );
    // Rule 4: suggestions waiting for an operator.
    await queryRunner.createTable(
      pair(
        'link_suggestion',
        ['dossier_code', 50],
        ['document_id', 64],
        [varchar('status', 16), at('created_at', false), at('decided_at'), varchar('decided_by', 100, true)],
      ),
    );

    await queryRunner.createTable(
      new Table({
        name: 'efile',
        columns: [
          { ...varchar('file_code', 100), isPrimary: true },
          { name: 'revision', type: 'int', isPrimary: true },
          varchar('dossier_code', 50),
          varchar('content_hash', 64),
          varchar('completed_by', 24),
          { name: 'body', type: t.largeText },
          at('created_at', false),
        ],
        indices: [
          { name: 'ix_efile_dossier', columnNames: ['dossier_code'] },
          { name: 'ix_efile_created', columnNames: ['created_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'file_counter',
        columns: [
          { ...varchar('organ_id', 13), isPrimary: true },
          { ...varchar('file_catalog', 4), isPrimary: true },
          { ...varchar('heading', 20), isPrimary: true },
          { name: 'last_number', type: 'int' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'file_plan',
        columns: [
          { ...varchar('agency', 13), isPrimary: true },
          { name: 'year', type: 'int', isPrimary: true },
          varchar('version', 64),
          { name: 'body', type: t.largeText },
          at('loaded_at', false),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'deadline',
        columns: [
          { ...varchar('dossier_code', 50), isPrimary: true },
          { ...varchar('kind', 16), isPrimary: true },
          at('due_at', false),
          at('claimed_until'),
          at('done_at'),
        ],
        indices: [{ name: 'ix_deadline_due', columnNames: ['done_at', 'due_at'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'alert',
        columns: [
          incrementKey(queryRunner),
          varchar('kind', 32),
          varchar('dossier_code', 50),
          varchar('agency_code', 13, true),
          varchar('file_code', 100, true),
          varchar('detail', 2000),
          at('created_at', false),
        ],
        indices: [
          { name: 'uq_alert_kind_dossier', columnNames: ['kind', 'dossier_code'], isUnique: true },
          { name: 'ix_alert_created', columnNames: ['created_at'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'alert',
      'deadline',
      'file_plan',
      'file_counter',
      'efile',
      'link_suggestion',
      'dossier_member',
      'dossier_named',
      'document_reply',
      'document_dossier_ref',
      'document',
      'dossier',
    ]) {
      await queryRunner.dropTable(table);
    }
    await queryRunner.dropIndex('outbox_message', 'ix_outbox_message_ordering');
    await queryRunner.dropColumn('outbox_message', 'ordering_key');
    await queryRunner.dropIndex('inbox_event', 'ix_inbox_event_aggregate');
    await queryRunner.dropColumn('inbox_event', 'aggregate_id');
  }
}
