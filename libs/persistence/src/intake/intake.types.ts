/** What the inbox stores for one accepted event. */
export interface NewInboxEvent {
  /** "dossier:<code>" or "document:<id>": what the event is about. */
  aggregateId: string | null;
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

export interface NewDeadLetter {
  reason: string;
  message: string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  eventSource: string | null;
  eventId: string | null;
  eventType: string | null;
  /** The agency the message names, when it names one: who may see the dead letter (null: the province only). */
  agencyCode: string | null;
  kafkaKey: Buffer | null;
  kafkaValue: Buffer | null;
  kafkaHeaders: string;
  kafkaTimestamp: Date | null;
}

export interface NewOutboxMessage {
  topic: string;
  /** Messages with the same key are published in the order they were written (e-file revisions). */
  orderingKey?: string | null;
  kafkaKey: Buffer | null;
  kafkaValue: Buffer | null;
  kafkaHeaders: string;
}

/** A rejected message: its dead-letter record, and the message that carries it to the dead-letter topic. */
export interface Rejected {
  deadLetter: NewDeadLetter;
  outbox: NewOutboxMessage;
}

/** What one chunk of a partition brings: the events that passed the contract, and the messages that did not. */
export interface IntakeBatch {
  accepted: NewInboxEvent[];
  rejected: Rejected[];
  /** Turns a redelivered source+id that came with other content into its rejection; without it, it is left out. */
  onConflict?(event: NewInboxEvent): Rejected;
}

export interface IntakeOutcome {
  recorded: NewInboxEvent[];
  duplicates: NewInboxEvent[];
  /** Events whose source+id was stored before with other content. */
  conflicts: NewInboxEvent[];
  /** Dead letters written now; a redelivered message that was already dead-lettered is not counted again. */
  deadLettered: NewDeadLetter[];
}
