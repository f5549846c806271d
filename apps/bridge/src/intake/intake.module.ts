import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { IntakeConsumer, IntakeTransport } from './intake.consumer';
import { IntakeMetrics } from './intake.metrics';
import { IntakeService } from './intake.service';

@Module({
  imports: [PersistenceModule, MessagingModule, CorrelationModule],
  controllers: [IntakeConsumer],
  providers: [IntakeTransport, IntakeService, IntakeMetrics],
  exports: [IntakeService, IntakeTransport, IntakeMetrics],
})
export class IntakeModule {}
