import { Length, Matches } from 'class-validator';
import {
  ACCESS_MODES,
  CONFIDENCE_LEVELS,
  PHYSICAL_CONDITIONS,
  type PhysicalCondition,
  RETENTION,
} from '../code-lists';
import { Applicant, DigitalSignature, Official, Organ, PaperOriginal, Signer, TracePoint } from '../parts';
import {
  Bool,
  DocumentTypeCode,
  Int,
  MediaType,
  Nested,
  NestedList,
  OneOf,
  Optional,
  Sha256,
  Text,
  TextList,
  VnDate,
  VnDateTime,
} from '../rules/field-rules';

// What the bridge emits on hoso.efile.assembled.v1 (docs/events.md section 6), with the legal lengths of
// Decree 30/2020 appendix VI and Circular 05/2025.

export const COMPLETED_BY = [
  'result_returned',
  'refused',
  'withdrawn',
  'stopped',
  'late_document',
  'revoked_document',
  'forced',
] as const;
export type CompletedBy = (typeof COMPLETED_BY)[number];

export const DOCUMENT_ROLES = [
  'application',
  'supplement',
  'intermediate',
  'result',
  'notice',
  'processing_slip',
] as const;
export type DocumentRole = (typeof DOCUMENT_ROLES)[number];

/** Where a document of the file comes from: a partner system, or the bridge (the processing-control slip). */
export const DOCUMENT_SOURCES = ['motcua', 'qlvb', 'bridge'] as const;
export type DocumentSource = (typeof DOCUMENT_SOURCES)[number];

/** A document the bridge draws has no partner binary to fetch: whoever needs its bytes draws it again. */
export const drawnByBridge = (document: { source: string }) => document.source === 'bridge';

/**
 * The processing-control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ, Form 05 of Circular
 * 01/2018/TT-VPCP, on A5), the file's last document, which the bridge draws from the dossier's processing
 * history: what proves how the case was handled.
 */
export const PROCESSING_SLIP = {
  subject: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  basis: 'Mẫu số 05, Thông tư 01/2018/TT-VPCP',
  /** Document type 32 (Khác): the typeName list of Circular 05/2025/TT-BNV (01-32) has no slip. */
  typeCode: '32',
  fileName: 'phieu-kiem-soat-qua-trinh-giai-quyet-ho-so.pdf',
} as const;

export class Maintenance {
  @OneOf(Object.keys(RETENTION)) code!: keyof typeof RETENTION;
  @Text(1, 30) label!: string;
}

export class EFileDossier {
  @Text(1, 50) dossierCode!: string;
  @Optional() @Text(1, 20) procedureCode!: string | null;
  @Optional() @Text(1, 500) procedureName!: string | null;
  @Optional() @Nested(() => Applicant) applicant!: Applicant | null;
  @Optional() @OneOf(['in_person', 'online', 'postal']) channel!: string | null;
  @Optional() @VnDateTime() receivedAt!: string | null;
  @Optional() @VnDateTime() dueAt!: string | null;
  @Optional() @VnDateTime() resolvedAt!: string | null;
  @Optional() @VnDateTime() returnedAt!: string | null;
  @Optional() @OneOf(['approved', 'denied']) outcome!: string | null;
  /** Processing ended by the appointment date, with at most one supplement request. */
  @Optional() @Bool() onTime!: boolean | null;
}

export class EFileDocumentFile {
  @Text(1, 255) fileName!: string;
  @MediaType() mediaType!: string;
  @Int(0, Number.MAX_SAFE_INTEGER) sizeBytes!: number;
  @Sha256() sha256!: string;
  @Optional() @Text(1, 2000) uri?: string;
  /** The digital signatures on the binary, as the document system reported them; [] for none. */
  @NestedList(() => DigitalSignature, 20) signatures!: DigitalSignature[];
}

/** How an incoming document was registered on arrival (Decree 30/2020 Appendix VI II.2, fields 12-13). */
export class DocumentArrival {
  /** Số đến. */
  @Int(1, 9_999_999_999) number!: number;
  /** Ngày đến. */
  @VnDate() date!: string;
  /** Nơi gửi: the agency it came from. */
  @Nested(() => Organ) fromOrgan!: Organ;
}

export class EFileDocument {
  @Int(1, 9_999_999) docOrdinal!: number;
  /** fileCode + "." + 7-digit ordinal. */
  @Text(1, 100) docCode!: string;
  @OneOf(DOCUMENT_ROLES) role!: DocumentRole;
  @OneOf(DOCUMENT_SOURCES) source!: DocumentSource;
  @Text(1, 128) sourceId!: string;
  @DocumentTypeCode() typeCode!: string;
  @Text(1, 100) typeName!: string;
  @Optional() @Text(1, 11) number!: string | null;
  @Optional() @Text(1, 30) notation!: string | null;
  @VnDate() issuedDate!: string;
  @Text(1, 200) organName!: string;
  @Text(1, 500) subject!: string;
  @Text(2, 30) language!: string;
  @Int(0, 9999) pageCount!: number;
  @OneOf(Object.keys(ACCESS_MODES)) mode!: keyof typeof ACCESS_MODES;
  @OneOf(Object.keys(CONFIDENCE_LEVELS)) confidenceLevel!: keyof typeof CONFIDENCE_LEVELS;
  @Optional() @Nested(() => Signer) signer!: Signer | null;
  /** Nơi nhận (Decree 30/2020 Appendix VI II.1, field 13); [] for a dossier's papers. */
  @NestedList(() => Organ, 500) recipients!: Organ[];
  /** Urgency and secrecy (độ khẩn, độ mật), one digit (Appendix VI II.1, field 14), when given. */
  @Optional() @Int(0, 9) priority!: number | null;
  /** For an incoming document (văn bản đến) only. */
  @Optional() @Nested(() => DocumentArrival) arrival!: DocumentArrival | null;
  /** Where it was issued, when its event says (an edXML message does). */
  @Optional() @Text(1, 200) place?: string;
  /** By when its recipients must act, when its event says. */
  @Optional() @VnDate() dueDate?: string;
  /** The organs it passed through on the document exchange, when it came as edXML. */
  @Optional() @NestedList(() => TracePoint, 100) trace?: TracePoint[];
  @Nested(() => EFileDocumentFile) file!: EFileDocumentFile;
  /** The paper a digitized document was scanned from, when the one-stop desk described it. */
  @Optional() @Nested(() => PaperOriginal) paperOriginal!: PaperOriginal | null;
  @OneOf(['active', 'revoked']) status!: 'active' | 'revoked';
}

/**
 * The paper file a digitized e-file's documents were scanned from (Circular 05/2025/TT-BNV appendix III:
 * `paperFileCode`, `numberOfPaper` and `format`, required for digitized files).
 */
export class PaperFile {
  @Text(1, 100) paperFileCode!: string;
  /** The sheets of every paper original the documents describe. */
  @Int(1, 9_999_999_999) sheets!: number;
  /** The worst condition among them. */
  @OneOf(Object.keys(PHYSICAL_CONDITIONS)) condition!: PhysicalCondition;
}

export const PROCESSING_STEPS = [
  'received',
  'supplement_requested',
  'supplemented',
  'transferred',
  'resolved',
  'returned',
  'refused',
  'withdrawn',
  'stopped',
] as const;
export type ProcessingStepKind = (typeof PROCESSING_STEPS)[number];

/**
 * One step of how the dossier was handled, as its processing-control slip records it (Phiếu kiểm soát quá
 * trình giải quyết hồ sơ, Form 05 of Circular 01/2018/TT-VPCP): who handed it on, to whom, when.
 */
export class ProcessingStep {
  @VnDateTime() at!: string;
  @OneOf(PROCESSING_STEPS) kind!: ProcessingStepKind;
  /** The unit (or the applicant) that handed the dossier on, when the event names it. */
  @Optional() @Text(1, 200) from!: string | null;
  /** The unit (or the applicant) that took it. */
  @Optional() @Text(1, 200) to!: string | null;
  /** The official who did this step. */
  @Optional() @Nested(() => Official) by!: Official | null;
  /** Done by the dossier's appointment date; null when the dossier has none. */
  @Optional() @Bool() onTime!: boolean | null;
  @Optional() @Text(1, 2000) note!: string | null;
}

export class Provenance {
  @Text(1, 255) source!: string;
  @Text(1, 128) id!: string;
  @Text(1, 249) topic!: string;
  @Int(0, 1_000_000) partition!: number;
  @Matches(/^\d+$/, { message: 'must be a Kafka offset' }) offset!: string;
}

/** The data of vn.hoso.efile.assembled.v1: one revision of one electronic file (hồ sơ điện tử). */
export class EFileAssembled {
  /** organId.fileCatalog.fileNotation, stable forever for a dossier. */
  @Text(1, 100) fileCode!: string;
  @Length(1, 13, { message: 'must be 1 to 13 characters long' }) organId!: string;
  @Matches(/^\d{4}$/, { message: 'must be a year of 4 digits' }) fileCatalog!: string;
  @Length(1, 20, { message: 'must be 1 to 20 characters long' }) fileNotation!: string;
  @Int(1, 1_000_000) revision!: number;
  @Optional() @Int(1, 1_000_000) supersedes!: number | null;
  @OneOf(COMPLETED_BY) completedBy!: CompletedBy;
  @Text(1, 1000) title!: string;
  /** Null while the file plan gives no lawful retention for the file's heading (it needs classification). */
  @Optional() @Nested(() => Maintenance) maintenance!: Maintenance | null;
  /** False when the file is under the plan's default heading or one without a retention: an operator must classify it. */
  @Bool() classified!: boolean;
  /** Fields the bridge could not know when it filed (say, a receipt that never came), rather than made up. */
  @TextList(1, 40, 20) unknownFields!: string[];
  /** Earlier codes of this file, before an operator reclassified it (oldest first). */
  @TextList(1, 100, 20) aliases!: string[];
  @OneOf(Object.keys(ACCESS_MODES)) mode!: keyof typeof ACCESS_MODES;
  @Text(2, 50) language!: string;
  @VnDate() startDate!: string;
  @VnDate() endDate!: string;
  @Int(0, 9999) docTotal!: number;
  @Int(0, 999_999) pageTotal!: number;
  @TextList(1, 100, 20) keywords!: string[];
  @OneOf(Object.keys(CONFIDENCE_LEVELS)) confidenceLevel!: keyof typeof CONFIDENCE_LEVELS;
  @Nested(() => Official) creator!: Official;
  @Optional() @Text(1, 500) description!: string | null;
  @Nested(() => EFileDossier) dossier!: EFileDossier;
  @NestedList(() => EFileDocument, 9999) documents!: EFileDocument[];
  /** Null when no document describes a paper original (a born-digital file). */
  @Optional() @Nested(() => PaperFile) paperFile!: PaperFile | null;
  /** The dossier's processing history, in order: what its processing-control slip shows. */
  @NestedList(() => ProcessingStep, 1000) processing!: ProcessingStep[];
  @Sha256() contentHash!: string;
  @NestedList(() => Provenance, 100_000) provenance!: Provenance[];
}

export const EFILE_ASSEMBLED_TYPE = 'vn.hoso.efile.assembled.v1';
