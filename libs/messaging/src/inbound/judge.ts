import { createHash } from 'node:crypto';
import { type TopicsConfig } from '@hoso/config';
import {
  AGENCY_CODE,
  aggregateOf,
  type CheckedEvent,
  type DeadLetterReason,
  EVENT_TYPES,
  canonicalCopy,
  checkEvent,
  parseVnDateTime,
} from '@hoso/contracts';
import { type StoredEvent } from '@hoso/domain';
import { type NewInboxEvent } from '@hoso/persistence';
import { decodeCloudEvent } from '../cloudevents/codec';
import { type ConsumedMessage } from '../message';

/** What the bridge knows about a rejected event, when decoding got that far. */
export interface KnownAttributes {
  source: string | null;
  id: string | null;
  type: string | null;
  /** The agency the data names, when it names one in the right form: who may see the dead letter. */
  agencyCode: string | null;
}

export type Verdict =
  | { ok: true; event: CheckedEvent; contentSha256: string; payload: string }
  | { ok: false; reason: DeadLetterReason; message: string; attributes: KnownAttributes };

const NOTHING_KNOWN: KnownAttributes = { source: null, id: null, type: null, agencyCode: null };

/**
 * Decides, from the message alone, whether it is an event of the contract on its right topic: the one
 * inbound check that intake, dead-letter redrive and rebuild share.
 */
export function judge(message: ConsumedMessage, topics: TopicsConfig): Verdict {
  const decoded = decodeCloudEvent(message.value, message.headers);
  if (!decoded.ok)
    return { ok: false, reason: decoded.reason, message: decoded.message, attributes: NOTHING_KNOWN };

  const { attributes, data } = decoded.event;
  const known = {
    source: fitting(attributes.source, 255),
    id: fitting(attributes.id, 128),
    type: fitting(attributes.type, 128),
    agencyCode: agencyNamed(data),
  };
  const checked = checkEvent(attributes, data);
  if (!checked.ok) return { ok: false, reason: checked.reason, message: checked.message, attributes: known };

  const { event } = checked;
  const expected = topics[EVENT_TYPES[event.type].topic];
  if (expected !== message.topic) {
    return {
      ok: false,
      reason: 'UNKNOWN_TYPE',
      message: `type ${event.type} belongs on ${expected}, not ${message.topic}`,
      attributes: known,
    };
  }
  const { type, source, id, subject, time } = event;
  const sorted = canonicalCopy(event.data);
  const payload = JSON.stringify(sorted);
  // Same content, whatever the content mode, key order or Unicode form it arrived in: same hash. The
  // members in sorted order make this canonicalJson({ type, source, id, subject, time, data }), written
  // around the payload's text rather than stringifying the data twice.
  const hash = createHash('sha256').update('{"data":').update(payload);
  for (const [name, value] of [
    ['id', id],
    ['source', source],
    ['subject', subject],
    ['time', time],
    ['type', type],
  ])
    if (value !== undefined) hash.update(`,"${name}":${JSON.stringify(value)}`);
  const contentSha256 = hash.update('}').digest('hex');
  // The same data with its keys sorted: still the member of the union its type says.
  return { ok: true, event: { ...event, data: sorted } as CheckedEvent, contentSha256, payload };
}

/** A message judged: its inbox row and event if accepted, else why not (what intake and rebuild need). */
export type Judgement =
  { ok: true; row: NewInboxEvent; event: StoredEvent } | Extract<Verdict, { ok: false }>;

export function judgeMessage(message: ConsumedMessage, topics: TopicsConfig): Judgement {
  const verdict = judge(message, topics);
  return verdict.ok ? { ok: true, ...admitted(message, verdict) } : verdict;
}

/** The inbox row of an accepted message, and its event as correlation reads it. */
function admitted(
  message: ConsumedMessage,
  { event, contentSha256, payload }: Extract<Verdict, { ok: true }>,
): { row: NewInboxEvent; event: StoredEvent } {
  const row: NewInboxEvent = {
    aggregateId: aggregateOf(event),
    source: event.source,
    eventId: event.id,
    type: event.type,
    subject: event.subject ?? null,
    eventTime: new Date(parseVnDateTime(event.time)!),
    contentSha256,
    payload,
    topic: message.topic,
    kafkaPartition: message.partition,
    kafkaOffset: message.offset,
  };
  const { topic, partition, offset } = message;
  return { row, event: { ...event, topic, partition, offset } };
}

/** The agency code the data names, if it is one. */
function agencyNamed(data: unknown): string | null {
  const code = (data as { agencyCode?: unknown } | null)?.agencyCode;
  return typeof code === 'string' && AGENCY_CODE.test(code) ? code : null;
}

/** The attribute as text when it fits its column, else null (the dead letter keeps the bytes anyway). */
function fitting(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length <= max ? value : null;
}
