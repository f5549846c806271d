import { MessagingModule } from '@hoso/messaging';
import { Module } from '@nestjs/common';
import { ArchiveModule } from '../archive/archive.module';
import { CorrelationModule } from '../correlation/correlation.module';
import { HttpKitModule } from '../http';
import { EdxmlModule } from '../edxml/edxml.module';
import { IntakeModule } from '../intake/intake.module';
import { AdminActions } from './admin-actions';
import { AdminActionsController } from './admin-actions.controller';
import { AdminReadController } from './admin-read.controller';
import { SignInController } from './sign-in.controller';

/** The admin API's reads and an operator's actions on dossiers, files, suggestions and dead letters. */
@Module({
  imports: [HttpKitModule, MessagingModule, CorrelationModule, IntakeModule, EdxmlModule, ArchiveModule],
  controllers: [SignInController, AdminReadController, AdminActionsController],
  providers: [AdminActions],
})
export class AdminModule {}
