import { type DeadlineKind } from '@hoso/domain';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** What the bridge knows of a dossier: its lifecycle, file code and what was emitted for it. */
@Entity({ name: 'dossier' })
export class DossierRecord {
  @PrimaryColumn({ name: 'dossier_code', type: 'varchar', length: 50 }) dossierCode!: string;
  @Column({ name: 'agency_code', type: 'varchar', length: 13, nullable: true }) agencyCode!: string | null;
  @Column({ name: 'agency_name', type: 'varchar', length: 200, nullable: true }) agencyName!: string | null;
  @Column({ name: 'procedure_code', type: 'varchar', length: 20, nullable: true }) procedureCode!:
    string | null;
  /** received | processing | resolved | result_returned | refused | withdrawn | stopped | unknown */
  @Column({ type: 'varchar', length: 24 }) status!: string;
  @Column({ name: 'received_at', type: 'datetime', nullable: true }) receivedAt!: Date | null;
  @Column({ name: 'due_at', type: 'datetime', nullable: true }) dueAt!: Date | null;
  @Column({ name: 'terminal_at', type: 'datetime', nullable: true }) terminalAt!: Date | null;
  @Column({ name: 'on_time', type: 'boolean', nullable: true }) onTime!: boolean | null;
  /** Rule 4: the applicant's name folded, and the window of issue dates it allows (YYYY-MM-DD). */
  @Column({ name: 'applicant_key', type: 'varchar', length: 200, nullable: true }) applicantKey!:
    string | null;
  @Column({ name: 'suggest_from', type: 'varchar', length: 10, nullable: true }) suggestFrom!: string | null;
  @Column({ name: 'suggest_until', type: 'varchar', length: 10, nullable: true }) suggestUntil!:
    string | null;
  @Column({ name: 'file_code', type: 'varchar', length: 100, nullable: true }) fileCode!: string | null;
  @Column({ type: 'boolean', nullable: true }) classified!: boolean | null;
  /** When a whole package of the file was handed to the archive; it cannot be reclassified after. */
  @Column({ name: 'transferred_at', type: 'datetime', nullable: true }) transferredAt!: Date | null;
  @Column({ name: 'emitted_revision', type: 'int', default: 0 }) emittedRevision!: number;
  @Column({ name: 'content_hash', type: 'varchar', length: 64, nullable: true }) contentHash!: string | null;
  @Column({ name: 'emitted_at', type: 'datetime', nullable: true }) emittedAt!: Date | null;
  /** Result documents the one-stop side named that are not in the file yet. */
  @Column({ name: 'missing_named', type: 'int', default: 0 }) missingNamed!: number;
  @Column({ name: 'grace_expired', type: 'boolean', default: false }) graceExpired!: boolean;
  /** Saved since the last rule-4 sweep. */
  @Column({ name: 'suggest_due', type: 'boolean', default: false }) suggestDue!: boolean;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt!: Date;
}

/** What the bridge knows of a document, for matching: its rule-2 key, suggestion text, revocation. */
@Entity({ name: 'document' })
export class DocumentRecord {
  @PrimaryColumn({ name: 'document_id', type: 'varchar', length: 64 }) documentId!: string;
  @Column({ name: 'agency_code', type: 'varchar', length: 13, nullable: true }) agencyCode!: string | null;
  @Column({ name: 'match_key', type: 'varchar', length: 200, nullable: true }) matchKey!: string | null;
  @Column({ name: 'issued_date', type: 'varchar', length: 10, nullable: true }) issuedDate!: string | null;
  @Column({ name: 'subject_key', type: 'varchar', length: 600, nullable: true }) subjectKey!: string | null;
  /** Its issued/received event has arrived; until then it cannot join a file. */
  @Column({ name: 'has_base', type: 'boolean', default: false }) hasBase!: boolean;
  @Column({ type: 'boolean', default: false }) revoked!: boolean;
  /** Issued here (outgoing) or registered on arrival (incoming), and the official who created it: statistics. */
  @Column({ type: 'varchar', length: 8, nullable: true }) direction!: 'outgoing' | 'incoming' | null;
  @Column({ name: 'creator_id', type: 'varchar', length: 50, nullable: true }) creatorId!: string | null;
  /** Saved since the last rule-4 sweep. */
  @Column({ name: 'suggest_due', type: 'boolean', default: false }) suggestDue!: boolean;
  @Column({ name: 'updated_at', type: 'datetime' }) updatedAt!: Date;
}

/** One revision of an electronic file, as emitted. */
@Entity({ name: 'efile' })
export class EFileRecord {
  @PrimaryColumn({ name: 'file_code', type: 'varchar', length: 100 }) fileCode!: string;
  @PrimaryColumn({ type: 'int' }) revision!: number;
  @Column({ name: 'dossier_code', type: 'varchar', length: 50 }) dossierCode!: string;
  @Column({ name: 'content_hash', type: 'varchar', length: 64 }) contentHash!: string;
  @Column({ name: 'completed_by', type: 'varchar', length: 24 }) completedBy!: string;
  /** The emitted data, as JSON. */
  @Column({ type: 'text' }) body!: string;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt!: Date;
}

/** A rule-4 suggestion: pending until an operator confirms or rejects it. */
@Entity({ name: 'link_suggestion' })
export class LinkSuggestion {
  @PrimaryColumn({ name: 'dossier_code', type: 'varchar', length: 50 }) dossierCode!: string;
  @PrimaryColumn({ name: 'document_id', type: 'varchar', length: 64 }) documentId!: string;
  @Column({ type: 'varchar', length: 16 }) status!: 'pending' | 'confirmed' | 'rejected';
  @Column({ name: 'created_at', type: 'datetime' }) createdAt!: Date;
  @Column({ name: 'decided_at', type: 'datetime', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'decided_by', type: 'varchar', length: 100, nullable: true }) decidedBy!: string | null;
}

/** A stored timer: any instance may claim it when due. */
@Entity({ name: 'deadline' })
export class Deadline {
  @PrimaryColumn({ name: 'dossier_code', type: 'varchar', length: 50 }) dossierCode!: string;
  @PrimaryColumn({ type: 'varchar', length: 16 }) kind!: DeadlineKind;
  @Column({ name: 'due_at', type: 'datetime' }) dueAt!: Date;
  @Column({ name: 'claimed_until', type: 'datetime', nullable: true }) claimedUntil!: Date | null;
  @Column({ name: 'done_at', type: 'datetime', nullable: true }) doneAt!: Date | null;
}

/** An alert raised once per kind and dossier. */
@Entity({ name: 'alert' })
export class AlertRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ name: 'dossier_code', type: 'varchar', length: 50 }) dossierCode!: string;
  @Column({ name: 'agency_code', type: 'varchar', length: 13, nullable: true }) agencyCode!: string | null;
  @Column({ name: 'file_code', type: 'varchar', length: 100, nullable: true }) fileCode!: string | null;
  @Column({ type: 'varchar', length: 2000 }) detail!: string;
  @Column({ name: 'created_at', type: 'datetime' }) createdAt!: Date;
}

/** The file plan of an agency (or "*") and year, as last loaded from the config file. */
@Entity({ name: 'file_plan' })
export class FilePlanRecord {
  @PrimaryColumn({ type: 'varchar', length: 13 }) agency!: string;
  @PrimaryColumn({ type: 'int' }) year!: number;
  @Column({ type: 'varchar', length: 64 }) version!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ name: 'loaded_at', type: 'datetime' }) loadedAt!: Date;
}

export const CORRELATION_ENTITIES = [
  DossierRecord,
  DocumentRecord,
  EFileRecord,
  LinkSuggestion,
  Deadline,
  AlertRecord,
  FilePlanRecord,
];
