import { dataSourceOptions } from './data-source';

describe('dataSourceOptions', () => {
  it('should use mysql2 with utf8mb4 and UTC for a DATABASE_URL', () => {
    const options = dataSourceOptions({
      kind: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/hoso',
      poolSize: 5,
      connectTimeoutMs: 1000,
      migrateOnStart: true,
    });
    expect(options).toMatchObject({
      type: 'mysql',
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: 5,
    });
  });

  it('should use better-sqlite3 in WAL mode for the embedded default', () => {
    const options = dataSourceOptions({ kind: 'sqlite', path: 'var/x.sqlite', migrateOnStart: true });
    expect(options).toMatchObject({ type: 'better-sqlite3', database: 'var/x.sqlite', enableWAL: true });
  });

  it('should never synchronize the schema: migrations only', () => {
    expect(dataSourceOptions({ kind: 'sqlite', path: ':memory:', migrateOnStart: true }).synchronize).toBe(
      false,
    );
  });
});
