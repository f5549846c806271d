import { HosoConfigModule } from '@hoso/config';
import { MessagingModule } from '@hoso/messaging';
import { HealthModule, LoggingModule, MetricsModule } from '@hoso/observability';
import { Module } from '@nestjs/common';
import { AdminModule } from './admin/admin.module';
import { ArchiveModule } from './archive/archive.module';
import { EdxmlModule } from './edxml/edxml.module';
import { IntakeModule } from './intake/intake.module';
import { ReplayModule } from './replay/replay.module';
import { ShutdownLog } from './shutdown-log';

@Module({
  imports: [
    HosoConfigModule,
    LoggingModule,
    MetricsModule,
    MessagingModule,
    HealthModule,
    IntakeModule,
    EdxmlModule,
    AdminModule,
    ArchiveModule,
    ReplayModule,
  ],
  providers: [ShutdownLog],
})
export class BridgeModule {}
