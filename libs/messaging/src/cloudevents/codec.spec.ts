import { decodeCloudEvent, encodeStructured } from './codec';

const attributes = {
  specversion: '1.0',
  id: 'e-1',
  source: 'urn:motcua:000.00.00.H17',
  type: 'vn.motcua.dossier.received.v1',
  time: '2026-03-02T08:15:00',
};

describe('decodeCloudEvent', () => {
  it('should round-trip what encodeStructured writes', () => {
    const { value, headers } = encodeStructured({ ...attributes, data: { a: 'Hải Châu' } });
    const decoded = decodeCloudEvent(value, headers);
    expect(decoded).toMatchObject({ ok: true, event: { mode: 'structured', data: { a: 'Hải Châu' } } });
  });

  it('should read a time without an offset as +07:00', () => {
    const decoded = decodeCloudEvent(Buffer.from(JSON.stringify({ ...attributes, data: {} })), {});
    expect(decoded.ok && decoded.event.attributes.time).toBe('2026-03-02T08:15:00+07:00');
  });

  it('should take binary-mode attributes from ce_ headers, whatever their case', () => {
    const headers = {
      CE_SPECVERSION: '1.0',
      ce_id: 'e-2',
      ce_source: 's',
      Ce_Type: 't',
      'Content-Type': 'application/json; charset=utf-8',
    };
    const decoded = decodeCloudEvent(Buffer.from('{"x":1}'), headers);
    expect(decoded).toMatchObject({
      ok: true,
      event: {
        mode: 'binary',
        attributes: { id: 'e-2', type: 't', datacontenttype: 'application/json' },
        data: { x: 1 },
      },
    });
  });

  it('should turn NFD text in attributes and data into NFC, keys included', () => {
    const nfd = (s: string) => s.normalize('NFD');
    const value = JSON.stringify({
      ...attributes,
      subject: nfd('Hồ sơ'),
      data: { [nfd('tên')]: nfd('Nguyễn') },
    });
    const decoded = decodeCloudEvent(Buffer.from(value), {});
    expect(decoded.ok && decoded.event.attributes.subject).toBe('Hồ sơ'.normalize('NFC'));
    expect(decoded.ok && decoded.event.data).toEqual({ ['tên'.normalize('NFC')]: 'Nguyễn'.normalize('NFC') });
  });

  it('should name only the position of a JSON error, not the text around it', () => {
    const decoded = decodeCloudEvent(Buffer.from('{"idNumber": 048190001234}'), {});
    expect(decoded).toMatchObject({ ok: false, reason: 'INVALID_JSON' });
    expect(!decoded.ok && decoded.message).not.toContain('048190001234');
  });
});
