import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One operator action through the admin API or the CLI: who, what, when, with what, and how it ended. */
@Entity({ name: 'audit_log' })
export class AuditRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'datetime' }) at!: Date;
  @Column({ type: 'varchar', length: 100 }) actor!: string;
  @Column({ type: 'varchar', length: 16 }) role!: string;
  /** The route's name, e.g. "dossier.force-complete". */
  @Column({ type: 'varchar', length: 64 }) action!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) target!: string | null;
  /** The request's parameters and body, as JSON. */
  @Column({ type: 'text' }) parameters!: string;
  /** ok | error */
  @Column({ type: 'varchar', length: 16 }) outcome!: string;
  @Column({ type: 'varchar', length: 2000 }) result!: string;
  /** The chain (audit-chain.ts): the hash of the entry before, and of this one over it. */
  @Column({ name: 'previous_hash', type: 'varchar', length: 64, nullable: true }) previousHash!:
    string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) hash!: string | null;
}

export type JobStatus = 'running' | 'succeeded' | 'failed';

/** A long admin operation (replay, redrive): its progress, visible through the API while it runs. */
@Entity({ name: 'admin_job' })
export class AdminJob {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'varchar', length: 16 }) status!: JobStatus;
  /** What it is doing now; done and total count the work of this phase. */
  @Column({ type: 'varchar', length: 32, nullable: true }) phase!: string | null;
  @Column({ name: 'created_by', type: 'varchar', length: 100 }) createdBy!: string;
  @Column({ type: 'text' }) parameters!: string;
  @Column({ type: 'int', default: 0 }) done!: number;
  @Column({ type: 'int', nullable: true }) total!: number | null;
  /** The outcome as JSON, once finished. */
  @Column({ type: 'text', nullable: true }) result!: string | null;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt!: Date;
}

export const OPERATIONS_ENTITIES = [AuditRecord, AdminJob];
