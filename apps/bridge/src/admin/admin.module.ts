import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { IntakeModule } from '../intake/intake.module';
import { AdminActions } from './admin-actions';
import { AdminActionsController } from './admin-actions.controller';
import { AdminAuthGuard } from './admin-auth';
import { AdminReadController } from './admin-read.controller';
import { AuditInterceptor } from './audit';

/** The admin HTTP API under /admin: bearer tokens with viewer and operator roles, audited actions. */
@Module({
  imports: [PersistenceModule, MessagingModule, CorrelationModule, IntakeModule],
  controllers: [AdminReadController, AdminActionsController],
  providers: [AdminActions, AdminAuthGuard, AuditInterceptor],
})
export class AdminModule {}
