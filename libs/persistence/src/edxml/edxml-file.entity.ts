import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A file an edXML message carried (docs/edxml.md): its bytes, by their SHA-256, so that the document events
 * made of the message can name a URI the archive export fetches it from.
 */
@Entity({ name: 'edxml_file' })
export class EdxmlFile {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 255 })
  mediaType!: string;

  @Column({ name: 'size_bytes', type: 'int' })
  sizeBytes!: number;

  /** The agency whose document it is: who may fetch it. */
  @Column({ name: 'agency_code', type: 'varchar', length: 13 })
  agencyCode!: string;

  @Column({ type: 'blob' })
  content!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
