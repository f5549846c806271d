import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

/** Nest closes the Kafka consumers before the shutdown hooks run, and the database inside them. */
@Injectable()
export class ShutdownLog implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  onApplicationShutdown(signal?: string): void {
    this.logger.log(`Kafka consumers drained (${signal ?? 'close'}); closing the database`);
  }
}
