import { Equals, IsIn, Matches } from 'class-validator';
import { Optional, Text, VnDateTime } from './rules/field-rules';

/** The CloudEvents 1.0 attributes, as docs/events.md section 2 constrains them. */
export class CloudEventEnvelope {
  @Equals('1.0', { message: 'must be "1.0"' }) specversion!: string;
  /** Unique per source. */
  @Text(1, 128) id!: string;
  /** A URI-reference such as urn:motcua:000.00.00.H17. */
  @Matches(/^[^\s]{1,255}$/, { message: 'must be a URI-reference of at most 255 characters' })
  source!: string;
  @Text(1, 128) type!: string;
  /** Required here; without an offset it is read as +07:00. */
  @VnDateTime() time!: string;
  /** The dossier code (one-stop events) or the document id (document events). */
  @Optional() @Text(1, 128) subject?: string;
  @Optional()
  @IsIn(['application/json'], { message: 'must be application/json' })
  datacontenttype?: string;
}
