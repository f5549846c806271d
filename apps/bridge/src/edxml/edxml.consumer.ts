import { type Topic } from '@hoso/contracts';
import { BatchFailures, type PartitionBatch } from '@hoso/messaging';
import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EdxmlFeed } from './edxml-feed';

/** The edXML topic's batches (the intake transport consumes it beside the source topics). */
@Controller()
@UseFilters(BatchFailures)
export class EdxmlConsumer {
  constructor(private readonly feed: EdxmlFeed) {}

  @EventPattern('edxmlMessages' satisfies keyof typeof Topic)
  async edxmlMessages(@Payload() batch: PartitionBatch): Promise<void> {
    await this.feed.handle(batch);
  }
}
