import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintText } from '../columns';

/** One accepted CloudEvent, stored once per source + id, with where it was read from. */
@Entity({ name: 'inbox_event' })
@Index('uq_inbox_event_source_id', ['source', 'eventId'], { unique: true })
export class InboxEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** "dossier:<code>" or "document:<id>": what the event is about. */
  @Column({ name: 'aggregate_id', type: 'varchar', length: 80, nullable: true })
  aggregateId!: string | null;

  @Column({ type: 'varchar', length: 255 })
  source!: string;

  @Column({ name: 'event_id', type: 'varchar', length: 128 })
  eventId!: string;

  @Column({ type: 'varchar', length: 128 })
  type!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  subject!: string | null;

  @Column({ name: 'event_time', type: 'datetime', nullable: true })
  eventTime!: Date | null;

  /** SHA-256 of the stored content, to tell a redelivery from a conflicting reuse of the id. */
  @Column({ name: 'content_sha256', type: 'varchar', length: 64 })
  contentSha256!: string;

  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'varchar', length: 249 })
  topic!: string;

  @Column({ name: 'kafka_partition', type: 'int' })
  kafkaPartition!: number;

  @Column({ name: 'kafka_offset', type: 'bigint', transformer: bigintText })
  kafkaOffset!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'datetime' })
  recordedAt!: Date;
}
