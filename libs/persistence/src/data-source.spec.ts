import { type DatabaseConfig } from '@hoso/config';
import { dataSourceOptions, withoutQueryTimeout } from './data-source';

const MYSQL: DatabaseConfig = {
  kind: 'mysql',
  url: 'mysql://root@127.0.0.1:3306/hoso',
  poolSize: 5,
  connectTimeoutMs: 1000,
  queryTimeoutMs: 60000,
  migrateOnStart: true,
};

describe('dataSourceOptions', () => {
  it('should use mysql2 with utf8mb4 and UTC for a DATABASE_URL', () => {
    expect(dataSourceOptions(MYSQL)).toMatchObject({
      type: 'mysql',
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: 5,
    });
  });

  it('should give every MySQL query a deadline, except where migrations run', () => {
    expect(dataSourceOptions(MYSQL)).toMatchObject({
      maxQueryExecutionTime: 60000,
      enableQueryTimeout: true,
    });
    expect(dataSourceOptions(withoutQueryTimeout(MYSQL))).not.toHaveProperty('enableQueryTimeout');
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
