import { Creator, DocumentFile, Official, Organ, Signer, TracePoint } from '../parts';
import {
  AgencyCode,
  DocumentTypeCode,
  Int,
  Nested,
  NestedList,
  Optional,
  Text,
  TextList,
  VnDate,
  VnDateTime,
} from '../rules/field-rules';

// Document-system events (Quản lý văn bản và điều hành), docs/events.md section 4.

/** Fields every document event carries. */
export abstract class DocumentEvent {
  /** The document's identifier (mã định danh văn bản). */
  @Text(1, 64) documentId!: string;
  @AgencyCode() agencyCode!: string;
}

/** An outgoing document (văn bản đi), with the metadata of Decree 30/2020 appendix VI. */
export class DocumentIssued extends DocumentEvent {
  @Text(1, 200) organName!: string;
  @DocumentTypeCode() typeCode!: string;
  @Text(1, 100) typeName!: string;
  /** Số: restarts at 01 each year. */
  @Text(1, 11) number!: string;
  /** Ký hiệu, e.g. QĐ-UBND. */
  @Text(1, 30) notation!: string;
  @VnDate() issuedDate!: string;
  /** Trích yếu. */
  @Text(1, 500) subject!: string;
  @Text(2, 30) language: string = 'vi';
  @Int(0, 999) pageCount!: number;
  @Nested(() => Signer) signer!: Signer;
  @NestedList(() => Organ, 500) recipients!: Organ[];
  /** Urgency and secrecy (độ khẩn, độ mật), one digit. */
  @Optional() @Int(0, 9) priority?: number;
  @Nested(() => DocumentFile) file!: DocumentFile;
  @Optional() @TextList(1, 50, 100) relatedDossierCodes?: string[];
  @Optional() @TextList(1, 64, 100) inReplyTo?: string[];
  @Nested(() => Creator) createdBy!: Creator;
  // Added with the edXML adapter (docs/edxml.md): what an edXML header carries beyond the agreed contract.
  /** Where it was issued (địa danh, PromulgationInfo/Place), e.g. "Đà Nẵng". */
  @Optional() @Text(1, 200) place?: string;
  /** By when its recipients must act (DueDate). */
  @Optional() @VnDate() dueDate?: string;
  /** The organs it passed through on the document exchange, in order (TraceHeaderList). */
  @Optional() @NestedList(() => TracePoint, 100) trace?: TracePoint[];
}

/** An incoming document (văn bản đến): as issued, plus its registration on arrival. */
export class DocumentReceived extends DocumentIssued {
  @Int(1, 9_999_999_999) arrivalNumber!: number;
  @VnDate() arrivalDate!: string;
  @Nested(() => Organ) fromOrgan!: Organ;
}

/** An official attached the document to a dossier by hand. */
export class DocumentLinked extends DocumentEvent {
  @Text(1, 50) dossierCode!: string;
  @Nested(() => Official) linkedBy!: Official;
  @VnDateTime() linkedAt!: string;
}

/** The document was recalled (thu hồi). */
export class DocumentRevoked extends DocumentEvent {
  @VnDateTime() revokedAt!: string;
  @Text(1, 2000) reason!: string;
  @Optional() @Text(1, 64) replacedBy?: string;
}
