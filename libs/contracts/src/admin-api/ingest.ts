import { NestedList } from '../rules/field-rules';
import { Doc, In, Omittable, Str, Whole } from './fields';

// What POST /ingest/edxml answers (docs/edxml.md).

export const EDXML_KINDS = ['document', 'status'] as const;

/** A document event the adapter will publish for the message. */
export class EdxmlEvent {
  @Str() @Doc('the CloudEvent id, from the edXML DocumentId (edxml:<DocumentId>…)') id!: string;
  @Str() @Doc('vn.qlvb.document.issued.v1 or vn.qlvb.document.revoked.v1') type!: string;
  @Str() @Doc('the document id') subject!: string;
}

/** An edXML message taken: where it was written, and what it comes to. */
export class EdxmlReceipt {
  @In('kind', EDXML_KINDS)
  @Doc('a document (edoc), or a status message about one')
  kind!: (typeof EDXML_KINDS)[number];
  @Str() @Doc('the edXML DocumentId the message is about') documentId!: string;
  @Omittable() @Str() @Doc("the sender's agency code") agencyCode!: string | null;
  @NestedList(() => EdxmlEvent, 100)
  @Doc('document: the events it comes to, published through the edXML topic (none for a status message)')
  events!: EdxmlEvent[];
  @Omittable() @Str() @Doc('status: the StatusCode') statusCode?: string;
  @Omittable() @Str() @Doc('status: the status in words, when the code is a known one') label?: string | null;
  @Str() @Doc('the topic the message was written to (qlvb.edxml.v1 by default)') topic!: string;
  @Whole() partition!: number;
  @Str() offset!: string;
}
