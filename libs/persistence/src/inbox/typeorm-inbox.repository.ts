import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '../unique-violation';
import { InboxEvent } from './inbox-event.entity';
import { InboxRepository, type InboxOutcome, type NewInboxEvent } from './inbox.repository';

@Injectable()
export class TypeormInboxRepository extends InboxRepository {
  constructor(@InjectRepository(InboxEvent) private readonly rows: Repository<InboxEvent>) {
    super();
  }

  async record(event: NewInboxEvent): Promise<InboxOutcome> {
    try {
      await this.rows.insert(event);
      return 'recorded';
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.rows.findOneByOrFail({ source: event.source, eventId: event.eventId });
      return existing.contentSha256 === event.contentSha256 ? 'duplicate' : 'conflict';
    }
  }
}
