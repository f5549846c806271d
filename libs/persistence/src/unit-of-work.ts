import { type EntityManager } from 'typeorm';
import { CorrelationRecords } from './correlation/correlation.records';
import { IntakeRecords } from './intake/intake.records';
import { OutboxWriter } from './outbox/outbox.writer';

/** Everything one transaction may read and write, bound to that transaction. */
export class UnitOfWork {
  readonly outbox: OutboxWriter;
  readonly intake: IntakeRecords;
  readonly correlation: CorrelationRecords;

  constructor(readonly manager: EntityManager) {
    this.outbox = new OutboxWriter(manager);
    this.intake = new IntakeRecords(manager, this.outbox);
    this.correlation = new CorrelationRecords(manager);
  }
}
