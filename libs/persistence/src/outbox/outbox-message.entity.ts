import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintText } from '../columns';

/** A message to publish once the transaction that wrote it has committed (the outbox pattern). */
@Entity({ name: 'outbox_message' })
@Index('ix_outbox_message_pending', ['publishedAt', 'id'])
export class OutboxMessage {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintText })
  id!: string;

  @Column({ type: 'varchar', length: 249 })
  topic!: string;

  /** Messages with the same key are published in write order (the revisions of one file). */
  @Column({ name: 'ordering_key', type: 'varchar', length: 100, nullable: true })
  orderingKey!: string | null;

  @Column({ name: 'kafka_key', type: 'blob', nullable: true })
  kafkaKey!: Buffer | null;

  @Column({ name: 'kafka_value', type: 'blob', nullable: true })
  kafkaValue!: Buffer | null;

  @Column({ name: 'kafka_headers', type: 'text' })
  kafkaHeaders!: string;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  /** A relay that took the message holds it until then; after that another may take it. */
  @Column({ name: 'claimed_until', type: 'datetime', nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'published_at', type: 'datetime', nullable: true })
  publishedAt!: Date | null;
}
