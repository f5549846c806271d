import { createHash } from 'node:crypto';
import { type DocumentIssued } from '@hoso/contracts';
import { eventsOfEveryType } from '@test/fixtures';
import { adaptEdxml, adaptEdxmlMessages } from './adapt';
import { multipartRelated, writeIssued } from './write';

const WARD = '000.00.20.H17';
const LIMITS = { maxBytes: 1 << 20 };
const pdf = Buffer.from('%PDF-1.7\n% Quyết định cấp phép\n%%EOF\n');

// The fixtures' decision as edXML carries it: no dossier named, its file in the message (no URI, no
// signatures), answering a letter of the police.
const fixture = eventsOfEveryType('edxml').find((e) => e.type === 'vn.qlvb.document.issued.v1')!;
const { relatedDossierCodes: _named, ...carried } = fixture.data as unknown as DocumentIssued;
const issued: { time: string; data: DocumentIssued } = {
  time: fixture.time,
  data: {
    ...carried,
    documentId: `${WARD},2026/03/05,123/QĐ-UBND`,
    file: { fileName: 'qd-123.pdf', mediaType: 'application/pdf', sizeBytes: pdf.length, sha256: sha(pdf) },
    inReplyTo: ['000.00.20.H17,2026/03/01,45/CV-CA'],
    // What edXML adds to the agreed contract: where it was issued, by when, and the organs it passed.
    place: 'Đà Nẵng',
    dueDate: '2026-03-20',
    trace: [
      { organId: WARD, at: fixture.time },
      { organId: 'H17.99', at: '2026-03-05T15:00:00+07:00' },
    ],
  },
};
const department = issued.data.recipients.find((r) => r.organId)! as { organId: string; organName: string };

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The envelope of the message writeIssued makes, edited, in a message of its own. */
function edited(edit: (xml: string) => string, parts = true) {
  const { bytes } = writeIssued(issued, pdf, [department]);
  const text = bytes.toString('utf8');
  const xml = text.slice(text.indexOf('<?xml'), text.indexOf('</edXML:edXMLEnvelope>') + 22);
  const cid = /cid:([^"]+)"/.exec(xml)![1]!;
  return multipartRelated(
    edit(xml),
    parts ? [{ contentId: cid, mediaType: 'application/pdf', fileName: 'qd-123.pdf', bytes: pdf }] : [],
  );
}

describe('edXML messages as the contract events', () => {
  it('should read an outgoing document back as the issued event it was written from', async () => {
    const message = writeIssued(issued, pdf, [department]);
    const adapted = await adaptEdxml(message.bytes, undefined, LIMITS);
    if (!adapted.ok || adapted.kind !== 'document') throw new Error(JSON.stringify(adapted));
    expect(adapted.events).toHaveLength(1);
    const [event] = adapted.events;
    expect(event).toMatchObject({
      type: 'vn.qlvb.document.issued.v1',
      id: `edxml:${issued.data.documentId}`,
      source: `urn:qlvb:${WARD}`,
      subject: issued.data.documentId,
      time: issued.time,
    });
    const { recipients, ...rest } = JSON.parse(JSON.stringify(event!.data)) as DocumentIssued;
    const { recipients: _sent, createdBy, ...expected } = issued.data;
    expect(rest).toEqual({ ...expected, createdBy: { ...createdBy, officialId: createdBy.fullName } });
    expect(recipients).toEqual(issued.data.recipients);
  });

  it('should name the URI the file will be served at, and hand over its bytes to keep', async () => {
    const message = writeIssued(issued, pdf, [department]);
    const fileUri = (sha256: string) => `https://bridge.example/ingest/edxml/files/${sha256}`;
    const adapted = await adaptEdxml(message.bytes, undefined, { ...LIMITS, fileUri });
    if (!adapted.ok || adapted.kind !== 'document') throw new Error(JSON.stringify(adapted));
    expect(adapted.events[0]!.data).toMatchObject({ file: { uri: fileUri(sha(pdf)) } });
    expect(adapted.file).toEqual({ sha256: sha(pdf), mediaType: 'application/pdf', bytes: pdf });
  });

  it('should make the same events of the same envelope, so that intake sees a duplicate', async () => {
    const message = writeIssued(issued, pdf, [department]);
    const [first, second] = await Promise.all([
      adaptEdxml(message.bytes, undefined, LIMITS),
      adaptEdxml(Buffer.from(message.bytes), undefined, LIMITS),
    ]);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('should read the multipart body without its own headers, with the transport content type', async () => {
    const message = writeIssued(issued, pdf, [department]);
    const body = message.bytes.subarray(message.bytes.indexOf('\r\n\r\n') + 4);
    const adapted = await adaptEdxml(body, message.contentType, LIMITS);
    expect(adapted).toMatchObject({ ok: true, kind: 'document', documentId: issued.data.documentId });
  });

  it('should take attachments carried inline (AttachmentEncoded) in a bare envelope', async () => {
    const { bytes } = edited((xml) => xml);
    const text = bytes.toString('utf8');
    const envelope = text.slice(
      text.indexOf('<edXML:edXMLEnvelope'),
      text.indexOf('</edXML:edXMLEnvelope>') + 22,
    );
    const cid = /cid:([^"]+)"/.exec(envelope)![1]!;
    const ns = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
    const bare = `<?xml version="1.0" encoding="UTF-8"?><edXML xmlns="${ns}">${envelope}<AttachmentEncoded><Attachment><ContentType>application/pdf</ContentType><ContentId>${cid}</ContentId><ContentTransferEncoded>${pdf.toString('base64')}</ContentTransferEncoded><AttachmentName>qd-123.pdf</AttachmentName></Attachment></AttachmentEncoded></edXML>`;
    const adapted = await adaptEdxml(Buffer.from(bare), 'application/xml', LIMITS);
    if (!adapted.ok || adapted.kind !== 'document') throw new Error(JSON.stringify(adapted));
    expect(adapted.events[0]!.data).toMatchObject({ file: { sha256: sha(pdf), sizeBytes: pdf.length } });
  });

  it('should refuse a message over the limit, before reading it', async () => {
    const { bytes } = writeIssued(issued, pdf, [department]);
    expect(await adaptEdxml(bytes, undefined, { maxBytes: 1000 })).toMatchObject({
      ok: false,
      reason: 'TOO_LARGE',
    });
  });

  it.each([
    ['no value', Buffer.alloc(0)],
    ['not MIME', Buffer.from('Xin chào, đây không phải edXML')],
    ['MIME but not multipart/related', Buffer.from('Content-Type: text/plain\r\n\r\nxin chào')],
    [
      'a start part that is missing',
      Buffer.from(
        'Content-Type: multipart/related; boundary="b"; start="<nowhere>"\r\n\r\n--b\r\nContent-Type: text/xml\r\nContent-ID: <x>\r\n\r\n<a/>\r\n--b--\r\n',
      ),
    ],
  ])('should dead-letter %s as INVALID_MIME', async (_what, bytes) => {
    expect(await adaptEdxml(bytes, undefined, LIMITS)).toMatchObject({ ok: false, reason: 'INVALID_MIME' });
  });

  it('should dead-letter an envelope that is not well-formed as INVALID_XML', async () => {
    const adapted = await adaptEdxml(
      edited((xml) => xml.replace('</edXML:Subject>', '</edXML:Subjec>')).bytes,
      undefined,
      LIMITS,
    );
    expect(adapted).toMatchObject({ ok: false, reason: 'INVALID_XML' });
    // libxml2 quotes the line it stopped at: that is the message's content, and never kept.
    if (!adapted.ok) expect(adapted.message).not.toContain(issued.data.subject.slice(0, 20));
  });

  it('should refuse a DOCTYPE (no entities expanded)', async () => {
    const xml = (x: string) =>
      x.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
      );
    expect(await adaptEdxml(edited(xml).bytes, undefined, LIMITS)).toMatchObject({
      ok: false,
      reason: 'INVALID_XML',
    });
  });

  it('should dead-letter an envelope against the schema as SCHEMA_VIOLATION, without the values', async () => {
    const adapted = await adaptEdxml(
      edited((xml) =>
        xml.replace(`<edXML:OrganId>${WARD}</edXML:OrganId>`, '<edXML:OrganId>ubnd-hai-chau</edXML:OrganId>'),
      ).bytes,
      undefined,
      LIMITS,
    );
    expect(adapted).toMatchObject({ ok: false, reason: 'SCHEMA_VIOLATION' });
    if (adapted.ok) return;
    expect(adapted.message).toMatch(/OrganId/);
    expect(adapted.message).not.toContain('ubnd-hai-chau');
  });

  it('should dead-letter a document without its file, or with a manifest naming a missing part', async () => {
    const adapted = await adaptEdxml(edited((xml) => xml, false).bytes, undefined, LIMITS);
    expect(adapted).toMatchObject({
      ok: false,
      reason: 'SCHEMA_VIOLATION',
      documentId: issued.data.documentId,
    });
    if (!adapted.ok) expect(adapted.message).toMatch(/not in the message/);
  });

  it('should dead-letter an envelope whose event would break the contract (a sender id of another form)', async () => {
    const adapted = await adaptEdxml(
      edited((xml) => xml.replaceAll(WARD, 'H17.20')).bytes,
      undefined,
      LIMITS,
    );
    expect(adapted).toMatchObject({ ok: false, reason: 'SCHEMA_VIOLATION' });
    if (!adapted.ok) expect(adapted.message).toMatch(/agencyCode/);
  });

  it('should make a revocation a revoked event and a replacement an issued and a revoked one', async () => {
    const business =
      (type: number, extra = '') =>
      (xml: string) =>
        xml.replace(
          '<edXML:BussinessDocType>0</edXML:BussinessDocType>',
          `<edXML:BussinessDocType>${type}</edXML:BussinessDocType><edXML:BussinessDocReason>Sai tên người nộp</edXML:BussinessDocReason>${extra}`,
        );
    const revoked = await adaptEdxml(edited(business(1)).bytes, undefined, LIMITS);
    if (!revoked.ok || revoked.kind !== 'document') throw new Error(JSON.stringify(revoked));
    expect(revoked.events.map((e) => [e.type, e.id])).toEqual([
      ['vn.qlvb.document.revoked.v1', `edxml:${issued.data.documentId}#revoked`],
    ]);
    expect(revoked.events[0]!.data).toMatchObject({ reason: 'Sai tên người nộp', revokedAt: issued.time });

    const old = `${WARD},2026/03/04,122/QĐ-UBND`;
    const replacing = business(
      3,
      `<edXML:ReplacementInfoList><edXML:ReplacementInfo><edXML:DocumentId>${old}</edXML:DocumentId></edXML:ReplacementInfo></edXML:ReplacementInfoList>`,
    );
    // ReplacementInfoList comes after StaffInfo in the standard's order.
    const replaced = await adaptEdxml(
      edited((xml) => {
        const moved = replacing(xml);
        const list = /<edXML:ReplacementInfoList>.*<\/edXML:ReplacementInfoList>/.exec(moved)![0];
        return moved.replace(list, '').replace('</edXML:Bussiness>', `${list}</edXML:Bussiness>`);
      }).bytes,
      undefined,
      LIMITS,
    );
    if (!replaced.ok || replaced.kind !== 'document') throw new Error(JSON.stringify(replaced));
    expect(replaced.events.map((e) => e.type)).toEqual([
      'vn.qlvb.document.issued.v1',
      'vn.qlvb.document.revoked.v1',
    ]);
    expect(replaced.events[1]!.data).toMatchObject({ documentId: old, replacedBy: issued.data.documentId });
  });

  it('should check a chunk of messages together and give each its own verdict', async () => {
    const good = writeIssued(issued, pdf, [department]).bytes;
    const inputs = [
      good,
      edited((xml) => xml.replace('</edXML:Subject>', '</edXML:Subjec>')).bytes,
      Buffer.from('Xin chào'),
      edited((xml) => xml.replace('<edXML:CodeNumber>', '<edXML:CodeNumber>x')).bytes,
      good,
    ].map((bytes) => ({ bytes, contentType: undefined }));
    const verdicts = await adaptEdxmlMessages(inputs, LIMITS);
    expect(verdicts.map((v) => (v.ok ? v.kind : v.reason))).toEqual([
      'document',
      'INVALID_XML',
      'INVALID_MIME',
      'SCHEMA_VIOLATION',
      'document',
    ]);
    // Each problem names its own envelope's line, as when checked alone.
    expect(verdicts[3]).toEqual(await adaptEdxml(inputs[3]!.bytes, undefined, LIMITS));
  });

  it('should read a status message, which has no event in the contract', async () => {
    const ns = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
    const status = `<?xml version="1.0" encoding="UTF-8"?><edXMLEnvelope xmlns="${ns}"><edXMLHeader><Status><ResponseFor><OrganId>${WARD}</OrganId><Code>123/QĐ-UBND</Code><PromulgationDate>2026/03/05</PromulgationDate><DocumentId>${issued.data.documentId}</DocumentId></ResponseFor><From><OrganId>000.00.31.H17</OrganId><OrganName>Sở Xây dựng</OrganName></From><StatusCode>03</StatusCode><Description>Đã vào sổ</Description><Timestamp>2026/03/06 09:00:00</Timestamp></Status></edXMLHeader></edXMLEnvelope>`;
    expect(await adaptEdxml(Buffer.from(status), 'text/xml', LIMITS)).toEqual({
      ok: true,
      kind: 'status',
      documentId: issued.data.documentId,
      agencyCode: '000.00.31.H17',
      statusCode: '03',
      label: 'Đã tiếp nhận',
    });
  });
});
