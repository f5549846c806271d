import { type EntityManager } from 'typeorm';
import { type NewOutboxMessage } from '../intake/intake.types';
import { insertRows } from '../insert-rows';
import { bySize } from '../transactions';
import { OutboxMessage } from './outbox-message.entity';

/** Writes messages to the outbox inside the caller's transaction; the relay publishes them after commit. */
export class OutboxWriter {
  constructor(private readonly manager: EntityManager) {}

  async add(messages: readonly NewOutboxMessage[]): Promise<void> {
    for (const rows of bySize([...messages], (m) => (m.kafkaValue?.length ?? 0) + 256)) {
      await insertRows(this.manager, OutboxMessage, rows);
    }
  }
}
