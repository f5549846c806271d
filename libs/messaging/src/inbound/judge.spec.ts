import { createHash } from 'node:crypto';
import { loadConfig } from '@hoso/config';
import { canonicalJson } from '@hoso/contracts';
import { type ConsumedMessage } from '../message';
import { DEFAULT_SIMULATION, simulate } from '@hoso/simulator';
import {
  BAD_INPUTS,
  binary,
  eventsOfEveryType,
  type KafkaFixture,
  PLANTED_SECRETS,
  structured,
  toNfd,
  topicOf,
} from '@test/fixtures';
import { judge } from './judge';

const topics = loadConfig({}).kafka.topics;

function consumed(fixture: KafkaFixture, topic: string, offset = 0): ConsumedMessage {
  return { topic, partition: 0, offset: String(offset), timestamp: '0', ...fixture, key: null };
}

describe('judge', () => {
  const events = eventsOfEveryType('j001');

  it.each(events.map((e) => [e.type, e] as const))(
    'should accept %s in both content modes, with one hash',
    (_t, event) => {
      const asStructured = judge(consumed(structured(event), topicOf(event)), topics);
      const asBinary = judge(consumed(binary(event), topicOf(event)), topics);
      expect(asStructured.ok && asBinary.ok).toBe(true);
      expect(asStructured.ok && asStructured.contentSha256).toBe(asBinary.ok && asBinary.contentSha256);
    },
  );

  it('should store NFD text as NFC, so an NFD resend is the same content', () => {
    const [event] = events;
    const nfc = judge(consumed(structured(event!), topicOf(event!)), topics);
    const nfd = judge(consumed(structured(toNfd(event!)), topicOf(event!)), topics);
    expect(nfd.ok && nfd.payload).toContain('Nguyễn Thị Minh Anh'.normalize('NFC'));
    expect(nfd.ok && nfd.contentSha256).toBe(nfc.ok && nfc.contentSha256);
  });

  it('should give the same hash whatever order the keys came in', () => {
    const [event] = events;
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value;
    const reordered = reversed(event) as typeof event;
    expect(Object.keys(reordered!)[0]).not.toBe(Object.keys(event!)[0]);
    const a = judge(consumed(structured(event!), topicOf(event!)), topics);
    const b = judge(consumed(structured(reordered!), topicOf(event!)), topics);
    expect(a.ok && a.contentSha256).toBe(b.ok && b.contentSha256);
  });

  it('should keep the hash stored inboxes hold: sha256 of the canonical attributes and data', () => {
    for (const event of events) {
      const verdict = judge(consumed(structured(event), topicOf(event)), topics);
      if (!verdict.ok) throw new Error(verdict.message);
      const { type, source, id, subject, time, data } = verdict.event;
      const canonical = canonicalJson({ type, source, id, subject, time, data });
      expect(verdict.contentSha256).toBe(createHash('sha256').update(canonical).digest('hex'));
      expect(verdict.payload).toBe(canonicalJson(data));
    }
  });

  it('should have a corpus of at least 40 bad inputs', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BAD_INPUTS.map((b) => [b.label, b] as const))('should dead-letter %s', (_label, bad) => {
    const verdict = judge(consumed(bad.message, bad.topic), topics);
    expect(verdict.ok ? 'accepted' : verdict.reason).toBe(bad.reason);
    if (!verdict.ok) {
      expect(verdict.message.length).toBeGreaterThan(10);
      for (const secret of PLANTED_SECRETS) expect(verdict.message).not.toContain(secret);
    }
  });
});

describe('judge, on a simulated stream', () => {
  const { messages } = simulate({ ...DEFAULT_SIMULATION, seed: 7, malformed: 0.2, nfd: 0.3, binary: 0.3 });
  // No edXML share: every message is a CloudEvent.
  const names = {
    dossier: topics.dossierEvents,
    document: topics.documentEvents,
    edxml: topics.edxmlMessages,
  };

  it('should give every message the verdict the simulator expects of it', () => {
    const verdicts = messages.map((m, i) => {
      const verdict = judge(
        { partition: 0, offset: String(i), timestamp: '0', ...m, topic: names[m.topic], key: null },
        topics,
      );
      // A conflicting reuse of an id is only seen against the stored event, not by the judge.
      const expected = m.expect === 'DUPLICATE_ID_CONFLICT' ? 'accepted' : m.expect;
      return [verdict.ok ? 'accepted' : verdict.reason, expected === 'duplicate' ? 'accepted' : expected];
    });
    expect(verdicts.filter(([got, expected]) => got !== expected)).toEqual([]);
    expect(new Set(verdicts.map(([got]) => got))).toEqual(
      new Set([
        'accepted',
        'INVALID_JSON',
        'INVALID_ENCODING',
        'NOT_A_CLOUDEVENT',
        'UNKNOWN_TYPE',
        'SCHEMA_VIOLATION',
      ]),
    );
  });
});
