import { dataSourceOptions, Transactions } from '@hoso/persistence';
import { DataSource } from 'typeorm';
import { type TestDatabase } from './databases';

/** A suite's database once migrated: set before its tests run. */
export interface MigratedDatabase {
  dataSource: DataSource;
  transactions: Transactions;
}

/**
 * Opens a suite's throwaway database before its tests, migrated, and drops it after them: what every
 * persistence integration suite starts from.
 */
export function useMigratedDatabase(open: () => Promise<TestDatabase>): MigratedDatabase {
  const migrated = {} as MigratedDatabase;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await open();
    migrated.dataSource = await new DataSource(dataSourceOptions(database.config)).initialize();
    await migrated.dataSource.runMigrations();
    migrated.transactions = new Transactions(migrated.dataSource);
  });
  afterAll(async () => {
    await migrated.dataSource?.destroy();
    await database?.dispose();
  });
  return migrated;
}
