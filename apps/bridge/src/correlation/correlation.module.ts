import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { CorrelationMetrics } from './correlation.metrics';
import { CorrelationService } from './correlation.service';
import { DeadlineScheduler } from './deadline.scheduler';
import { FilePlans } from './file-plans';

@Module({
  imports: [PersistenceModule, MessagingModule],
  providers: [CorrelationService, CorrelationMetrics, DeadlineScheduler, FilePlans],
  exports: [CorrelationService, CorrelationMetrics, DeadlineScheduler],
})
export class CorrelationModule {}
