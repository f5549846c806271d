import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { ArchiveController } from '../archive/archive.controller';
import { ArchiveMetrics } from '../archive/archive.metrics';
import { SipExport } from '../archive/sip-export';
import { CorrelationModule } from '../correlation/correlation.module';
import { IntakeModule } from '../intake/intake.module';
import { AdminActions } from './admin-actions';
import { AdminActionsController } from './admin-actions.controller';
import { AdminAuthGuard } from './admin-auth';
import { AdminReadController } from './admin-read.controller';
import { AuditInterceptor } from './audit';
import { Jobs } from './jobs';
import { Rebuild } from '../replay/rebuild';
import { ReplayController } from '../replay/replay.controller';

/** The admin HTTP API under /admin: bearer tokens with viewer and operator roles, audited actions, jobs. */
@Module({
  imports: [PersistenceModule, MessagingModule, CorrelationModule, IntakeModule],
  controllers: [AdminReadController, AdminActionsController, ReplayController, ArchiveController],
  providers: [AdminActions, AdminAuthGuard, AuditInterceptor, Jobs, Rebuild, SipExport, ArchiveMetrics],
})
export class AdminModule {}
