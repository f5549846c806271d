import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What the transfer rules read of a dossier's file, written as each revision is emitted: the archive view
 * counts a year's files from these rows without reading the revisions themselves.
 */
@Entity({ name: 'efile_transfer' })
@Index('efile_transfer_year_agency', ['fileYear', 'agencyCode'])
export class EFileTransferRecord {
  @PrimaryColumn({ name: 'dossier_code', type: 'varchar', length: 50 }) dossierCode!: string;
  @Column({ name: 'file_code', type: 'varchar', length: 100 }) fileCode!: string;
  @Column({ type: 'int' }) revision!: number;
  @Column({ name: 'agency_code', type: 'varchar', length: 13 }) agencyCode!: string;
  /** The file catalog: the year the file was formed. */
  @Column({ name: 'file_year', type: 'int' }) fileYear!: number;
  @Column({ type: 'varchar', length: 1000 }) title!: string;
  /** YYYY-MM-DD: the work ended. */
  @Column({ name: 'end_date', type: 'varchar', length: 10 }) endDate!: string;
  /** Circular 05/2025 retention code; null while the file needs classification. */
  @Column({ type: 'varchar', length: 2, nullable: true }) retention!: string | null;
  @Column({ type: 'boolean' }) classified!: boolean;
  @Column({ type: 'boolean' }) digitized!: boolean;
  @Column({ name: 'missing_fields', type: 'int' }) missingFields!: number;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt!: Date;
}

/** One package of a file handed to the archive, and the archive's answer once it came. */
@Entity({ name: 'transfer_attempt' })
@Index('transfer_attempt_dossier', ['dossierCode', 'sentAt'])
export class TransferAttemptRecord {
  /** The package's OBJID (uuid-…). */
  @PrimaryColumn({ name: 'package_id', type: 'varchar', length: 100 }) packageId!: string;
  @Column({ name: 'dossier_code', type: 'varchar', length: 50 }) dossierCode!: string;
  @Column({ name: 'file_code', type: 'varchar', length: 100 }) fileCode!: string;
  @Column({ type: 'int' }) revision!: number;
  @Column({ name: 'agency_code', type: 'varchar', length: 13, nullable: true }) agencyCode!: string | null;
  /** To the millisecond: the history is in the order packages were sent. */
  @Column({ name: 'sent_at', type: 'datetime', precision: 3 }) sentAt!: Date;
  @Column({ name: 'sent_by', type: 'varchar', length: 100, nullable: true }) sentBy!: string | null;
  @Column({ type: 'varchar', length: 8, nullable: true }) outcome!: 'accepted' | 'rejected' | null;
  /** The archive's reasons, as JSON [{code, text}]. */
  @Column({ type: 'text', nullable: true }) reasons!: string | null;
  @Column({ name: 'answered_at', type: 'datetime', nullable: true }) answeredAt!: Date | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) archive!: string | null;
  /** The CloudEvent id of the answer. */
  @Column({ name: 'receipt_id', type: 'varchar', length: 128, nullable: true }) receiptId!: string | null;
}

export const TRANSFER_ENTITIES = [EFileTransferRecord, TransferAttemptRecord];
