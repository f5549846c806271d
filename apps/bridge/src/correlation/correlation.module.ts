import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { CorrelationMetrics } from './correlation.metrics';
import { CorrelationService } from './correlation.service';
import { DeadlineScheduler } from './deadline.scheduler';
import { FilePlans } from './file-plans';
import { FilingCommitted } from './filing-committed';
import { SuggestionSweeper } from './suggestion.sweeper';

@Module({
  imports: [PersistenceModule, MessagingModule],
  providers: [
    CorrelationService,
    CorrelationMetrics,
    DeadlineScheduler,
    FilePlans,
    FilingCommitted,
    SuggestionSweeper,
  ],
  exports: [CorrelationService, CorrelationMetrics, DeadlineScheduler, FilingCommitted, SuggestionSweeper],
})
export class CorrelationModule {}
