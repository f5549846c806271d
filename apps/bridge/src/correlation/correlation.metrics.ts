import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

@Injectable()
export class CorrelationMetrics {
  readonly emitted: Counter<'completed_by'>;
  readonly alerts: Counter<'kind'>;

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
  }
}
