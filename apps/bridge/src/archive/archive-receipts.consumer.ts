import { type Topic } from '@hoso/contracts';
import { BatchFailures, type PartitionBatch } from '@hoso/messaging';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ArchiveReceipts } from './archive-receipts';

/** The receipts topic's batches (the intake transport consumes it beside the source topics). */
@Controller()
@UseFilters(BatchFailures)
export class ArchiveReceiptsConsumer {
  constructor(private readonly receipts: ArchiveReceipts) {}

  @EventPattern('archiveReceipts' satisfies keyof typeof Topic)
  async archiveReceipts(@Payload() batch: PartitionBatch): Promise<void> {
    await this.receipts.handle(batch);
  }
}
