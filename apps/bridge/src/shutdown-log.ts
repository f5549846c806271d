import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

/** The consumers stop in the destroy hooks, the relay drains before shutdown, and the database closes in the shutdown hooks. */
@Injectable()
export class ShutdownLog implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  onApplicationShutdown(signal?: string): void {
    this.logger.log(`Kafka consumers drained (${signal ?? 'close'}); closing the database`);
  }
}
