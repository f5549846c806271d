import { type SimMessage } from '@hoso/simulator';
import { BAD_INPUTS } from '@test/fixtures';
import { seeded } from './fault-run';

const CE_JSON = { 'content-type': 'application/cloudevents+json; charset=UTF-8' };

/** Text that looks like an attack; in a valid field it must be stored and filed as plain text. */
export const INJECTIONS = [
  "Robert'); DROP TABLE inbox_event;--",
  '<script>alert("hồ sơ")</script>',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}} %s%s%n \\u0000',
  '../../etc/passwd',
  "' OR '1'='1",
];

/** Appends attack-looking text to the summaries of valid events: the same text for every copy of an event. */
export function withInjections(messages: SimMessage[]): SimMessage[] {
  return messages.map((m) => {
    if (m.expect !== 'accepted' && m.expect !== 'duplicate') return m;
    const parsed = JSON.parse(m.value.toString()) as { id?: string; data?: { summary?: string } };
    const data = (parsed.data ?? parsed) as { summary?: string };
    if (typeof data.summary !== 'string') return m;
    const id = parsed.id ?? m.headers.ce_id ?? '';
    data.summary = `${data.summary} ${INJECTIONS[[...id].reduce((h, c) => h + c.charCodeAt(0), 0) % INJECTIONS.length]}`;
    return { ...m, value: Buffer.from(JSON.stringify(parsed)) };
  });
}

/**
 * Hostile messages, each with the dead-letter reason it must get: the fixtures' 52 bad inputs, random
 * bytes, and valid events of the stream mutated (truncated, wrong specversion, unknown type, nested
 * 100 deep, a 300,000-character agency code), under fresh ids.
 */
export function hostileMessages(valid: readonly SimMessage[], count: number, seed: number): SimMessage[] {
  const random = seeded(seed);
  const out: SimMessage[] = BAD_INPUTS.map((b) => ({
    topic: 'dossier',
    key: b.message.key ?? 'bad',
    value: b.message.value as Buffer,
    headers: b.message.headers as Record<string, string>,
    expect: b.reason,
  }));
  const structured = valid.filter(
    (m) => m.expect === 'accepted' && m.value.toString().includes('"specversion"'),
  );
  for (let n = 0; out.length < count; n += 1) {
    const kind = random(7);
    if (kind === 0) {
      // Never valid UTF-8: 0xFF starts no character.
      const bytes = Buffer.from([0xff, ...Array.from({ length: 1 + random(400) }, () => random(256))]);
      out.push({
        topic: 'document',
        key: `fuzz-${n}`,
        value: bytes,
        headers: CE_JSON,
        expect: 'INVALID_ENCODING',
      });
      continue;
    }
    if (kind === 1) {
      const text = `x${Array.from({ length: random(300) }, () => String.fromCharCode(32 + random(95))).join('')}`;
      out.push({
        topic: 'dossier',
        key: `fuzz-${n}`,
        value: Buffer.from(text),
        headers: CE_JSON,
        expect: 'INVALID_JSON',
      });
      continue;
    }
    const base = structured[random(structured.length)]!;
    const event = JSON.parse(base.value.toString()) as Record<string, unknown> & {
      data: Record<string, unknown>;
    };
    event.id = `fuzz-${seed}-${n}`;
    const mutate: Array<[SimMessage['expect'], () => void]> = [
      ['NOT_A_CLOUDEVENT', () => (event.specversion = '0.3')],
      ['UNKNOWN_TYPE', () => (event.type = 'vn.motcua.dossier.teleported.v9')],
      ['SCHEMA_VIOLATION', () => (event.data.extra = nested(100))],
      // Every event names its agency; a code 600 kB long is not one (unknown members are allowed).
      ['SCHEMA_VIOLATION', () => (event.data.agencyCode = 'Đ'.repeat(300_000))],
    ];
    if (kind === 2) {
      const text = JSON.stringify(event);
      const cut = Buffer.from(text.slice(0, 1 + random(text.length - 2)));
      out.push({ ...base, key: `fuzz-${n}`, value: cut, expect: 'INVALID_JSON' });
      continue;
    }
    const [reason, change] = mutate[kind - 3]!;
    change();
    out.push({ ...base, value: Buffer.from(JSON.stringify(event)), expect: reason });
  }
  return out;
}

const nested = (depth: number): unknown => (depth === 0 ? 'deep' : { level: nested(depth - 1) });
