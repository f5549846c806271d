import { type PartitionBatch } from '../message';

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  /**
   * Must store every message of the batch durably before it resolves: the offset after the batch is
   * committed only then. If it rejects, the partition pauses and the same messages come again later.
   * The next batches of a partition may be handed over before this one resolves (the handler keeps them
   * in order); after one that rejects, they come again too, so a handler must take duplicates.
   */
  handle: (batch: PartitionBatch) => Promise<unknown>;
  /** Most messages handed over at once. */
  batchSize: number;
  /** Partitions handled at the same time; each partition stays in order. */
  concurrentPartitions: number;
  /** Longest pause of a partition after its handler failed. */
  retryMaxMs: number;
}

/** A consumer-group member (the port that keeps kafkajs replaceable). */
export abstract class MessageConsumer {
  /** Joins the group and consumes until stopped; keeps retrying by itself when the broker is away. */
  abstract start(options: ConsumeOptions): Promise<void>;
  /** Lets the batch in hand finish, commits nothing more, and leaves the group. */
  abstract stop(): Promise<void>;
  /** True once the member has partitions assigned, or is in a group with more members than partitions. */
  abstract isRunning(): boolean;
  /** The partitions this member holds now (none when it is not in the group). */
  abstract assignment(): ReadonlyArray<{ topic: string; partition: number }>;
}
