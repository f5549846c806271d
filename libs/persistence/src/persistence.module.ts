import { databaseConfig } from '@hoso/config';
import { Module } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENTITIES, dataSourceOptions } from './data-source';
import { InboxRepository } from './inbox/inbox.repository';
import { TypeormInboxRepository } from './inbox/typeorm-inbox.repository';

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
  providers: [{ provide: InboxRepository, useClass: TypeormInboxRepository }],
  exports: [InboxRepository],
})
export class PersistenceModule {}
