import { type DeadLetterReason, type DocumentIssued } from '@hoso/contracts';
import { writeIssued } from '@hoso/edxml';
import { realFile, storeFiles } from './files';
import { Random } from './random';
import {
  dossierStory,
  type ExpectedDossier,
  MAX_DAILY_DOSSIERS,
  Registers,
  type StoryEvent,
  unrelatedDocument,
  vnTime,
} from './stories';
import { agencies } from './world';

export interface SimulationOptions {
  seed: number;
  agencies: number;
  days: number;
  /** Dossiers each agency receives a day. */
  dossiers: number;
  /** The first simulated day, YYYY-MM-DD. */
  startDate: string;
  /** Shares, 0–1: events sent twice; events moved earlier; late documents; result documents that name no
   * dossier; revoked decisions; malformed messages added; text in NFD; events in binary content mode. */
  duplicates: number;
  outOfOrder: number;
  lateDocuments: number;
  namedOnly: number;
  revocations: number;
  malformed: number;
  nfd: number;
  binary: number;
  /** A document store's URL: every file then names its URI there and the SHA-256 of the bytes served. */
  fileStore?: string;
  /**
   * Share, 0–1, of the outgoing documents that name no dossier (edXML has no field for one) sent as edXML
   * messages (QCVN 102:2016) on the edXML topic rather than as CloudEvents. Given at all, even 0, those
   * documents are as edXML can carry them (files of real bytes, hashed, without signatures, which would be
   * inside the PDF; recipients named by organ id), so that runs with other shares send the same events.
   * A document sent as edXML names no URI (its bytes travel in the message).
   */
  edxml?: number;
}

export const DEFAULT_SIMULATION: SimulationOptions = {
  seed: 1,
  agencies: 4,
  days: 1,
  dossiers: 60,
  startDate: '2026-03-02',
  duplicates: 0.05,
  outOfOrder: 0.1,
  lateDocuments: 0.05,
  namedOnly: 0.5,
  revocations: 0.03,
  malformed: 0.01,
  nfd: 0.1,
  binary: 0.2,
};

/** A message as it goes on a source topic, and what the bridge must make of it. */
export interface SimMessage {
  topic: 'dossier' | 'document' | 'edxml';
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  expect: 'accepted' | 'duplicate' | DeadLetterReason;
}

/** What must result from a simulation: every dossier's file, and the dead letters by reason. */
export interface GroundTruth {
  options: SimulationOptions;
  counts: {
    messages: number;
    accepted: number;
    duplicates: number;
    deadLetters: Partial<Record<DeadLetterReason, number>>;
    /** Documents sent as edXML messages (not their duplicates), when the simulation sends any. */
    edxml?: number;
  };
  dossiers: ExpectedDossier[];
  /** Documents of the agencies' own business, in no file. */
  unrelatedDocuments: string[];
}

export interface Simulation {
  messages: SimMessage[];
  truth: GroundTruth;
}

/** The faults of a CloudEvent (the others are an edXML message's). */
// Faults of a partner's CloudEvent: not the edXML adapter's, nor an archive answer's.
type CloudEventFault = Exclude<
  DeadLetterReason,
  'INVALID_MIME' | 'INVALID_XML' | 'UNKNOWN_PACKAGE' | 'RECEIPT_CONFLICT'
>;

const MALFORMATIONS: CloudEventFault[] = [
  'INVALID_JSON',
  'INVALID_ENCODING',
  'NOT_A_CLOUDEVENT',
  'UNKNOWN_TYPE',
  'SCHEMA_VIOLATION',
  'DUPLICATE_ID_CONFLICT',
];

const DAILY_BLOCK = 1000;

/** The same options give the same messages and truth, byte for byte. */
export function simulate(options: SimulationOptions): Simulation {
  if (options.dossiers > DAILY_BLOCK)
    throw new Error(`at most ${DAILY_BLOCK} dossiers an agency a day (their 4-digit daily numbers)`);
  const random = new Random(options.seed);
  const registers = new Registers(options.seed);
  const world = agencies(random, options.agencies);
  const events: StoryEvent[] = [];
  const dossiers: ExpectedDossier[] = [];
  const unrelatedDocuments: string[] = [];
  const firstDay = Date.parse(`${options.startDate}T00:00:00+07:00`);
  for (let day = 0; day < options.days; day += 1) {
    const dayStart = firstDay + day * 86_400_000;
    for (const agency of world) {
      for (let n = 1; n <= options.dossiers; n += 1) {
        // Each seed numbers its day's dossiers from its own block of 1,000, so simulations of seeds
        // that differ by less than 10 never share a code.
        const daily = ((options.seed * DAILY_BLOCK + n - 1) % MAX_DAILY_DOSSIERS) + 1;
        const story = dossierStory(random, agency, dayStart, daily, registers, options);
        events.push(...story.events);
        dossiers.push(story.expected);
      }
      for (let n = 0; n < Math.ceil(options.dossiers / 10); n += 1) {
        const letter = unrelatedDocument(random, agency, dayStart + random.int(8, 16) * 3_600_000, registers);
        events.push(...letter);
        unrelatedDocuments.push(...letter.map((e) => e.subject));
      }
    }
  }

  if (options.fileStore) for (const event of events) storeFiles(event.data, options.fileStore);
  // The bytes of each document edXML can carry, which its file's SHA-256 is then of.
  const files = new Map<StoryEvent, Buffer>();
  if (options.edxml !== undefined)
    for (const event of events.filter(edxmlCanCarry)) files.set(event, asEdxmlCarries(event));
  // Its own stream, so that the share sent as edXML changes nothing else.
  const asEdxml = new Random(options.seed + 0x5ed);

  // Send order: by event time, with a share moved earlier (a document before its dossier, a day late...).
  const placed = events
    .map((event, i) => ({ event, i }))
    .sort((a, b) => a.event.at - b.event.at || a.i - b.i)
    .map(({ event }, i) => ({
      event,
      order: random.chance(options.outOfOrder) ? i - random.int(1, 300) - 0.5 : i,
    }))
    .sort((a, b) => a.order - b.order);

  const slots: Array<{ order: number; message: SimMessage }> = [];
  placed.forEach(({ event }, i) => {
    const [binary, nfd] = [random.chance(options.binary), random.chance(options.nfd)];
    const file = asEdxml.chance(options.edxml ?? 0) ? files.get(event) : undefined;
    const message = file ? edxmlMessage(event, file, nfd) : encode(event, binary, nfd);
    slots.push({ order: i, message });
    if (random.chance(options.duplicates))
      slots.push({ order: i + random.int(1, 200) + 0.25, message: { ...message, expect: 'duplicate' } });
    // Right behind its original, on the same partition: a conflict must come after the event it contradicts.
    // A broken CloudEvent copy of a document sent as edXML would not contradict it (other ids): none.
    if (random.chance(options.malformed)) {
      const broken = malformed(event, random.pick(MALFORMATIONS), random);
      if (!file) slots.push({ order: i + 0.1, message: broken });
    }
  });
  const messages = slots.sort((a, b) => a.order - b.order).map((s) => s.message);

  const deadLetters: GroundTruth['counts']['deadLetters'] = {};
  for (const m of messages)
    if (m.expect !== 'accepted' && m.expect !== 'duplicate')
      deadLetters[m.expect] = (deadLetters[m.expect] ?? 0) + 1;
  return {
    messages,
    truth: {
      options,
      counts: {
        messages: messages.length,
        accepted: messages.filter((m) => m.expect === 'accepted').length,
        duplicates: messages.filter((m) => m.expect === 'duplicate').length,
        deadLetters,
        ...(options.edxml === undefined
          ? {}
          : { edxml: messages.filter((m) => m.topic === 'edxml' && m.expect === 'accepted').length }),
      },
      dossiers,
      unrelatedDocuments,
    },
  };
}

function envelope(event: StoryEvent) {
  return {
    specversion: '1.0',
    id: event.id,
    source: event.source,
    type: event.type,
    time: vnTime(event.at),
    subject: event.subject,
    datacontenttype: 'application/json',
    data: event.data,
  };
}

/** Structured mode, or binary mode (attributes in `ce_` headers); text in NFD when asked. */
function encode(event: StoryEvent, binary: boolean, nfd: boolean): SimMessage {
  const { data, datacontenttype, ...attributes } = envelope(
    nfd ? { ...event, data: toNfd(event.data) } : event,
  );
  const message = { topic: event.topic, key: event.subject, expect: 'accepted' as const };
  if (!binary)
    return {
      ...message,
      value: Buffer.from(JSON.stringify({ ...attributes, datacontenttype, data })),
      headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
    };
  const headers: Record<string, string> = { 'content-type': datacontenttype };
  for (const [name, value] of Object.entries(attributes)) headers[`ce_${name}`] = value;
  return { ...message, value: Buffer.from(JSON.stringify(data)), headers };
}

/** Whether edXML can carry the event: an outgoing document that names no dossier. */
const edxmlCanCarry = (event: StoryEvent) =>
  event.type === 'vn.qlvb.document.issued.v1' && !('relatedDossierCodes' in event.data);

/**
 * An outgoing document as edXML carries it: its file real bytes (returned) and their SHA-256, no signatures
 * (those are inside the PDF), its recipient, the agency's own one-stop desk, named by organ id, where it was
 * issued, and its sender as the first organ of its trace.
 */
function asEdxmlCarries({ data, at }: StoryEvent): Buffer {
  const bytes = realFile(data);
  data.place = 'Đà Nẵng';
  data.trace = [{ organId: data.agencyCode as string, at: vnTime(at) }];
  delete (data.file as { signatures?: unknown }).signatures;
  data.recipients = (data.recipients as Array<{ organName: string }>).map((r) => ({
    organId: data.agencyCode as string,
    organName: r.organName,
  }));
  return bytes;
}

/** An outgoing document as its document system sends it over the exchange platform: an edXML message. */
function edxmlMessage(event: StoryEvent, file: Buffer, nfd: boolean): SimMessage {
  const data = (nfd ? toNfd(event.data) : event.data) as unknown as DocumentIssued;
  const to = data.recipients.map((r) => ({ organId: r.organId!, organName: r.organName }));
  const { bytes } = writeIssued({ time: vnTime(event.at), data }, file, to);
  return { topic: 'edxml', key: event.subject, value: bytes, headers: {}, expect: 'accepted' };
}

/** A broken copy of a valid event, of the kind a partner sends by mistake. */
function malformed(event: StoryEvent, reason: CloudEventFault, random: Random): SimMessage {
  const fresh = { ...event, id: random.uuid() };
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const value: Record<CloudEventFault, () => Buffer> = {
    INVALID_JSON: () => {
      const text = JSON.stringify(envelope(fresh));
      return Buffer.from(text.slice(0, text.length >> 1));
    },
    INVALID_ENCODING: () =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(envelope(fresh)), 'utf16le')]),
    NOT_A_CLOUDEVENT: () => json(fresh.data),
    UNKNOWN_TYPE: () =>
      json({ ...envelope(fresh), type: event.type.replace(/\.[a-z-]+\.v1$/, '.archived.v1') }),
    SCHEMA_VIOLATION: () => json(envelope({ ...fresh, data: { ...event.data, agencyCode: 'UBND-H17' } })),
    // The original's id with other content.
    DUPLICATE_ID_CONFLICT: () =>
      json(envelope({ ...event, data: { ...event.data, agencyCode: '000.00.99.H17' } })),
    TOO_LARGE: () => json({ ...envelope(fresh), padding: 'x'.repeat(1 << 20) }),
  };
  return {
    topic: event.topic,
    key: event.subject,
    value: value[reason](),
    headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
    expect: reason,
  };
}

function toNfd<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFD') as T;
  if (Array.isArray(value)) return value.map(toNfd) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toNfd(v)])) as T;
  return value;
}
