import { create } from 'xmlbuilder2';
import { BUSINESS_DOC_TYPES, type BusinessDocType } from './codes';
import { unbracket } from './mime';

// The envelope read into plain values, after the schema has passed it (so every required element is there
// and every value has its form). Names follow the standard's elements; comments give their rows.

export interface EdxmlOrgan {
  organId: string;
  organName: string;
}

export interface EdxmlReference {
  /** The Content-ID of the MIME part (or inline attachment) that holds the file. */
  contentId: string | null;
  mediaType: string;
  fileName: string;
}

/** A document (edoc): MessageHeader, TraceHeaderList and the manifest. */
export interface EdxmlDocument {
  kind: 'document';
  from: EdxmlOrgan;
  to: EdxmlOrgan[];
  /** 1.10 ToPlaces: recipients by name only. */
  places: string[];
  number: string;
  notation: string;
  place: string | null;
  /** 1.4.2, as YYYY-MM-DD. */
  promulgationDate: string;
  typeName: string;
  subject: string;
  signer: { position: string; fullName: string };
  dueDate: string | null;
  priority: number | null;
  pageAmount: number | null;
  /** 1.12 ResponseFor: the documents it answers. */
  responseFor: string[];
  documentId: string;
  /** 2.1 TraceHeader: each organ it passed, with when (RFC 3339, +07:00). */
  trace: Array<{ organId: string; at: string }>;
  business: {
    type: BusinessDocType;
    reason: string | null;
    /** 2.2.4: the document acted on, when not the header's. */
    documentId: string | null;
    staff: { department: string | null; name: string | null; email: string | null };
    /** 2.2.8: what a replacement replaces. */
    replaces: string[];
  };
  references: EdxmlReference[];
  /** AttachmentEncoded: files carried in the XML, base64. */
  inline: Array<{ contentId: string; mediaType: string; fileName: string; bytes: Buffer }>;
}

/** A recipient's status message about a document. */
export interface EdxmlStatus {
  kind: 'status';
  documentId: string;
  from: EdxmlOrgan;
  code: string;
  at: string;
}

type El = {
  localName: string;
  childNodes: ArrayLike<unknown>;
  textContent: string | null;
  getAttributeNS?: unknown;
};

const isElement = (node: unknown): node is El & { nodeType: 1 } =>
  (node as { nodeType?: number }).nodeType === 1;

const children = (el: El | undefined, name: string): El[] =>
  el
    ? Array.from(el.childNodes).filter((n): n is El & { nodeType: 1 } => isElement(n) && n.localName === name)
    : [];
const child = (el: El | undefined, name: string): El | undefined => children(el, name)[0];
const text = (el: El | undefined): string | null => {
  const value = el?.textContent?.trim();
  return value ? value : null;
};
const required = (el: El | undefined, name: string): string => text(child(el, name)) ?? '';
const optional = (el: El | undefined, name: string): string | null => text(child(el, name));
const count = (value: string | null): number | null => (value === null ? null : Number(value));

/** yyyy/MM/dd as YYYY-MM-DD. */
export const isoDate = (date: string) => date.replaceAll('/', '-');
/** yyyy/MM/dd HH:mm:ss, Vietnam's local time, as RFC 3339. */
export const isoTime = (stamp: string) => `${isoDate(stamp.slice(0, 10))}T${stamp.slice(11)}+07:00`;

/** The envelope's values; `xml` must have passed the schema. */
export function readEnvelope(xml: string): EdxmlDocument | EdxmlStatus {
  const root = create(xml).root().node as unknown as El;
  const envelope = root.localName === 'edXMLEnvelope' ? root : child(root, 'edXMLEnvelope');
  const header = child(envelope, 'edXMLHeader');
  const status = child(header, 'Status');
  if (status) {
    const about = child(status, 'ResponseFor');
    return {
      kind: 'status',
      documentId: required(about, 'DocumentId'),
      from: organ(child(status, 'From')),
      code: required(status, 'StatusCode'),
      at: isoTime(required(status, 'Timestamp')),
    };
  }
  const message = child(header, 'MessageHeader');
  const traces = child(header, 'TraceHeaderList');
  const business = child(traces, 'Bussiness');
  const staff = child(business, 'StaffInfo');
  const other = child(message, 'OtherInfo');
  const signer = child(message, 'SignerInfo');
  const promulgation = child(message, 'PromulgationInfo');
  const due = optional(message, 'DueDate');
  const attachments = child(root, 'AttachmentEncoded');
  return {
    kind: 'document',
    from: organ(child(message, 'From')),
    to: children(message, 'To').map(organ),
    places: children(child(message, 'ToPlaces'), 'Place').flatMap((p) => text(p) ?? []),
    number: required(child(message, 'Code'), 'CodeNumber'),
    notation: required(child(message, 'Code'), 'CodeNotation'),
    place: optional(promulgation, 'Place'),
    promulgationDate: isoDate(required(promulgation, 'PromulgationDate')),
    typeName: required(child(message, 'DocumentType'), 'TypeName'),
    subject: required(message, 'Subject'),
    signer: { position: required(signer, 'Position'), fullName: required(signer, 'FullName') },
    dueDate: due ? isoDate(due) : null,
    priority: count(optional(other, 'Priority')),
    pageAmount: count(optional(other, 'PageAmount')),
    responseFor: children(message, 'ResponseFor').map((r) => required(r, 'DocumentId')),
    documentId: required(message, 'DocumentId'),
    trace: children(traces, 'TraceHeader').map((t) => ({
      organId: required(t, 'OrganId'),
      at: isoTime(required(t, 'Timestamp')),
    })),
    business: {
      type: BUSINESS_DOC_TYPES[
        (optional(business, 'BussinessDocType') ?? '0') as keyof typeof BUSINESS_DOC_TYPES
      ],
      reason: optional(business, 'BussinessDocReason'),
      documentId: optional(business, 'DocumentId'),
      staff: {
        department: optional(staff, 'Department'),
        name: optional(staff, 'Staff'),
        email: optional(staff, 'Email'),
      },
      replaces: children(child(business, 'ReplacementInfoList'), 'ReplacementInfo').map((r) =>
        required(r, 'DocumentId'),
      ),
    },
    references: children(child(child(envelope, 'edXMLBody'), 'edXMLManifest'), 'Reference').map(reference),
    inline: children(attachments, 'Attachment').map((a) => ({
      contentId: unbracket(required(a, 'ContentId')),
      mediaType: required(a, 'ContentType').toLowerCase(),
      fileName: required(a, 'AttachmentName'),
      bytes: Buffer.from(required(a, 'ContentTransferEncoded'), 'base64'),
    })),
  };
}

function organ(el: El | undefined): EdxmlOrgan {
  return { organId: required(el, 'OrganId'), organName: required(el, 'OrganName') };
}

const XLINK = 'http://www.w3.org/1999/xlink';

function reference(el: El): EdxmlReference {
  const href = (el as unknown as { getAttributeNS(ns: string, name: string): string | null }).getAttributeNS(
    XLINK,
    'href',
  );
  const id = href ?? optional(el, 'ContentId');
  return {
    contentId: id ? unbracket(id) : null,
    mediaType: required(el, 'ContentType').toLowerCase(),
    fileName: required(el, 'AttachmentName'),
  };
}
