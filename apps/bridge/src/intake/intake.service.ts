import { createHash } from 'node:crypto';
import { InboxRepository } from '@hoso/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { type KafkaContext } from '@nestjs/microservices';
import { readCloudEvent } from './read-cloud-event';

/** Records each consumed CloudEvent in the inbox, once per source + id. */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);

  constructor(private readonly inbox: InboxRepository) {}

  async accept(context: KafkaContext): Promise<void> {
    const message = context.getMessage();
    const where = { topic: context.getTopic(), partition: context.getPartition(), offset: message.offset };
    const value = Buffer.isBuffer(message.value) ? message.value : null;
    const event = readCloudEvent(value, message.headers ?? {});
    if (!event) {
      this.logger.warn(where, 'Skipped a message that is not a CloudEvent');
      return;
    }
    // A database failure throws, so kafkajs redelivers the message instead of committing past it.
    const outcome = await this.inbox.record({
      source: event.source,
      eventId: event.id,
      type: event.type,
      subject: event.subject ?? null,
      eventTime: event.time ? new Date(event.time) : null,
      contentSha256: createHash('sha256').update(event.data).digest('hex'),
      payload: event.data,
      topic: where.topic,
      kafkaPartition: where.partition,
      kafkaOffset: where.offset,
    });
    if (outcome !== 'recorded')
      this.logger.warn({ ...where, id: event.id, outcome }, 'Event already in the inbox');
  }
}
