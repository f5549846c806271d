import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApi } from './asyncapi';
import { EVENT_TYPES } from './event-types';

const DOCUMENT = join(__dirname, '../../../docs/asyncapi.json');

describe('the AsyncAPI document', () => {
  const doc = buildAsyncApi() as {
    components: {
      messages: Record<string, unknown>;
      schemas: Record<string, { properties?: object; required?: string[] }>;
    };
  };

  it('should be the committed docs/asyncapi.json (regenerate with npm run contract:asyncapi)', () => {
    expect(JSON.parse(readFileSync(DOCUMENT, 'utf8'))).toEqual(JSON.parse(JSON.stringify(doc)));
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
});
