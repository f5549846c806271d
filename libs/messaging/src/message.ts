/** Kafka headers as kafkajs hands them over: a name may repeat, so a value may be a list. */
export type MessageHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;

/** A message read from a topic, with its coordinates. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as text. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: MessageHeaders;
  /** Milliseconds since the epoch, as text. */
  timestamp: string;
}

/** Consecutive messages of one partition, in offset order. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: ConsumedMessage[];
}

/** A message to publish. */
export interface OutgoingMessage {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: MessageHeaders;
}
