/** What the inbox stores for one accepted event. */
export interface NewInboxEvent {
  source: string;
  eventId: string;
  type: string;
  subject: string | null;
  eventTime: Date | null;
  contentSha256: string;
  payload: string;
  topic: string;
  kafkaPartition: number;
  kafkaOffset: string;
}

/** recorded: new; duplicate: same source+id with the same content; conflict: same source+id, other content. */
export type InboxOutcome = 'recorded' | 'duplicate' | 'conflict';

/** The inbox port: each source+id is stored once. */
export abstract class InboxRepository {
  abstract record(event: NewInboxEvent): Promise<InboxOutcome>;
}
