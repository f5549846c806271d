import { relayConfig } from '@hoso/config';
import { OutboxRepository, type PendingMessage } from '@hoso/persistence';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { decodeHeaders } from '../headers';
import { type OutgoingMessage } from '../message';
import { MessagePublisher } from '../publisher/message-publisher';

/** How long a relay holds the messages it took before another may take them. */
const CLAIM_MS = 60_000;
const FINAL_DRAIN_MS = 5_000;

/**
 * Publishes what transactions wrote to the outbox: at once when kicked after a commit, and on a timer
 * for whatever is left (after a broker outage, or by another instance that stopped).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private failing = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: MessagePublisher,
    @Inject(relayConfig.KEY) private readonly cfg: ConfigType<typeof relayConfig>,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.cfg.intervalMs);
  }

  /** Runs after the consumers stopped and before the database closes: one last, bounded drain. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const last = (this.draining ?? Promise.resolve()).then(() => this.drain());
    // What is not published by then stays in the outbox for the next start.
    await Promise.race([last, new Promise((resolve) => setTimeout(resolve, FINAL_DRAIN_MS).unref())]);
  }

  /** Asks for a drain now; one runs at a time, and a kick during it makes it go round once more. */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again && this.timer) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while ((await this.outbox.publishPending(this.cfg.batchSize, CLAIM_MS, (m) => this.publish(m))) > 0) {
        // Until the outbox is empty.
      }
      if (this.failing) this.logger.log('Publishing from the outbox works again');
      this.failing = false;
    } catch (error) {
      // Logged once per outage; the timer keeps trying.
      if (!this.failing) this.logger.warn(`Cannot publish from the outbox yet: ${String(error)}`);
      this.failing = true;
    }
  }

  private publish(messages: PendingMessage[]): Promise<void> {
    return this.publisher.publish(messages.map(toOutgoing));
  }
}

function toOutgoing(message: PendingMessage): OutgoingMessage {
  return {
    topic: message.topic,
    key: message.kafkaKey,
    value: message.kafkaValue,
    headers: decodeHeaders(message.kafkaHeaders),
  };
}
