import { eventsOfEveryType, type FixtureEvent, toNfd } from '@test/fixtures';
import { checkEvent } from './check-event';
import { EVENT_TYPES } from './event-types';

const valid = eventsOfEveryType('a1b2');
const REMOVED = Symbol('removed');

function split({ data, ...attributes }: FixtureEvent): [Record<string, unknown>, unknown] {
  return [attributes, data];
}

/** Sets (or with REMOVED deletes) the member at a dotted path such as data.components.0.sha256. */
function setPath(target: object, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce<Record<string, unknown>>(
    (node, key) => node[key] as Record<string, unknown>,
    target as Record<string, unknown>,
  );
  if (value === REMOVED) delete parent[last];
  else parent[last] = value;
}

function fixture(type = 'vn.motcua.dossier.received.v1'): FixtureEvent {
  return structuredClone(valid.find((e) => e.type === type)!);
}

function violation(mutate: (event: FixtureEvent) => void, type?: string): string {
  const event = fixture(type);
  mutate(event);
  const result = checkEvent(...split(event));
  if (result.ok) throw new Error('expected a violation');
  return `${result.reason}: ${result.message}`;
}

function dataOf(event: FixtureEvent): Record<string, unknown> {
  const result = checkEvent(...split(event));
  if (!result.ok) throw new Error(result.message);
  return { ...result.event.data };
}

describe('checkEvent', () => {
  it('should cover every type in the contract with a fixture', () => {
    expect(valid.map((e) => e.type).sort()).toEqual(Object.keys(EVENT_TYPES).sort());
  });

  it.each(valid.map((e) => [e.type, e] as const))('should accept a valid %s', (_type, event) => {
    expect(checkEvent(...split(event))).toMatchObject({
      ok: true,
      event: { type: event.type, id: event.id },
    });
  });

  it('should check lengths after NFC normalization', () => {
    // 'ệ' is one character in NFC and three code points in NFD: 400 of them fit a 1,000-character summary.
    const event = fixture();
    event.data.summary = 'ệ'.normalize('NFD').repeat(400).normalize('NFC');
    expect(checkEvent(...split(event)).ok).toBe(true);
    expect(toNfd(event.data.summary as string)).toHaveLength(1200);
  });

  it('should read a date-time without an offset as Vietnam time and keep every time in +07:00', () => {
    const event = fixture();
    event.time = '2026-03-02T01:15:00Z';
    event.data.receivedAt = '2026-03-02 08:15';
    const result = checkEvent(...split(event));
    expect(result.ok && result.event.time).toBe('2026-03-02T08:15:00+07:00');
    expect(dataOf(event).receivedAt).toBe('2026-03-02T08:15:00+07:00');
  });

  it('should accept a Vietnamese DD/MM/YYYY date and keep it as YYYY-MM-DD', () => {
    const event = fixture('vn.qlvb.document.issued.v1');
    event.data.issuedDate = '05/03/2026';
    expect(dataOf(event).issuedDate).toBe('2026-03-05');
  });

  it('should default the language of a document to vi', () => {
    const event = fixture('vn.qlvb.document.issued.v1');
    delete event.data.language;
    expect(dataOf(event).language).toBe('vi');
  });

  it('should refuse a type that is not in the contract', () => {
    expect(violation((e) => setPath(e, 'type', 'vn.motcua.dossier.deleted.v1'))).toMatch(/^UNKNOWN_TYPE/);
  });

  it.each([
    [
      'an agency code in lower case',
      'data.agencyCode',
      '000.00.20.h17',
      /data.agencyCode must be an agency code/,
    ],
    [
      'a short procedure code',
      'data.procedure.code',
      '1.00119',
      /data.procedure.code must be a procedure code/,
    ],
    ['a missing procedure', 'data.procedure', REMOVED, /data.procedure is required/],
    ['a missing applicant name', 'data.applicant.fullName', REMOVED, /data.applicant.fullName is required/],
    [
      'a dossier code of 51 characters',
      'data.dossierCode',
      'x'.repeat(51),
      /data.dossierCode must be 1 to 50/,
    ],
    ['an unknown channel', 'data.channel', 'fax', /data.channel must be one of in_person, online, postal/],
    ['a February 30th', 'data.dueAt', '2026-02-30T10:00:00+07:00', /data.dueAt must be a real date-time/],
    [
      'a bad component digest',
      'data.components.0.sha256',
      'abc',
      /data.components\[0\].sha256 must be a SHA-256/,
    ],
    [
      'a size given as text',
      'data.components.0.sizeBytes',
      '53211',
      /data.components\[0\].sizeBytes must be a whole/,
    ],
    [
      'a subject that disagrees with the dossier code',
      'subject',
      'other',
      /subject must equal data.dossierCode/,
    ],
    ['a missing time', 'time', REMOVED, /time is required/],
    ['an id of 129 characters', 'id', 'i'.repeat(129), /id must be 1 to 128/],
    [
      'an XML content type',
      'datacontenttype',
      'application/xml',
      /datacontenttype must be application\/json/,
    ],
  ])('should refuse %s, naming the field', (_label, path, value, expected) => {
    const message = violation((e) => setPath(e, path, value));
    expect(message).toMatch(/^SCHEMA_VIOLATION: /);
    expect(message).toMatch(expected);
  });

  it('should refuse a paper original on a component that was not scanned, and a condition off the list', () => {
    expect(violation((e) => setPath(e, 'data.components.0.digitized', false))).toMatch(
      /data.components\[0\].paperOriginal is only for a digitized component/,
    );
    expect(violation((e) => setPath(e, 'data.components.0.paperOriginal.condition', '04'))).toMatch(
      /data.components\[0\].paperOriginal.condition must be one of/,
    );
  });

  it('should refuse a document type code outside 01-32', () => {
    expect(violation((e) => setPath(e, 'data.typeCode', '33'), 'vn.qlvb.document.issued.v1')).toMatch(
      /data.typeCode must be a document type code/,
    );
  });

  it('should never put personal data in a message', () => {
    const message = violation((e) => {
      setPath(e, 'data.applicant.idNumber', '04819000123');
      setPath(e, 'data.applicant.phone', 'call me 0905');
      setPath(e, 'data.applicant.email', 'minhanh-at-example.vn');
    });
    expect(message).toMatch(/idNumber must be a 12-digit citizen identity number/);
    expect(message).toMatch(/phone/);
    expect(message).toMatch(/email/);
    for (const secret of ['04819000123', '0905', 'minhanh']) expect(message).not.toContain(secret);
  });

  it('should expect a tax code rather than a CCCD from an organization', () => {
    expect(violation((e) => setPath(e, 'data.applicant.kind', 'organization'))).toMatch(
      /idNumber must be a tax code/,
    );
  });
});
