import { DEAD_LETTER_HEADERS, type EFileAlert } from '@hoso/contracts';
import { efileOf, sipDossier } from '@test/fixtures';
import { asyncApiPayload } from '@test/support';
import { alertMessage, efileMessage } from './bridge-events';
import { deadLetterMessage } from './dead-letter-message';

const valueOf = (message: { kafkaValue: Buffer | null }) =>
  JSON.parse(message.kafkaValue!.toString('utf8')) as Record<string, unknown>;

describe('what the bridge publishes', () => {
  const { events, dossierCode } = sipDossier('ob01', 'http://127.0.0.1:1/');
  const efile = efileOf(events, dossierCode, '000.00.20.H17.2026.01.HT');

  it('should be an e-file the published AsyncAPI document accepts, keyed by its file code', () => {
    const message = efileMessage('hoso.efile.assembled.v1', efile, new Date('2026-03-07T01:00:00Z'));
    const validate = asyncApiPayload('EFileAssembled');
    expect(validate(valueOf(message))).toBe(true);
    expect(validate.errors ?? null).toBeNull();
    expect([message.kafkaKey?.toString(), valueOf(message).id]).toEqual([
      efile.fileCode,
      `${efile.fileCode}#1`,
    ]);
  });

  it('should be refused by the document when an e-file lacks a required field', () => {
    const { title: _title, ...untitled } = efile;
    const message = efileMessage('hoso.efile.assembled.v1', untitled as typeof efile, new Date());
    expect(asyncApiPayload('EFileAssembled')(valueOf(message))).toBe(false);
  });

  it.each([
    ['with its file', '000.00.20.H17.2026.01.HT'],
    ['before it has a file', null],
  ])('should be an alert the published AsyncAPI document accepts, %s', (_label, fileCode) => {
    const alert: EFileAlert = {
      kind: 'unmatched',
      dossierCode,
      agencyCode: '000.00.20.H17',
      fileCode,
      detail: 'the result document 12/QĐ-UBND named by the resolution never came',
      raisedAt: '2026-03-10T08:00:00+07:00',
    };
    const validate = asyncApiPayload('EFileAlert');
    expect(validate(valueOf(alertMessage('hoso.efile.alerts.v1', alert)))).toBe(true);
    expect(validate.errors ?? null).toBeNull();
  });

  it('should dead-letter with the headers the document requires', () => {
    const original = {
      topic: 'motcua.dossier.events.v1',
      partition: 3,
      offset: '42',
      key: Buffer.from('k'),
      value: Buffer.from('{"not":'),
      headers: { 'content-type': 'application/cloudevents+json' },
      timestamp: '0',
    };
    const letter = deadLetterMessage(
      original,
      'INVALID_JSON',
      'the value is not JSON',
      'hoso.bridge.dlq.v1',
      new Date(),
    );
    const validate = asyncApiPayload('DeadLetter', 'headers');
    expect(validate(letter.headers)).toBe(true);
    expect(validate.errors ?? null).toBeNull();
    expect([letter.value, letter.key, letter.headers[DEAD_LETTER_HEADERS.reason]]).toEqual([
      original.value,
      original.key,
      'INVALID_JSON',
    ]);
    expect(validate({ ...letter.headers, [DEAD_LETTER_HEADERS.reason]: 'SCHEMA_INVALID' })).toBe(false);
  });
});
