import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { CorrelationMetrics } from './correlation.metrics';
import { CorrelationService } from './correlation.service';
import { DeadlineScheduler } from './deadline.scheduler';
import { FilePlans } from './file-plans';
import { SuggestionSweeper } from './suggestion.sweeper';

@Module({
  imports: [PersistenceModule, MessagingModule],
  providers: [CorrelationService, CorrelationMetrics, DeadlineScheduler, FilePlans, SuggestionSweeper],
  exports: [CorrelationService, CorrelationMetrics, DeadlineScheduler, SuggestionSweeper],
})
export class CorrelationModule {}
