import { type OutgoingMessage } from '../message';

/** Publishes messages; resolves once every one is acknowledged by all in-sync replicas. */
export abstract class MessagePublisher {
  abstract publish(messages: OutgoingMessage[]): Promise<void>;
}
