import { databaseConfig } from '@hoso/config';
import { Module } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';
import { ENTITIES, dataSourceOptions } from './data-source';
import { OperationsRecords } from './operations/operations.records';
import { OutboxRepository } from './outbox/outbox.repository';
import { TypeormOutboxRepository } from './outbox/typeorm-outbox.repository';
import { Transactions } from './transactions';

/** The database connection and the repositories behind their ports. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (db: ConfigType<typeof databaseConfig>) => ({
        ...dataSourceOptions(db),
        migrationsRun: db.migrateOnStart,
        retryAttempts: 5,
        retryDelay: 2000,
      }),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [
    Transactions,
    { provide: OutboxRepository, useClass: TypeormOutboxRepository },
    {
      provide: OperationsRecords,
      inject: [getDataSourceToken()],
      useFactory: (dataSource: DataSource) => new OperationsRecords(dataSource.manager),
    },
  ],
  exports: [Transactions, OutboxRepository, OperationsRecords],
})
export class PersistenceModule {}
