import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom, type Observable, throwError } from 'rxjs';
import { type ConsumeOptions, MessageConsumer } from '../consumer/message-consumer';
import { type PartitionBatch } from '../message';

/** Which handler pattern each consumed topic is dispatched to (topic names are configuration). */
export type TopicPatterns = Record<string, string>;

export interface KafkaBatchServerOptions extends Omit<ConsumeOptions, 'handle' | 'topics'> {
  /** Topic name → the pattern its handler is declared with, e.g. { 'motcua.dossier.events.v1': 'dossierEvents' }. */
  patterns: TopicPatterns;
  /**
   * Runs before the first subscription (creating missing topics, say), until `closing` says to give up;
   * false: it gave up.
   */
  beforeConsuming?: (closing: () => boolean) => Promise<boolean>;
}

/**
 * The consumer port as a Nest microservice transport: a batch of one partition goes to the handler
 * declared for its topic's pattern (`@EventPattern('dossierEvents')`), and what the port guarantees holds
 * unchanged: the handler's promise is the batch's transaction, the offsets are committed only after it
 * resolves, and a handler that rejects pauses the partition and gets the same messages again.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(KafkaBatchServer.name);
  private closing = false;
  private starting?: Promise<void>;

  constructor(
    private readonly consumer: MessageConsumer,
    private readonly options: KafkaBatchServerOptions,
  ) {
    super();
  }

  /** Starts consuming in the background (the port keeps retrying by itself) and says it is listening. */
  listen(callback: () => void): void {
    const missing = Object.values(this.options.patterns).filter((p) => !this.getHandlerByPattern(p));
    if (missing.length > 0)
      throw new Error(`No handler is declared for the pattern(s) ${missing.join(', ')}`);
    this.starting = this.start().catch((error: unknown) =>
      this.log.error(`Consuming did not start: ${String(error)}`),
    );
    callback();
  }

  /** Lets the batch in hand finish, commits nothing more, and leaves the group; later calls do nothing. */
  async close(): Promise<void> {
    if (this.closing) return this.starting;
    this.closing = true;
    await this.consumer.stop();
    await this.starting;
  }

  /** No events of its own to subscribe to: the consumer port reports through health and logs. */
  on(): void {}

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async start(): Promise<void> {
    if (this.options.beforeConsuming && !(await this.options.beforeConsuming(() => this.closing))) return;
    if (this.closing) return;
    const { patterns, beforeConsuming: _before, ...consume } = this.options;
    await this.consumer.start({
      ...consume,
      topics: Object.keys(patterns),
      handle: (batch) => this.dispatch(batch),
    });
  }

  /** One batch through its handler, awaited whether the handler answers a promise or an observable. */
  private async dispatch(batch: PartitionBatch): Promise<unknown> {
    const handler = this.getHandlerByPattern(this.options.patterns[batch.topic]!)!;
    return lastValueFrom(this.transformToObservable(await handler(batch)), { defaultValue: undefined });
  }
}

/**
 * Hands a handler's failure back to the consumer port as it was thrown (Nest's default filter would
 * replace it with a generic error and log it): the port pauses the partition and retries the batch.
 */
@Catch()
export class BatchFailures implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
