import { DEAD_LETTER_HEADERS, DEAD_LETTER_REASONS, MAX_EVENT_BYTES } from './dead-letter';
import { EVENT_TYPE_NAMES, EVENT_TYPES, type EventType } from './event-types';
import { ARCHIVE_RECEIPT_TYPE } from './hoso/archive-receipt';
import { EFILE_ALERT_TYPE } from './hoso/efile-alert';
import { EFILE_ASSEMBLED_TYPE } from './hoso/efile-assembled';
import { contractSchemas, type Json, SCHEMAS } from './json-schemas';
import { Topic } from './topics';

// Importing the contract classes registers their metadata, which the schemas below are generated from.
import './envelope';
import './hoso/archive-receipt';
import './hoso/efile-alert';
import './hoso/efile-assembled';
import './motcua/dossier-events';
import './qlvb/document-events';

type Channel = keyof typeof Topic;

const messageName = (type: EventType) => EVENT_TYPES[type].data.name;

/** What each channel carries and how its messages are keyed (docs/events.md section 1). */
const CHANNELS: Record<Channel, { description: string; key: string }> = {
  dossierEvents: {
    description: "The one-stop-shop system's dossier lifecycle events (docs/events.md section 3).",
    key: 'The dossier code; used for ordering only, never trusted for correctness.',
  },
  documentEvents: {
    description: "The document system's document events (docs/events.md section 4).",
    key: 'The document id; used for ordering only, never trusted for correctness.',
  },
  efileAssembled: {
    description:
      'Electronic files the bridge assembled, one message per revision (docs/events.md section 6).',
    key: 'The file code: every revision of a file is on one partition, in revision order.',
  },
  efileAlerts: {
    description:
      'Alerts about dossiers: overdue, unmatched, needs classification (docs/events.md section 7).',
    key: 'The dossier code.',
  },
  deadLetter: {
    description: 'Input that could not be accepted, as it came, with the reason (docs/events.md section 8).',
    key: 'The original key, unchanged.',
  },
  edxmlMessages: {
    description:
      "A document system's edXML messages (QCVN 102:2016/BTTTT as amended by SĐ1:2022), as exchanged over the national document platform: the bridge checks each against its edXML schema and publishes the document events it stands for on qlvb.document.events.v1 (docs/edxml.md).",
    key: 'Anything (the edXML DocumentId is usual); used for ordering only.',
  },
  archiveReceipts: {
    description:
      "The agency archive's answers to the submission packages it was sent: accepted, or rejected with reasons. Each e-file's transfer state and history follow them; an answer for a package the bridge never sent is dead-lettered as UNKNOWN_PACKAGE and alerted (docs/events.md section 9).",
    key: 'The package id; used for ordering only.',
  },
};

/** A structured-mode CloudEvent whose `type` is fixed and whose `data` follows a contract class. */
function cloudEventMessage(type: string, schema: string, summary: string, key: string): Json {
  return {
    name: schema,
    title: type,
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
    bindings: { kafka: { key: { type: 'string', description: key }, bindingVersion: '0.5.0' } },
  };
}

function eventMessage(type: EventType): Json {
  const { data, topic, status } = EVENT_TYPES[type];
  const summary =
    status === null
      ? `A document event. Also accepted in binary content mode (ce_* headers, data as the value).`
      : `A dossier event: national-portal dossier status ${status}. Also accepted in binary content mode (ce_* headers, data as the value).`;
  return cloudEventMessage(type, data.name, summary, CHANNELS[topic].key);
}

const deadLetterMessage: Json = {
  name: 'DeadLetter',
  title: 'A dead letter',
  summary:
    'An input message that could not be accepted: its original key, value bytes and headers, plus the headers below.',
  contentType: 'application/octet-stream',
  headers: {
    type: 'object',
    properties: {
      [DEAD_LETTER_HEADERS.reason]: {
        type: 'string',
        enum: [...DEAD_LETTER_REASONS],
        description: 'Why the message was not accepted (docs/events.md section 8).',
      },
      [DEAD_LETTER_HEADERS.message]: {
        type: 'string',
        description: 'Names the failing fields and rules; never their values, which may be personal data.',
      },
      [DEAD_LETTER_HEADERS.topic]: { type: 'string', description: 'Where the message was read.' },
      [DEAD_LETTER_HEADERS.partition]: { type: 'string', pattern: '^\\d+$' },
      [DEAD_LETTER_HEADERS.offset]: { type: 'string', pattern: '^\\d+$' },
      [DEAD_LETTER_HEADERS.time]: { type: 'string', format: 'date-time' },
    },
    required: Object.values(DEAD_LETTER_HEADERS),
  },
  payload: { type: 'string', format: 'binary', description: 'The original value bytes, unchanged.' },
  bindings: {
    kafka: { key: { type: 'string', description: CHANNELS.deadLetter.key }, bindingVersion: '0.5.0' },
  },
};

const edxmlMessage: Json = {
  name: 'EdxmlMessage',
  title: 'An edXML message',
  summary:
    'One edXML message as sent: a MIME multipart/related entity (its own headers first, or its Content-Type in a content-type header) whose root part is the edXML envelope and whose other parts are the files its manifest names by Content-ID; or the envelope alone as XML, files inline in AttachmentEncoded. A document (edoc) becomes vn.qlvb.document.issued.v1 (or revoked.v1 for a revocation); a status message is counted and has no event; anything else is dead-lettered with its original bytes.',
  contentType: 'multipart/related',
  payload: {
    type: 'string',
    format: 'binary',
    description: 'The MIME entity or the XML envelope, unchanged.',
  },
  bindings: {
    kafka: { key: { type: 'string', description: CHANNELS.edxmlMessages.key }, bindingVersion: '0.5.0' },
  },
};

/** The messages of each channel, by name. */
function channelMessages(): Record<Channel, Record<string, Json>> {
  const on = (channel: Channel) =>
    Object.fromEntries(
      EVENT_TYPE_NAMES.filter((t) => EVENT_TYPES[t].topic === channel).map((t) => [
        messageName(t),
        eventMessage(t),
      ]),
    );
  return {
    dossierEvents: on('dossierEvents'),
    documentEvents: on('documentEvents'),
    efileAssembled: {
      EFileAssembled: cloudEventMessage(
        EFILE_ASSEMBLED_TYPE,
        'EFileAssembled',
        'One revision of an electronic file. CloudEvent id = <fileCode>#<revision>, subject = file code; a new revision only when contentHash changes.',
        CHANNELS.efileAssembled.key,
      ),
    },
    efileAlerts: {
      EFileAlert: cloudEventMessage(
        EFILE_ALERT_TYPE,
        'EFileAlert',
        'An alert about a dossier, raised once per kind and dossier. CloudEvent id = <kind>:<dossierCode>.',
        CHANNELS.efileAlerts.key,
      ),
    },
    deadLetter: { DeadLetter: deadLetterMessage },
    edxmlMessages: { EdxmlMessage: edxmlMessage },
    archiveReceipts: {
      ArchiveReceipt: cloudEventMessage(
        ARCHIVE_RECEIPT_TYPE,
        'ArchiveReceipt',
        "The archive's answer to one package. subject, when given, = the package id. A rejection names at least one reason. The first answer to a package stands: the same answer again is a duplicate, another one is dead-lettered as RECEIPT_CONFLICT.",
        CHANNELS.archiveReceipts.key,
      ),
    },
  };
}

const RECEIVED: Channel[] = ['dossierEvents', 'documentEvents', 'edxmlMessages', 'archiveReceipts'];
const OPERATION_NAMES: Record<Channel, string> = {
  dossierEvents: 'receiveDossierEvents',
  documentEvents: 'receiveDocumentEvents',
  efileAssembled: 'sendEFiles',
  efileAlerts: 'sendAlerts',
  deadLetter: 'sendDeadLetters',
  edxmlMessages: 'receiveEdxmlMessages',
  archiveReceipts: 'receiveArchiveReceipts',
};

/**
 * The AsyncAPI 3 document of every channel the bridge consumes and produces, generated from the contract
 * classes. docs/asyncapi.json is this output (`npm run contract:asyncapi`); a unit test keeps them equal
 * and checks the document with the AsyncAPI parser.
 */
export function buildAsyncApi(): Json {
  const byChannel = channelMessages();
  const channels = Object.fromEntries(
    (Object.keys(CHANNELS) as Channel[]).map((channel) => [
      channel,
      {
        address: Topic[channel],
        description: `${CHANNELS[channel].description} The topic name is the default; each is configurable.`,
        messages: Object.fromEntries(
          Object.keys(byChannel[channel]).map((name) => [name, { $ref: `#/components/messages/${name}` }]),
        ),
      },
    ]),
  );
  const operations = Object.fromEntries(
    (Object.keys(CHANNELS) as Channel[]).map((channel) => [
      OPERATION_NAMES[channel],
      {
        action: RECEIVED.includes(channel) ? 'receive' : 'send',
        summary: RECEIVED.includes(channel)
          ? `The bridge consumes ${Topic[channel]} (consumer group hoso-bridge by default).`
          : `The bridge publishes ${Topic[channel]}${channel === 'deadLetter' ? '' : ' through its outbox, with the idempotent producer'}.`,
        channel: { $ref: `#/channels/${channel}` },
        messages: Object.keys(byChannel[channel]).map((name) => ({
          $ref: `#/channels/${channel}/messages/${name}`,
        })),
      },
    ]),
  );
  // What the edXML adapter makes of a document message goes on the document system's own channel.
  operations.sendDocumentEventsFromEdxml = {
    action: 'send',
    summary: `The bridge's edXML adapter publishes the document events it makes of ${Topic.edxmlMessages} and of POST /ingest/edxml, with ids from the edXML DocumentId (docs/edxml.md).`,
    channel: { $ref: '#/channels/documentEvents' },
    messages: ['DocumentIssued', 'DocumentRevoked'].map((name) => ({
      $ref: `#/channels/documentEvents/messages/${name}`,
    })),
  };
  return {
    asyncapi: '3.1.0',
    info: {
      title: 'hoso-bridge events',
      version: '1.0.0',
      description:
        'CloudEvents 1.0 over Kafka between the one-stop-shop system, the document system and hoso-bridge; ' +
        'the prose contract, with the correlation rules and when a file is emitted, is docs/events.md. ' +
        'Input is accepted in structured (application/cloudevents+json) and binary (ce_* headers) content ' +
        'mode; the bridge emits structured mode. Text is NFC-normalized before length checks; date-times ' +
        `without an offset are read as +07:00. A message over ${MAX_EVENT_BYTES} bytes is dead-lettered.`,
    },
    defaultContentType: 'application/cloudevents+json',
    channels,
    operations,
    components: {
      messages: Object.assign({}, ...Object.values(byChannel)) as Json,
      schemas: contractSchemas([
        'CloudEventEnvelope',
        'EFileAssembled',
        'EFileAlert',
        'ArchiveReceipt',
        ...EVENT_TYPE_NAMES.map(messageName),
      ]),
    },
  };
}
