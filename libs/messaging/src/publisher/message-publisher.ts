import { type OutgoingMessage } from '../message';

/** Where a published message was stored. */
export interface Position {
  topic: string;
  partition: number;
  offset: string;
}

/** Publishes messages; resolves once every one is acknowledged by all in-sync replicas. */
export abstract class MessagePublisher {
  abstract publish(messages: OutgoingMessage[]): Promise<void>;

  /**
   * Publishes in order and says where each message was stored (its partition chosen by key, as
   * `publish` would): a feeder that must know every offset (the simulator's ground truth) uses it.
   */
  abstract publishPositioned(messages: OutgoingMessage[]): Promise<Position[]>;
}
