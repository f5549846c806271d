import { formatVnDateTime } from '@hoso/contracts';
import { type StoredEvent } from '@hoso/domain';
import { Records } from '../records';

/** Reads the stored events back, as correlation recomputes aggregates from them. */
export class InboxRecords extends Records {
  /** The stored events of each aggregate ("dossier:<code>" or "document:<id>"). */
  async eventsOf(aggregateIds: readonly string[]): Promise<Map<string, StoredEvent[]>> {
    const rows = await this.selectIn<{
      aggregate: string;
      source: string;
      id: string;
      type: string;
      payload: string;
      topic: string;
      part: number;
      position: string | number;
      at: Date | string;
    }>(
      (m) =>
        `SELECT aggregate_id AS aggregate, source, event_id AS id, type, payload, topic, kafka_partition AS part,
                kafka_offset AS position, event_time AS at FROM inbox_event WHERE aggregate_id IN (${m})`,
      aggregateIds,
    );
    const events = new Map<string, StoredEvent[]>();
    for (const row of rows) {
      // Stored only once judged: the type and its data are one member of the union.
      const event = {
        source: row.source,
        id: row.id,
        type: row.type,
        time: formatInVn(row.at),
        data: JSON.parse(row.payload) as unknown,
        topic: row.topic,
        partition: Number(row.part),
        offset: String(row.position),
      } as StoredEvent;
      events.set(row.aggregate, [...(events.get(row.aggregate) ?? []), event]);
    }
    return events;
  }
}

/** A DATETIME as the drivers return it (mysql2: a Date; SQLite: UTC text) in Vietnam time. */
function formatInVn(value: Date | string): string {
  const instant = value instanceof Date ? value.getTime() : Date.parse(`${value.replace(' ', 'T')}Z`);
  return formatVnDateTime(instant);
}
