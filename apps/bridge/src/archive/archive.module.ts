import { MessagingModule } from '@hoso/messaging';
import { PersistenceModule } from '@hoso/persistence';
import { Module } from '@nestjs/common';
import { CorrelationModule } from '../correlation/correlation.module';
import { HttpKitModule } from '../http';
import { IntakeModule } from '../intake/intake.module';
import { ArchiveController } from './archive.controller';
import { ArchiveMetrics } from './archive.metrics';
import { ArchiveReceipts } from './archive-receipts';
import { ArchiveReceiptsConsumer } from './archive-receipts.consumer';
import { ArchiveReceiptsController } from './archive-receipts.controller';
import { ArchiveStatsController } from './archive-stats.controller';
import { ArchiveView } from './archive-view';
import { SipExport } from './sip-export';

/**
 * Transfer to the agency's archive: submission packages, the archive's answers (from their topic or over
 * HTTP), and the province's view of where each year's files stand.
 */
@Module({
  imports: [PersistenceModule, MessagingModule, HttpKitModule, CorrelationModule, IntakeModule],
  controllers: [
    ArchiveController,
    ArchiveReceiptsConsumer,
    ArchiveReceiptsController,
    ArchiveStatsController,
  ],
  providers: [SipExport, ArchiveMetrics, ArchiveReceipts, ArchiveView],
  exports: [ArchiveReceipts],
})
export class ArchiveModule {}
