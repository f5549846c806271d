import { createHash } from 'node:crypto';
import {
  type CheckedEvent,
  checkEvent,
  DOCUMENT_TYPES,
  type DocumentIssued,
  type DocumentRevoked,
  type DocumentTypeCode,
} from '@hoso/contracts';
import { fold } from '@hoso/domain';
import { type EdxmlDocument } from './read';

/** A file the message carries, whoever names it. */
export interface Attachment {
  contentId: string | null;
  mediaType: string;
  fileName: string | null;
  bytes: Buffer;
}

/** The file an issued document names: its bytes, kept where its URI serves them. */
export interface KeptFile {
  sha256: string;
  mediaType: string;
  bytes: Buffer;
}

/**
 * The CloudEvents of the contract that a document message stands for (and the document's file, for an
 * issued one), or why it cannot stand for any.
 */
export type Mapped =
  { ok: true; events: CheckedEvent[]; file: KeptFile | null } | { ok: false; message: string };

/** Where a kept file will be served, by its SHA-256; none: the events name no URI. */
export type FileUri = ((sha256: string) => string) | undefined;

/** Longest organ id the contract's `Organ.organId` holds (the 000.00.00.H00 form). */
const CONTRACT_ORGAN_ID = 13;

const TYPE_BY_NAME = new Map(
  Object.entries(DOCUMENT_TYPES).map(([code, name]) => [fold(name), code as DocumentTypeCode]),
);

/**
 * The document events an edoc stands for, field by field as docs/edxml.md maps them: a new document or an
 * update is `issued` (the sender's outgoing document), a revocation `revoked`, a replacement the new
 * document `issued` and each one it replaces `revoked`. Ids come from the edXML DocumentId, so the same
 * envelope again is the same events (a duplicate to intake).
 */
export function documentEvents(
  message: EdxmlDocument,
  attachments: readonly Attachment[],
  fileUri: FileUri,
): Mapped {
  const agencyCode = message.from.organId;
  const source = `urn:qlvb:${agencyCode}`;
  // When the sender sent it: its own trace entry, else the first, else the day of issue.
  const sentAt =
    (message.trace.find((t) => t.organId === agencyCode) ?? message.trace[0])?.at ??
    `${message.promulgationDate}T00:00:00+07:00`;
  const { type, reason } = message.business;

  // A revoked document, or one a replacement replaces.
  const revoked = (documentId: string, replacedBy?: string) => {
    const data: DocumentRevoked = {
      documentId,
      agencyCode,
      revokedAt: sentAt,
      reason: reason ?? 'Thu hồi qua trục liên thông văn bản (edXML không nêu lý do)',
      ...(replacedBy ? { replacedBy } : {}),
    };
    const id = `edxml:${documentId}#revoked`;
    return { id, source, type: 'vn.qlvb.document.revoked.v1', time: sentAt, subject: documentId, data };
  };
  if (type === 'revocation')
    return checked([revoked(message.business.documentId ?? message.documentId)], null);

  const part = mainFile(message, attachments);
  if (typeof part === 'string') return { ok: false, message: part };
  const sha256 = createHash('sha256').update(part.bytes).digest('hex');
  const file = {
    fileName: part.fileName,
    mediaType: part.mediaType,
    sizeBytes: part.bytes.length,
    sha256,
    ...(fileUri ? { uri: fileUri(sha256) } : {}),
  };
  const issued = {
    id: type === 'update' ? `edxml:${message.documentId}#update@${sentAt}` : `edxml:${message.documentId}`,
    source,
    type: 'vn.qlvb.document.issued.v1',
    time: sentAt,
    subject: message.documentId,
    data: issuedData(message, file),
  };
  const replaced = type === 'replacement' ? message.business.replaces : [];
  return checked([issued, ...replaced.map((old) => revoked(old, message.documentId))], {
    sha256,
    mediaType: part.mediaType,
    bytes: part.bytes,
  });
}

function issuedData(message: EdxmlDocument, file: DocumentIssued['file']): DocumentIssued {
  const typeCode = TYPE_BY_NAME.get(fold(message.typeName)) ?? '32';
  const { staff } = message.business;
  return {
    documentId: message.documentId,
    agencyCode: message.from.organId,
    organName: message.from.organName,
    typeCode,
    typeName: typeCode === '32' ? message.typeName : DOCUMENT_TYPES[typeCode],
    number: message.number,
    notation: message.notation,
    issuedDate: message.promulgationDate,
    subject: message.subject,
    // edXML names no language: the contract's default.
    language: 'vi',
    pageCount: message.pageAmount ?? 0,
    signer: message.signer,
    recipients: [
      ...message.to.map((organ) => ({
        // A Decision 20/2020 id longer than the contract's field is kept by name only.
        ...(organ.organId.length <= CONTRACT_ORGAN_ID ? { organId: organ.organId } : {}),
        organName: organ.organName,
      })),
      ...message.places.map((organName) => ({ organName })),
    ],
    ...(message.priority !== null ? { priority: message.priority } : {}),
    file,
    ...(message.responseFor.length > 0 ? { inReplyTo: message.responseFor } : {}),
    ...(message.place ? { place: message.place } : {}),
    ...(message.dueDate ? { dueDate: message.dueDate } : {}),
    ...(message.trace.length > 0 ? { trace: message.trace } : {}),
    // edXML identifies no official: the clerk's e-mail or name, else the sending organ, stands in.
    createdBy: {
      officialId: (staff.email ?? staff.name ?? message.from.organId).slice(0, 50),
      fullName: (staff.name ?? message.from.organName).slice(0, 100),
      unit: staff.department ?? message.from.organName,
    },
  };
}

/** The document's file: the first attachment of the manifest (the rest are its appendices). */
function mainFile(
  message: EdxmlDocument,
  attachments: readonly Attachment[],
): { fileName: string; mediaType: string; bytes: Buffer } | string {
  const all = [...attachments, ...message.inline];
  const [first] = message.references;
  if (!first) return "the manifest names no attachment: the events contract needs the document's file";
  const part = first.contentId ? all.find((a) => a.contentId === first.contentId) : all[0];
  if (!part) return "the manifest's first attachment is not in the message (no part with its Content-ID)";
  return { fileName: first.fileName, mediaType: first.mediaType.split(';')[0]!.trim(), bytes: part.bytes };
}

function checked(
  events: ReadonlyArray<{
    id: string;
    source: string;
    type: string;
    time: string;
    subject: string;
    data: object;
  }>,
  file: KeptFile | null,
): Mapped {
  const out: CheckedEvent[] = [];
  for (const { data, ...attributes } of events) {
    const result = checkEvent(
      { specversion: '1.0', datacontenttype: 'application/json', ...attributes },
      data,
    );
    if (!result.ok)
      return { ok: false, message: `the ${attributes.type} event made from it: ${result.message}` };
    out.push(result.event);
  }
  return { ok: true, events: out, file };
}
