import { createHash } from 'node:crypto';
import { type DocumentIssued, formatVnDateTime, parseVnDateTime } from '@hoso/contracts';
import { create } from 'xmlbuilder2';
import { EDXML_NAMESPACE } from './codes';
import { type EdxmlOrgan } from './read';

/** An edXML message as it travels: the MIME entity's bytes and its Content-Type. */
export interface EdxmlMessage {
  bytes: Buffer;
  contentType: string;
}

const XLINK = 'http://www.w3.org/1999/xlink';

/** yyyy/MM/dd HH:mm:ss in Vietnam's local time, as the standard writes a timestamp. */
const stamp = (time: string) =>
  formatVnDateTime(parseVnDateTime(time)!).slice(0, 19).replace('T', ' ').replaceAll('-', '/');

/**
 * An outgoing document as its document system would send it over the exchange platform (the inverse of the
 * adapter's mapping, docs/edxml.md): what the simulator and the tests write. `to` are the organs it is sent
 * to by identifier; recipients without one go to ToPlaces.
 */
export function writeIssued(
  issued: { time: string; data: DocumentIssued },
  file: Buffer,
  to: readonly EdxmlOrgan[],
): EdxmlMessage {
  const { data } = issued;
  const cid = `${createHash('sha256').update(data.documentId).digest('hex').slice(0, 24)}@edxml`;
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const envelope = doc.ele(EDXML_NAMESPACE, 'edXML:edXMLEnvelope');
  const header = envelope.ele(EDXML_NAMESPACE, 'edXML:edXMLHeader');
  const m = header.ele(EDXML_NAMESPACE, 'edXML:MessageHeader');
  const el = (parent: typeof m, name: string, value?: string | number) => {
    const node = parent.ele(EDXML_NAMESPACE, `edXML:${name}`);
    if (value !== undefined) node.txt(String(value));
    return node;
  };
  const organ = (name: string, o: EdxmlOrgan) => {
    const node = el(m, name);
    el(node, 'OrganId', o.organId);
    el(node, 'OrganName', o.organName);
  };
  organ('From', { organId: data.agencyCode, organName: data.organName });
  for (const recipient of to) organ('To', recipient);
  const code = el(m, 'Code');
  el(code, 'CodeNumber', data.number);
  el(code, 'CodeNotation', data.notation);
  const promulgation = el(m, 'PromulgationInfo');
  if (data.place) el(promulgation, 'Place', data.place);
  el(promulgation, 'PromulgationDate', data.issuedDate.replaceAll('-', '/'));
  const type = el(m, 'DocumentType');
  el(type, 'Type', 2);
  el(type, 'TypeDetail', data.typeCode);
  el(type, 'TypeName', data.typeName);
  el(m, 'Subject', data.subject);
  const signer = el(m, 'SignerInfo');
  el(signer, 'Position', data.signer.position);
  el(signer, 'FullName', data.signer.fullName);
  if (data.dueDate) el(m, 'DueDate', data.dueDate.replaceAll('-', '/'));
  const places = data.recipients.filter((r) => !r.organId);
  if (places.length > 0) {
    const node = el(m, 'ToPlaces');
    for (const place of places) el(node, 'Place', place.organName);
  }
  const other = el(m, 'OtherInfo');
  if (data.priority !== undefined) el(other, 'Priority', data.priority);
  el(other, 'PageAmount', data.pageCount);
  for (const replied of data.inReplyTo ?? []) {
    const node = el(m, 'ResponseFor');
    el(node, 'OrganId', data.agencyCode);
    el(node, 'DocumentId', replied);
  }
  el(m, 'DocumentId', data.documentId);
  const traces = el(header, 'TraceHeaderList');
  // The organs it passed, else only its sender when it was sent.
  for (const point of data.trace ?? [{ organId: data.agencyCode, at: issued.time }]) {
    const trace = el(traces, 'TraceHeader');
    el(trace, 'OrganId', point.organId);
    el(trace, 'Timestamp', stamp(point.at));
  }
  const business = el(traces, 'Bussiness');
  el(business, 'BussinessDocType', 0);
  const staff = el(business, 'StaffInfo');
  el(staff, 'Department', data.createdBy.unit);
  el(staff, 'Staff', data.createdBy.fullName);
  const manifest = el(el(envelope, 'edXMLBody'), 'edXMLManifest');
  const reference = el(manifest, 'Reference').att(XLINK, 'xlink:href', `cid:${cid}`);
  el(reference, 'ContentType', data.file.mediaType);
  el(reference, 'AttachmentName', data.file.fileName);
  return multipartRelated(doc.end({ prettyPrint: true }), [
    { contentId: cid, mediaType: data.file.mediaType, fileName: data.file.fileName, bytes: file },
  ]);
}

/** The envelope as the root part of a MIME multipart/related entity, each attachment a base64 part. */
export function multipartRelated(
  xml: string,
  parts: ReadonlyArray<{ contentId: string; mediaType: string; fileName: string; bytes: Buffer }>,
): EdxmlMessage {
  const hash = createHash('sha256').update(xml);
  for (const part of parts) hash.update(part.bytes);
  // Derived from the content: the same message is the same bytes.
  const boundary = `edxml-${hash.digest('hex').slice(0, 32)}`;
  const start = `envelope-${boundary.slice(6, 18)}@edxml`;
  const contentType = `multipart/related; boundary="${boundary}"; type="text/xml"; start="<${start}>"`;
  const lines = [
    'MIME-Version: 1.0',
    `Content-Type: ${contentType}`,
    '',
    `--${boundary}`,
    'Content-Type: text/xml; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    `Content-ID: <${start}>`,
    '',
    xml,
  ];
  for (const part of parts)
    lines.push(
      `--${boundary}`,
      `Content-Type: ${part.mediaType}`,
      'Content-Transfer-Encoding: base64',
      `Content-ID: <${part.contentId}>`,
      `Content-Disposition: attachment; filename*=utf-8''${encodeURIComponent(part.fileName)}`,
      '',
      part.bytes.toString('base64').replace(/.{76}/g, '$&\r\n'),
    );
  lines.push(`--${boundary}--`, '');
  return { bytes: Buffer.from(lines.join('\r\n'), 'utf8'), contentType };
}
