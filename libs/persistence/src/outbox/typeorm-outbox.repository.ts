import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { Transactions } from '../transactions';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxRepository, type PendingMessage } from './outbox.repository';

@Injectable()
export class TypeormOutboxRepository extends OutboxRepository {
  constructor(
    private readonly transactions: Transactions,
    @InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>,
  ) {
    super();
  }

  async publishPending(
    limit: number,
    claimMs: number,
    publish: (messages: PendingMessage[]) => Promise<void>,
  ): Promise<number> {
    const ids = await this.claim(limit, claimMs);
    if (ids.length === 0) return 0;
    const pending = await this.messages.find({
      select: { id: true, topic: true, kafkaKey: true, kafkaValue: true, kafkaHeaders: true },
      where: { id: In(ids) },
      order: { id: 'ASC' },
    });
    // Published only after the broker acknowledged; a crash in between publishes again (at least once).
    await publish(pending);
    await this.transactions.run(({ manager }) =>
      manager.update(OutboxMessage, { id: In(ids) }, { publishedAt: new Date(), claimedUntil: null }),
    );
    return ids.length;
  }

  backlog(): Promise<number> {
    return this.messages.countBy({ publishedAt: IsNull() });
  }

  /** Marks the oldest unclaimed messages as taken; on MySQL, rows another relay is claiming are skipped. */
  private claim(limit: number, claimMs: number): Promise<string[]> {
    return this.transactions.run(async ({ manager }) => {
      const now = new Date();
      const query = manager
        .createQueryBuilder(OutboxMessage, 'm')
        .select('m.id', 'id')
        .where('m.publishedAt IS NULL')
        .andWhere('(m.claimedUntil IS NULL OR m.claimedUntil < :now)', { now })
        // A revision waits until the ones before it (same ordering key) are published.
        .andWhere(
          '(m.orderingKey IS NULL OR NOT EXISTS (SELECT 1 FROM outbox_message e WHERE e.ordering_key = m.ordering_key AND e.published_at IS NULL AND e.id < m.id))',
        )
        .orderBy('m.id', 'ASC')
        .limit(limit);
      if (manager.connection.options.type === 'mysql')
        query.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await query.getRawMany<{ id: string | number }>()).map((r) => String(r.id));
      if (ids.length > 0) {
        await manager.update(
          OutboxMessage,
          { id: In(ids) },
          { claimedUntil: new Date(now.getTime() + claimMs) },
        );
      }
      return ids;
    });
  }
}
