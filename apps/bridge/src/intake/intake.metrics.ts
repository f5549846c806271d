import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** Every consumed message ends in the inbox (accepted or duplicate) or in the dead-letter topic: counted here. */
@Injectable()
export class IntakeMetrics {
  readonly messages: Counter<'topic' | 'outcome'>;
  readonly deadLetters: Counter<'topic' | 'reason'>;
  readonly events: Counter<'topic' | 'type'>;

  constructor(registry: Registry) {
    this.messages = new Counter({
      name: 'hoso_intake_messages_total',
      help: 'Consumed messages by topic and outcome: accepted (new in the inbox), duplicate, dead_lettered.',
      labelNames: ['topic', 'outcome'],
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'hoso_intake_dead_letters_total',
      help: 'Dead-lettered messages by topic and reason.',
      labelNames: ['topic', 'reason'],
      registers: [registry],
    });
    this.events = new Counter({
      name: 'hoso_events_consumed_total',
      help: 'Accepted events by topic and CloudEvents type.',
      labelNames: ['topic', 'type'],
      registers: [registry],
    });
  }
}
