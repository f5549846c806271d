import { OutboxRelay } from '@hoso/messaging';
import { Injectable } from '@nestjs/common';
import { CorrelationMetrics } from './correlation.metrics';
import { type CorrelationEffects } from './correlation.service';

/** What every filing transaction does once it committed: count what it emitted and raised, publish it now. */
@Injectable()
export class FilingCommitted {
  constructor(
    private readonly metrics: CorrelationMetrics,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * `completedAt`: when the newest event that completed the files happened (intake measures latency from
   * it); `deadLettered`: messages the same transaction wrote to the dead-letter outbox.
   */
  record({ emitted, alerts }: CorrelationEffects, { completedAt = 0, deadLettered = 0 } = {}): void {
    for (const e of emitted) {
      this.metrics.emitted.inc({ completed_by: e.completedBy });
      if (completedAt) this.metrics.latency.observe((Date.now() - completedAt) / 1000);
    }
    for (const a of alerts) this.metrics.alerts.inc({ kind: a.kind });
    if (emitted.length + alerts.length + deadLettered > 0) this.relay.kick();
  }
}
