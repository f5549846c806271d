import { KafkaProbe } from '@hoso/messaging';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly probe: KafkaProbe,
  ) {}

  async isReachable(key: string, timeoutMs: number) {
    const check = this.indicator.check(key);
    try {
      return check.up({ brokers: await this.probe.brokerCount(timeoutMs) });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
