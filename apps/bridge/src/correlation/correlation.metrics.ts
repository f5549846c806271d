import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

@Injectable()
export class CorrelationMetrics {
  readonly emitted: Counter<'completed_by'>;
  readonly alerts: Counter<'kind'>;
  readonly latency: Histogram;

  constructor(registry: Registry) {
    this.emitted = new Counter({
      name: 'hoso_efiles_emitted_total',
      help: 'E-file revisions emitted, by what completed them.',
      labelNames: ['completed_by'],
      registers: [registry],
    });
    this.alerts = new Counter({
      name: 'hoso_alerts_total',
      help: 'Alerts raised, by kind.',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'hoso_efile_latency_seconds',
      help: 'From the time of the newest event that completed a file to its e-file committed for publishing.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
      registers: [registry],
    });
  }
}
