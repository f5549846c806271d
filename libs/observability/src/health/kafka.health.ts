import { KafkaProbe, MessageConsumer } from '@hoso/messaging';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly probe: KafkaProbe,
    private readonly consumer: MessageConsumer,
  ) {}

  /** The intake consumer joined its group and holds partitions. */
  isConsuming(key: string) {
    const check = this.indicator.check(key);
    return this.consumer.isRunning() ? check.up() : check.down({ message: 'no partitions assigned yet' });
  }

  async isReachable(key: string, timeoutMs: number) {
    const check = this.indicator.check(key);
    try {
      return check.up({ brokers: await this.probe.brokerCount(timeoutMs) });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
