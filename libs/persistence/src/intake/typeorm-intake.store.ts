import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DeadLetter } from '../dead-letter/dead-letter.entity';
import { InboxEvent } from '../inbox/inbox-event.entity';
import {
  type IntakeBatch,
  type IntakeOutcome,
  IntakeStore,
  type NewInboxEvent,
  type Rejected,
} from './intake.store';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { Transactions, bySize } from '../transactions';

const identity = (e: { source: string; eventId: string }) => `${e.source}\u0000${e.eventId}`;
const bytesOf = (b: Buffer | string | null) => (b === null ? 0 : b.length) + 256;

@Injectable()
export class TypeormIntakeStore extends IntakeStore {
  constructor(private readonly transactions: Transactions) {
    super();
  }

  record(batch: IntakeBatch): Promise<IntakeOutcome> {
    return this.transactions.run(async (manager) => {
      const { fresh, duplicates, conflicts } = await this.classify(manager, batch.accepted);
      for (const rows of bySize(fresh, (e) => bytesOf(e.payload))) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(InboxEvent)
          .values(rows)
          .updateEntity(false)
          .execute();
      }
      const rejected = await this.notYetDeadLettered(manager, [
        ...batch.rejected,
        ...conflicts.map((event) => batch.onConflict(event)),
      ]);
      for (const rows of bySize(rejected, (r) => bytesOf(r.deadLetter.kafkaValue))) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(DeadLetter)
          .values(rows.map((r) => r.deadLetter))
          .updateEntity(false)
          .execute();
        await manager
          .createQueryBuilder()
          .insert()
          .into(OutboxMessage)
          .values(rows.map((r) => r.outbox))
          .updateEntity(false)
          .execute();
      }
      return { recorded: fresh, duplicates, deadLettered: rejected.map((r) => r.deadLetter) };
    });
  }

  /** Splits events into new ones, redeliveries of stored content, and conflicting reuses of an id. */
  private async classify(manager: EntityManager, events: NewInboxEvent[]) {
    const stored = new Map<string, string>();
    const unique = [...new Map(events.map((e) => [identity(e), e])).values()];
    if (unique.length > 0) {
      const rows: Array<{ source: string; eventId: string; hash: string }> = await manager.query(
        `SELECT source, event_id AS eventId, content_sha256 AS hash FROM inbox_event WHERE (source, event_id) IN (${unique.map(() => '(?, ?)').join(', ')})`,
        unique.flatMap((e) => [e.source, e.eventId]),
      );
      for (const row of rows) stored.set(identity(row), row.hash);
    }
    const fresh: NewInboxEvent[] = [];
    const duplicates: NewInboxEvent[] = [];
    const conflicts: NewInboxEvent[] = [];
    for (const event of events) {
      const hash = stored.get(identity(event));
      if (hash === undefined) {
        fresh.push(event);
        stored.set(identity(event), event.contentSha256);
      } else (hash === event.contentSha256 ? duplicates : conflicts).push(event);
    }
    return { fresh, duplicates, conflicts };
  }

  /** Leaves out messages dead-lettered before (a redelivery after a crash). */
  private async notYetDeadLettered(manager: EntityManager, rejected: Rejected[]): Promise<Rejected[]> {
    if (rejected.length === 0) return rejected;
    const rows: Array<{ topic: string; part: number; position: string | number }> = await manager.query(
      `SELECT source_topic AS topic, source_partition AS part, source_offset AS position FROM dead_letter WHERE (source_topic, source_partition, source_offset) IN (${rejected.map(() => '(?, ?, ?)').join(', ')})`,
      rejected.flatMap(({ deadLetter: d }) => [d.sourceTopic, d.sourcePartition, d.sourceOffset]),
    );
    const known = new Set(rows.map((r) => `${r.topic}/${r.part}/${r.position}`));
    const seen = new Set<string>();
    return rejected.filter(({ deadLetter: d }) => {
      const key = `${d.sourceTopic}/${d.sourcePartition}/${d.sourceOffset}`;
      const fresh = !known.has(key) && !seen.has(key);
      seen.add(key);
      return fresh;
    });
  }
}
