import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintText } from '../columns';

/** A consumed message that could not be accepted: its exact bytes, where it came from, and why. */
@Entity({ name: 'dead_letter' })
@Index('uq_dead_letter_source', ['sourceTopic', 'sourcePartition', 'sourceOffset'], { unique: true })
export class DeadLetter {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintText })
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  reason!: string;

  /** Names the failing fields and rules; never holds personal data. */
  @Column({ type: 'varchar', length: 2000 })
  message!: string;

  @Column({ name: 'source_topic', type: 'varchar', length: 249 })
  sourceTopic!: string;

  @Column({ name: 'source_partition', type: 'int' })
  sourcePartition!: number;

  @Column({ name: 'source_offset', type: 'bigint', transformer: bigintText })
  sourceOffset!: string;

  /** Set when decoding got far enough to read them. */
  @Column({ name: 'event_source', type: 'varchar', length: 255, nullable: true })
  eventSource!: string | null;

  @Column({ name: 'event_id', type: 'varchar', length: 128, nullable: true })
  eventId!: string | null;

  @Column({ name: 'event_type', type: 'varchar', length: 128, nullable: true })
  eventType!: string | null;

  /** The agency the message names, when it names one; a dead letter without one is the province's to see. */
  @Column({ name: 'agency_code', type: 'varchar', length: 13, nullable: true })
  agencyCode!: string | null;

  @Column({ name: 'kafka_key', type: 'blob', nullable: true })
  kafkaKey!: Buffer | null;

  @Column({ name: 'kafka_value', type: 'blob', nullable: true })
  kafkaValue!: Buffer | null;

  /** The original headers, as JSON (see the messaging library's header codec). */
  @Column({ name: 'kafka_headers', type: 'text' })
  kafkaHeaders!: string;

  @Column({ name: 'kafka_timestamp', type: 'datetime', nullable: true })
  kafkaTimestamp!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  /** Set when an operator re-submitted it through intake and it was accepted. */
  @Column({ name: 'redriven_at', type: 'datetime', nullable: true })
  redrivenAt!: Date | null;

  @Column({ name: 'redriven_by', type: 'varchar', length: 100, nullable: true })
  redrivenBy!: string | null;
}
