import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { IntakeConsumer } from './intake.consumer';
import { IntakeMetrics } from './intake.metrics';
import { IntakeService } from './intake.service';

@Module({
  imports: [PersistenceModule, MessagingModule, CorrelationModule],
  providers: [IntakeConsumer, IntakeService, IntakeMetrics],
  exports: [IntakeService],
})
export class IntakeModule {}
