import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { DEAD_LETTER_HEADERS, DEAD_LETTER_REASONS, MAX_EVENT_BYTES } from './dead-letter';
import { EVENT_TYPES, type EventType } from './event-types';
import { EFILE_ALERT_TYPE } from './hoso/efile-alert';
import { EFILE_ASSEMBLED_TYPE } from './hoso/efile-assembled';
import { Topic } from './topics';

// Importing the contract classes registers their metadata, which the schemas below are generated from.
import './envelope';
import './hoso/efile-alert';
import './hoso/efile-assembled';
import './motcua/dossier-events';
import './qlvb/document-events';

const SCHEMAS = '#/components/schemas/';
const messageName = (type: EventType) => EVENT_TYPES[type].data.name;

function eventMessage(type: EventType) {
  const { data, topic, status } = EVENT_TYPES[type];
  return {
    name: type,
    title: data.name,
    summary: status === null ? undefined : `National-portal dossier status ${status}.`,
    contentType: 'application/cloudevents+json',
    payload: {
      allOf: [
        { $ref: `${SCHEMAS}CloudEventEnvelope` },
        {
          type: 'object',
          properties: { type: { const: type }, data: { $ref: `${SCHEMAS}${data.name}` } },
          required: ['data'],
        },
      ],
    },
    bindings: {
      kafka: {
        key: {
          type: 'string',
          description:
            topic === 'dossierEvents' ? 'The dossier code (used for ordering only).' : 'The document id.',
        },
      },
    },
  };
}

function outputMessage(type: string, schema: string, summary: string, key: string) {
  return {
    name: type,
    title: schema,
    summary,
    contentType: 'application/cloudevents+json',
    payload: {
      allOf: [
        { $ref: `${SCHEMAS}CloudEventEnvelope` },
        {
          type: 'object',
          properties: { type: { const: type }, data: { $ref: `${SCHEMAS}${schema}` } },
          required: ['data'],
        },
      ],
    },
    bindings: { kafka: { key: { type: 'string', description: key } } },
  };
}

const TYPES = Object.keys(EVENT_TYPES) as EventType[];
const typesOn = (topic: keyof typeof Topic) => TYPES.filter((type) => EVENT_TYPES[type].topic === topic);
const refs = (types: EventType[]) =>
  Object.fromEntries(
    types.map((type) => [messageName(type), { $ref: `#/components/messages/${messageName(type)}` }]),
  );

/**
 * The AsyncAPI 3 document of what the partner systems send and what the bridge emits so far, generated
 * from the contract classes (docs/asyncapi.json is this output; a unit test keeps them equal).
 */
export function buildAsyncApi(): object {
  const dossierTypes = typesOn('dossierEvents');
  const documentTypes = typesOn('documentEvents');
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'hoso-bridge events',
      version: '1.0.0',
      description:
        'CloudEvents 1.0 over Kafka between the one-stop-shop system, the document system and hoso-bridge. ' +
        'Input is accepted in structured (application/cloudevents+json) and binary (ce_* headers) content ' +
        `mode. Text is NFC-normalized before length checks; date-times without an offset are read as +07:00. ` +
        `A message over ${MAX_EVENT_BYTES} bytes is dead-lettered.`,
    },
    defaultContentType: 'application/cloudevents+json',
    channels: {
      dossierEvents: { address: Topic.dossierEvents, messages: refs(dossierTypes) },
      documentEvents: { address: Topic.documentEvents, messages: refs(documentTypes) },
      deadLetter: {
        address: Topic.deadLetter,
        messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
      },
    },
    operations: {
      receiveDossierEvents: {
        action: 'receive',
        channel: { $ref: '#/channels/dossierEvents' },
        messages: dossierTypes.map((t) => ({ $ref: `#/channels/dossierEvents/messages/${messageName(t)}` })),
      },
      receiveDocumentEvents: {
        action: 'receive',
        channel: { $ref: '#/channels/documentEvents' },
        messages: documentTypes.map((t) => ({
          $ref: `#/channels/documentEvents/messages/${messageName(t)}`,
        })),
      },
      sendEFiles: {
        action: 'send',
        channel: { $ref: '#/channels/efileAssembled' },
        messages: [{ $ref: '#/channels/efileAssembled/messages/EFileAssembled' }],
      },
      sendAlerts: {
        action: 'send',
        channel: { $ref: '#/channels/efileAlerts' },
        messages: [{ $ref: '#/channels/efileAlerts/messages/EFileAlert' }],
      },
      sendDeadLetters: {
        action: 'send',
        channel: { $ref: '#/channels/deadLetter' },
        messages: [{ $ref: '#/channels/deadLetter/messages/DeadLetter' }],
      },
    },
    components: {
      messages: {
        ...Object.fromEntries(TYPES.map((type) => [messageName(type), eventMessage(type)])),
        EFileAssembled: outputMessage(
          EFILE_ASSEMBLED_TYPE,
          'EFileAssembled',
          'One revision of an electronic file. CloudEvent id = <fileCode>#<revision>, subject and key = file code; revisions of a file are published in order.',
          'The file code.',
        ),
        EFileAlert: outputMessage(
          EFILE_ALERT_TYPE,
          'EFileAlert',
          'An alert about a dossier, raised once per kind. CloudEvent id = <kind>:<dossierCode>.',
          'The dossier code.',
        ),
        DeadLetter: {
          name: 'DeadLetter',
          summary:
            'An input message that could not be accepted: original key, value and headers, plus the reason.',
          contentType: 'application/octet-stream',
          headers: {
            type: 'object',
            properties: {
              [DEAD_LETTER_HEADERS.reason]: { type: 'string', enum: [...DEAD_LETTER_REASONS] },
              [DEAD_LETTER_HEADERS.message]: {
                type: 'string',
                description: 'Names the failing fields and rules; never contains personal data.',
              },
              [DEAD_LETTER_HEADERS.topic]: { type: 'string' },
              [DEAD_LETTER_HEADERS.partition]: { type: 'string', pattern: '^\\d+$' },
              [DEAD_LETTER_HEADERS.offset]: { type: 'string', pattern: '^\\d+$' },
              [DEAD_LETTER_HEADERS.time]: { type: 'string', format: 'date-time' },
            },
            required: Object.values(DEAD_LETTER_HEADERS),
          },
          payload: { description: 'The original value bytes, unchanged.' },
        },
      },
      schemas: contractSchemas(),
    },
  };
}

/**
 * JSON Schemas of the contract classes only: class-validator's metadata is global, so the generator sees
 * every decorated class that is loaded; keep what the envelope and the event data reach.
 */
function contractSchemas(): Record<string, object> {
  const all = validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: SCHEMAS,
  });
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name) || !all[name]) return;
    wanted.add(name);
    for (const [, ref] of JSON.stringify(all[name]).matchAll(/"#\/components\/schemas\/([^"]+)"/g))
      visit(ref!);
  };
  ['CloudEventEnvelope', 'EFileAssembled', 'EFileAlert', ...TYPES.map(messageName)].forEach(visit);
  return Object.fromEntries([...wanted].sort().map((name) => [name, all[name]!]));
}
