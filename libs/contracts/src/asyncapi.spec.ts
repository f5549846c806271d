import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { eventsOfEveryType } from '@test/fixtures';
import { ASYNCAPI_FILE, asyncApiPayload } from '@test/support';
import { buildAsyncApi } from './asyncapi';
import { EVENT_TYPES } from './event-types';
import { Topic } from './topics';

describe('the AsyncAPI document', () => {
  const doc = buildAsyncApi() as {
    channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    operations: Record<string, { action: string; channel: { $ref: string } }>;
    components: {
      messages: Record<string, unknown>;
      schemas: Record<string, { properties?: object; required?: string[] }>;
    };
  };

  it('should be the committed docs/asyncapi.json (regenerate with npm run contract:asyncapi)', () => {
    expect(JSON.parse(readFileSync(ASYNCAPI_FILE, 'utf8'))).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('should pass the AsyncAPI parser without an error, a warning or a hint', async () => {
    const diagnostics = await new Parser().validate(readFileSync(ASYNCAPI_FILE, 'utf8'));
    expect(diagnostics.map((d) => `${d.code} at ${d.path.join('/')}: ${d.message}`)).toEqual([]);
  });

  it('should have a channel and an operation for every topic the bridge consumes or produces', () => {
    expect(Object.values(doc.channels).map((c) => c.address)).toEqual(
      expect.arrayContaining(Object.values(Topic)),
    );
    const actions = Object.values(doc.operations).map((o) => [o.channel.$ref, o.action]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['#/channels/dossierEvents', 'receive'],
        ['#/channels/documentEvents', 'receive'],
        ['#/channels/efileAssembled', 'send'],
        ['#/channels/efileAlerts', 'send'],
        ['#/channels/deadLetter', 'send'],
      ]),
    );
  });

  it('should describe every event type with a schema for its data', () => {
    for (const { data } of Object.values(EVENT_TYPES)) {
      expect(doc.components.messages[data.name]).toBeDefined();
      expect(doc.components.schemas[data.name]?.properties).toBeDefined();
    }
  });

  it('should carry the rules of the classes, such as required fields and code formats', () => {
    const received = doc.components.schemas.DossierReceived as {
      required: string[];
      properties: Record<string, { pattern?: string }>;
    };
    expect(received.required).toEqual(
      expect.arrayContaining(['dossierCode', 'agencyCode', 'procedure', 'applicant']),
    );
    expect(received.properties.agencyCode?.pattern).toBe('^\\d{3}\\.\\d{2}\\.\\d{2}\\.[A-Z]\\d{2}$');
  });

  it.each(eventsOfEveryType('aa01').map((e) => [e.type, e] as const))(
    'should accept a valid %s as the bridge does',
    (type, event) => {
      const validate = asyncApiPayload(EVENT_TYPES[type].data.name);
      expect(validate(JSON.parse(JSON.stringify(event)))).toBe(true);
      expect(validate.errors ?? null).toBeNull();
    },
  );

  it.each([
    ['without its dossier code', (d: Record<string, unknown>) => delete d.dossierCode],
    ['with an agency code of another form', (d: Record<string, unknown>) => (d.agencyCode = 'H17.20')],
    ['with a channel outside the list', (d: Record<string, unknown>) => (d.channel = 'fax')],
    ['with a summary of 2,001 characters', (d: Record<string, unknown>) => (d.summary = 'x'.repeat(2001))],
    [
      'with a procedure code of another form',
      (d: Record<string, unknown>) => (d.procedure = { code: '1-2' }),
    ],
  ])('should refuse a dossier receipt %s, as the bridge does', (_label, spoil) => {
    const event = structuredClone(eventsOfEveryType('aa02')[0]!);
    expect(event.type).toBe('vn.motcua.dossier.received.v1');
    spoil(event.data);
    expect(asyncApiPayload('DossierReceived')(event)).toBe(false);
  });
});
