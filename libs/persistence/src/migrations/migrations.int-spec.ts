import { BOTH_DATABASES, type TestDatabase } from '@test/support';
import { withDataSource } from '../data-source';
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
});
