import { failpoint } from '@hoso/config';
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
    const claimed = await this.claim(limit, claimMs);
    if (claimed.size === 0) return 0;
    const ids = [...claimed.keys()];
    const rows = await this.messages.find({
      select: {
        id: true,
        topic: true,
        kafkaKey: true,
        kafkaValue: true,
        kafkaHeaders: true,
        createdAt: true,
      },
      where: { id: In(ids) },
      order: { id: 'ASC' },
    });
    const pending = rows.map((row) => ({ ...row, claimedBefore: claimed.get(row.id) ?? null }));
    // Marked published only after the broker acknowledged; the relay checks the topic before a retry.
    try {
      await publish(pending);
    } catch (error) {
      // Free for the next attempt now rather than when the claim runs out. A second back, because claims
      // are kept to the second (MySQL rounds to it) and a claim ending now would still hold this second.
      await this.messages.update({ id: In(ids) }, { claimedUntil: new Date(Date.now() - 1000) });
      throw error;
    }
    // On the topic, not yet marked published: the window a crash must not turn into duplicates.
    failpoint('relay.after-publish');
    await this.transactions.run(({ manager }) =>
      manager.update(OutboxMessage, { id: In(ids) }, { publishedAt: new Date(), claimedUntil: null }),
    );
    return ids.length;
  }

  backlog(): Promise<number> {
    return this.messages.countBy({ publishedAt: IsNull() });
  }

  /**
   * Marks the oldest unclaimed messages as taken; on MySQL, rows another relay is claiming are skipped.
   * Returns their ids, each with when an earlier claim on it began, if there was one.
   */
  private claim(limit: number, claimMs: number): Promise<Map<string, Date | null>> {
    return this.transactions.run(async ({ manager }) => {
      const now = new Date();
      const query = manager
        .createQueryBuilder(OutboxMessage, 'm')
        .select(['m.id', 'm.claimedUntil'])
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
      const claimed = new Map(
        (await query.getMany()).map((m) => [
          m.id,
          m.claimedUntil === null ? null : new Date(m.claimedUntil.getTime() - claimMs),
        ]),
      );
      if (claimed.size > 0) {
        await manager.update(
          OutboxMessage,
          { id: In([...claimed.keys()]) },
          { claimedUntil: new Date(now.getTime() + claimMs) },
        );
      }
      return claimed;
    });
  }
}
