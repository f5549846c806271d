import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** What each edXML message came to; its dead letters are counted with intake's (hoso_intake_dead_letters_total). */
@Injectable()
export class EdxmlMetrics {
  readonly messages: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.messages = new Counter({
      name: 'hoso_edxml_messages_total',
      help: 'edXML messages by outcome: document (its events published), status (no event), dead_lettered.',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }
}
