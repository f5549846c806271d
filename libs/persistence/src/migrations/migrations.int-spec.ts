import { dossierHistory, efileOf, PLAIN_HISTORY } from '@test/fixtures';
import { BOTH_DATABASES, type TestDatabase } from '@test/support';
import { Deadline, DossierRecord, EFileRecord } from '../correlation/correlation.entities';
import { withDataSource } from '../data-source';
import { EFileTransferRecord } from '../transfer/transfer.entities';
import { MIGRATIONS } from '.';

describe.each(BOTH_DATABASES)('migrations on %s', (_label, open) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open('migrations');
  });
  afterAll(() => database.dispose());

  it('should apply every migration, revert every one, and apply them all again', async () => {
    await withDataSource(database.config, async (ds) => {
      const names = MIGRATIONS.map((Migration) => new Migration().name);
      const tables = () => ds.createQueryRunner().getTables(['inbox_event']);

      expect((await ds.runMigrations({ transaction: 'each' })).map((m) => m.name)).toEqual(names);
      const [inbox] = await tables();
      expect(inbox?.columns.map((c) => c.name)).toEqual(
        expect.arrayContaining([
          'id',
          'source',
          'event_id',
          'type',
          'payload',
          'topic',
          'kafka_partition',
          'kafka_offset',
        ]),
      );

      for (const _ of names) await ds.undoLastMigration({ transaction: 'each' });
      expect(await tables()).toEqual([]);
      expect(await ds.showMigrations()).toBe(true);

      expect(await ds.runMigrations({ transaction: 'each' })).toHaveLength(names.length);
      expect(await ds.showMigrations()).toBe(false);
    });
  });

  it('should give the files emitted before transfers were tracked their transfer facts and deadlines', async () => {
    const events = dossierHistory({ ...PLAIN_HISTORY, seed: 'migrated' });
    const dossierCode = events[0]!.subject;
    const efile = efileOf(events, dossierCode, '000.00.20.H17.2026.01.HT');
    await withDataSource(database.config, async (ds) => {
      await ds.runMigrations({ transaction: 'each' });
      // Back to before migration 13, with a file emitted then.
      await ds.undoLastMigration({ transaction: 'each' });
      await ds.getRepository(DossierRecord).insert({
        dossierCode,
        status: 'result_returned',
        fileCode: efile.fileCode,
        emittedRevision: 1,
        updatedAt: new Date(),
      });
      await ds.getRepository(EFileRecord).insert({
        fileCode: efile.fileCode,
        revision: 1,
        dossierCode,
        contentHash: efile.contentHash,
        completedBy: efile.completedBy,
        body: JSON.stringify(efile),
        createdAt: new Date(),
      });
      await ds.runMigrations({ transaction: 'each' });
      expect(await ds.getRepository(EFileTransferRecord).findOneByOrFail({ dossierCode })).toMatchObject({
        fileCode: efile.fileCode,
        revision: 1,
        fileYear: 2026,
        endDate: efile.endDate,
        retention: efile.maintenance?.code ?? null,
      });
      const kinds = (await ds.getRepository(Deadline).findBy({ dossierCode })).map((d) => d.kind).sort();
      expect(kinds).toEqual(expect.arrayContaining(['transfer_overdue', 'transfer_soon']));
    });
  });
});
