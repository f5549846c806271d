import { type EntityManager } from 'typeorm';
import { DeadLetter } from '../dead-letter/dead-letter.entity';
import { InboxEvent } from '../inbox/inbox-event.entity';
import { insertRows } from '../insert-rows';
import { chunks } from '../sql';
import { type OutboxWriter } from '../outbox/outbox.writer';
import { bySize } from '../transactions';
import { type IntakeBatch, type IntakeOutcome, type NewInboxEvent, type Rejected } from './intake.types';

const identity = (e: { source: string; eventId: string }) => `${e.source}\u0000${e.eventId}`;
const bytesOf = (b: Buffer | string | null) => (b === null ? 0 : b.length) + 256;

/** Records a chunk inside the caller's transaction: new events in the inbox, rejected ones as dead letters. */
export class IntakeRecords {
  constructor(
    private readonly manager: EntityManager,
    private readonly outbox: OutboxWriter,
  ) {}

  async record(batch: IntakeBatch): Promise<IntakeOutcome> {
    const { fresh, duplicates, conflicts } = await this.classify(batch.accepted);
    for (const rows of bySize(fresh, (e) => bytesOf(e.payload))) {
      await insertRows(this.manager, InboxEvent, rows);
    }
    const rejected = await this.notYetDeadLettered([
      ...batch.rejected,
      ...(batch.onConflict ? conflicts.map((event) => batch.onConflict!(event)) : []),
    ]);
    for (const rows of bySize(rejected, (r) => bytesOf(r.deadLetter.kafkaValue))) {
      await insertRows(
        this.manager,
        DeadLetter,
        rows.map((r) => r.deadLetter),
      );
      await this.outbox.add(rows.map((r) => r.outbox));
    }
    return { recorded: fresh, duplicates, conflicts, deadLettered: rejected.map((r) => r.deadLetter) };
  }

  /** Splits events into new ones, redeliveries of stored content, and conflicting reuses of an id. */
  private async classify(events: NewInboxEvent[]) {
    const stored = new Map<string, string>();
    const unique = [...new Map(events.map((e) => [identity(e), e])).values()];
    for (const slice of chunks(unique)) {
      const rows: Array<{ source: string; eventId: string; hash: string }> = await this.manager.query(
        `SELECT source, event_id AS eventId, content_sha256 AS hash FROM inbox_event WHERE (source, event_id) IN (${slice.map(() => '(?, ?)').join(', ')})`,
        slice.flatMap((e) => [e.source, e.eventId]),
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
  private async notYetDeadLettered(rejected: Rejected[]): Promise<Rejected[]> {
    if (rejected.length === 0) return rejected;
    const rows: Array<{ topic: string; part: number; position: string | number }> = await this.manager.query(
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
