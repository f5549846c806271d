import { type DeadLetterReason, MAX_EVENT_BYTES, normalizeVnDateTime } from '@hoso/contracts';
import { type MessageHeaders } from '../message';

/** A CloudEvent read off Kafka: its attributes and data, with every text NFC-normalized. */
export interface DecodedCloudEvent {
  mode: 'structured' | 'binary';
  attributes: Record<string, unknown>;
  data: unknown;
}

export type DecodeResult =
  | { ok: true; event: DecodedCloudEvent }
  | {
      ok: false;
      reason: Extract<
        DeadLetterReason,
        'INVALID_JSON' | 'INVALID_ENCODING' | 'NOT_A_CLOUDEVENT' | 'TOO_LARGE' | 'SCHEMA_VIOLATION'
      >;
      message: string;
    };

const STRUCTURED = 'application/cloudevents+json; charset=UTF-8';
const REQUIRED = ['specversion', 'id', 'source', 'type'] as const;
const MAX_DEPTH = 32;
// Keys that would reach prototypes when the payload is mapped onto classes.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

class Rejection extends Error {
  constructor(
    readonly reason: Exclude<DecodeResult, { ok: true }>['reason'],
    message: string,
  ) {
    super(message);
  }
}

/**
 * Decodes a Kafka message in structured (application/cloudevents+json) or binary (ce_* headers) content
 * mode. Messages name what is wrong, never the content.
 */
export function decodeCloudEvent(value: Buffer | null, headers: MessageHeaders): DecodeResult {
  try {
    if (value && value.length > MAX_EVENT_BYTES) {
      throw new Rejection(
        'TOO_LARGE',
        `the value is ${value.length} bytes; at most ${MAX_EVENT_BYTES} are accepted`,
      );
    }
    const text = textHeaders(headers);
    const contentType = text['content-type']?.toLowerCase() ?? '';
    const binary = !contentType.startsWith('application/cloudevents') && text.ce_specversion !== undefined;
    const event = binary ? readBinary(value, text) : readStructured(value, text);
    for (const name of REQUIRED) {
      if (typeof event.attributes[name] !== 'string' || event.attributes[name] === '') {
        throw new Rejection('NOT_A_CLOUDEVENT', `the CloudEvents attribute ${name} is missing or not text`);
      }
    }
    if (event.attributes.specversion !== '1.0') {
      throw new Rejection('NOT_A_CLOUDEVENT', 'specversion must be "1.0"');
    }
    const attributes = normalize(event.attributes, 'attributes', 0) as Record<string, unknown>;
    attributes.time = normalizeVnDateTime(attributes.time);
    return { ok: true, event: { ...event, attributes, data: normalize(event.data, 'data', 0) } };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}

/** The structured-mode value for a CloudEvent, and its content-type header. */
export function encodeStructured(event: Record<string, unknown>): {
  value: Buffer;
  headers: Record<string, string>;
} {
  return { value: Buffer.from(JSON.stringify(event), 'utf8'), headers: { 'content-type': STRUCTURED } };
}

function readStructured(value: Buffer | null, headers: Record<string, string>): DecodedCloudEvent {
  if (value === null) throw new Rejection('NOT_A_CLOUDEVENT', 'the message has no value');
  const parsed = parseJson(value, 'the value');
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Rejection('NOT_A_CLOUDEVENT', 'the value is not a JSON object');
  }
  const { data, data_base64, ...attributes } = parsed as Record<string, unknown>;
  if (data_base64 !== undefined)
    throw new Rejection('SCHEMA_VIOLATION', 'data_base64 is not accepted: data must be JSON');
  // A structured message should carry no ce_ headers; if it does, they must agree with the body.
  for (const [name, headerValue] of Object.entries(headers)) {
    if (name.startsWith('ce_') && attributes[name.slice(3)] !== headerValue) {
      throw new Rejection(
        'SCHEMA_VIOLATION',
        `header ${name} disagrees with the ${name.slice(3)} in the value`,
      );
    }
  }
  return { mode: 'structured', attributes, data };
}

function readBinary(value: Buffer | null, headers: Record<string, string>): DecodedCloudEvent {
  const attributes: Record<string, unknown> = {};
  for (const [name, headerValue] of Object.entries(headers)) {
    if (name.startsWith('ce_')) attributes[name.slice(3)] = headerValue;
  }
  if (headers['content-type'] !== undefined)
    attributes.datacontenttype = headers['content-type'].split(';')[0]!.trim();
  const data = value === null || value.length === 0 ? null : parseJson(value, 'the value (data)');
  return { mode: 'binary', attributes, data };
}

function parseJson(bytes: Buffer, what: string): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new Rejection('INVALID_ENCODING', `${what} is not valid UTF-8`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the input around the error: keep only the position.
    const position = /position (\d+)/.exec(String(error))?.[1];
    throw new Rejection(
      'INVALID_JSON',
      `${what} is not valid JSON${position ? ` (at character ${position})` : ''}`,
    );
  }
}

/** Header values as text, by lower-case name; the first value of a repeated header wins. */
function textHeaders(headers: MessageHeaders): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first === undefined) continue;
    try {
      text[name.toLowerCase()] = typeof first === 'string' ? first : utf8.decode(first);
    } catch {
      throw new Rejection('INVALID_ENCODING', `header ${name} is not valid UTF-8`);
    }
  }
  return text;
}

/** Deep copy with every text in NFC, refusing reserved keys and absurd nesting. */
function normalize(value: unknown, path: string, depth: number): unknown {
  if (typeof value === 'string') return value.normalize('NFC');
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH)
    throw new Rejection('SCHEMA_VIOLATION', `${path} nests deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((item, i) => normalize(item, `${path}[${i}]`, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => {
      if (RESERVED_KEYS.has(key))
        throw new Rejection('SCHEMA_VIOLATION', `${path} holds the reserved key ${key}`);
      return [key.normalize('NFC'), normalize(member, `${path}.${key}`, depth + 1)];
    }),
  );
}
