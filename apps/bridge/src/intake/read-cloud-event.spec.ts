import { readCloudEvent } from './read-cloud-event';

const structured = {
  specversion: '1.0',
  id: 'e-1',
  source: 'urn:motcua:000.00.00.H17',
  type: 'vn.motcua.dossier.received.v1',
  subject: '000.00.20.H17-260302-0042',
  time: '2026-03-02T08:15:00+07:00',
  data: { dossierCode: '000.00.20.H17-260302-0042' },
};

describe('readCloudEvent', () => {
  it('should read a structured-mode event from the JSON value', () => {
    const event = readCloudEvent(Buffer.from(JSON.stringify(structured)), {});
    expect(event).toEqual({
      id: 'e-1',
      source: structured.source,
      type: structured.type,
      subject: structured.subject,
      time: structured.time,
      data: JSON.stringify(structured.data),
    });
  });

  it('should read a binary-mode event from ce_ headers, taking the value as data', () => {
    const headers = {
      ce_id: Buffer.from('e-2'),
      ce_source: 'urn:qlvb:000.00.20.H17',
      ce_type: 'vn.qlvb.document.issued.v1',
    };
    const event = readCloudEvent(Buffer.from('{"documentId":"d-1"}'), headers);
    expect(event).toMatchObject({
      id: 'e-2',
      source: 'urn:qlvb:000.00.20.H17',
      data: '{"documentId":"d-1"}',
    });
  });

  it.each([
    ['invalid JSON', Buffer.from('{not json')],
    ['JSON without CloudEvent attributes', Buffer.from('{"hello":"world"}')],
    ['an empty value', null],
  ])('should return undefined for %s', (_label, value) => {
    expect(readCloudEvent(value, {})).toBeUndefined();
  });
});
