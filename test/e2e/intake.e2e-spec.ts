import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_HEADERS } from '@hoso/contracts';
import {
  BAD_INPUTS,
  binary,
  eventsOfEveryType,
  type FixtureEvent,
  hostileLookingButValid,
  PLANTED_SECRETS,
  structured,
  toNfd,
  isAbout,
} from '@test/fixtures';
import {
  BridgeProcess,
  caughtUp,
  produceTo,
  query,
  readTopic,
  TcpProxy,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';

const BROKERS = process.env.KAFKA_BROKERS!;

/** Fresh topics and group for one scenario, each topic with a single partition so order is total. */
function scenario() {
  const id = randomUUID().slice(0, 8);
  const topics = {
    dossier: `e2e.${id}.dossier`,
    document: `e2e.${id}.document`,
    deadLetter: `e2e.${id}.dlq`,
  };
  const env = {
    KAFKA_BROKERS: BROKERS,
    KAFKA_GROUP_ID: `e2e-${id}`,
    KAFKA_TOPIC_PARTITIONS: '1',
    KAFKA_TOPIC_DOSSIER_EVENTS: topics.dossier,
    KAFKA_TOPIC_DOCUMENT_EVENTS: topics.document,
    KAFKA_TOPIC_DEAD_LETTER: topics.deadLetter,
    KAFKA_TOPIC_EFILE_ASSEMBLED: `e2e.${id}.efiles`,
    KAFKA_TOPIC_EFILE_ALERTS: `e2e.${id}.alerts`,
  };
  return { topics, env, groupId: env.KAFKA_GROUP_ID };
}

const urlOf = (db: TestDatabase) => (db.config.kind === 'mysql' ? db.config.url : '');
const withFreshId = (event: FixtureEvent, id: string): FixtureEvent => ({ ...structuredClone(event), id });

describe('intake of every event type and a corpus of bad input, through the bridge process', () => {
  const { topics, env, groupId } = scenario();
  let db: TestDatabase;
  let bridge: BridgeProcess;

  // The dossier topic: good events of every type, in both content modes and in NFD, each next to a bad one.
  const dossierTypes = eventsOfEveryType('good').filter(isAbout('dossier'));
  const goods = BAD_INPUTS.map((_, i) => {
    const event = withFreshId(dossierTypes[i % dossierTypes.length]!, `good-${i}`);
    return i % 3 === 2 ? binary(event) : structured(i % 3 === 1 ? toNfd(event) : event);
  });
  const hostile = hostileLookingButValid('e2e');
  const dossierStream = [
    ...BAD_INPUTS.flatMap((bad, i) => [goods[i]!, bad.message]),
    ...hostile.map(structured),
  ];
  const documentEvents = eventsOfEveryType('docs').filter(isAbout('document'));
  const documentStream = [
    ...documentEvents.map(structured),
    ...documentEvents.map((e) => binary(withFreshId(e, `${e.id}-b`))),
  ];
  const goodIds = [
    ...BAD_INPUTS.map((_, i) => `good-${i}`),
    ...hostile.map((e) => e.id),
    ...documentEvents.flatMap((e) => [e.id, `${e.id}-b`]),
  ];

  beforeAll(async () => {
    db = await throwawayMariaDb('e2e_intake');
    bridge = await BridgeProcess.spawn({ ...env, DATABASE_URL: urlOf(db) });
    await bridge.waitForStatus('/health/ready', 200);
    await produceTo(topics.dossier, dossierStream);
    await produceTo(topics.document, documentStream);
    // Then a resend of the same event in the other content mode (a duplicate), and a reuse of its id with
    // other content (a conflict).
    const first = withFreshId(dossierTypes[0]!, 'good-0');
    await produceTo(topics.dossier, [
      binary(first),
      structured({ ...first, data: { ...first.data, summary: 'Khác' } }),
    ]);
    await waitFor('the bridge to catch up', () => caughtUp(groupId, [topics.dossier, topics.document]), {
      timeoutMs: 90_000,
    });
  });
  afterAll(async () => {
    await bridge?.stop();
    await db?.dispose();
  });

  it('should store every good event once, hostile-looking text verbatim', async () => {
    const rows = await query<{ id: string; payload: string }>(
      urlOf(db),
      'SELECT event_id AS id, payload FROM inbox_event',
    );
    expect(rows.map((r) => r.id).sort()).toEqual([...goodIds].sort());
    const payloads = rows.map((r) => r.payload).join('\n');
    for (const event of hostile) expect(payloads).toContain(JSON.stringify(event.data.summary).slice(1, -1));
    expect(payloads).toContain('Nguyễn Thị Minh Anh'.normalize('NFC'));
  });

  it('should dead-letter each bad input, and the conflicting reuse of an id, with the right reason', async () => {
    const expected = new Map(BAD_INPUTS.map((bad, i) => [String(2 * i + 1), bad.reason]));
    expected.set(String(dossierStream.length + 1), 'DUPLICATE_ID_CONFLICT');
    const rows = await query<{ offset: string | number; reason: string }>(
      urlOf(db),
      'SELECT source_offset AS `offset`, reason FROM dead_letter',
    );
    expect(new Map(rows.map((r) => [String(r.offset), r.reason]))).toEqual(expected);
  });

  it('should publish each dead letter with the original key, value bytes and headers, plus the reason', async () => {
    const produced = [...dossierStream, null, structured(withFreshId(dossierTypes[0]!, 'good-0'))];
    const letters = await readTopic(topics.deadLetter, BAD_INPUTS.length + 1);
    expect(letters).toHaveLength(BAD_INPUTS.length + 1);
    for (const letter of letters) {
      const offset = Number(String(letter.headers[DEAD_LETTER_HEADERS.offset]));
      const original = BAD_INPUTS[(offset - 1) / 2]?.message;
      expect(String(letter.headers[DEAD_LETTER_HEADERS.topic])).toBe(topics.dossier);
      expect(String(letter.headers[DEAD_LETTER_HEADERS.reason])).toMatch(/^[A-Z_]+$/);
      expect(String(letter.headers[DEAD_LETTER_HEADERS.time])).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const message = String(letter.headers[DEAD_LETTER_HEADERS.message]);
      for (const secret of PLANTED_SECRETS) expect(message).not.toContain(secret);
      if (!original) {
        expect(String(letter.headers[DEAD_LETTER_HEADERS.reason])).toBe('DUPLICATE_ID_CONFLICT');
        continue;
      }
      expect(letter.value ?? null).toEqual(original.value === null ? null : Buffer.from(original.value));
      expect(letter.key?.toString() ?? null).toBe(original.key);
      for (const [name, value] of Object.entries(original.headers)) {
        expect(Buffer.from(letter.headers[name] as Buffer)).toEqual(Buffer.from(value));
      }
    }
    expect(produced.length).toBeGreaterThan(0);
  });

  it('should count every consumed message as accepted, duplicate or dead-lettered', async () => {
    expect(await bridge.metric('hoso_intake_messages_total', { outcome: 'accepted' })).toBe(goodIds.length);
    expect(await bridge.metric('hoso_intake_messages_total', { outcome: 'duplicate' })).toBe(1);
    expect(await bridge.metric('hoso_intake_messages_total', { outcome: 'dead_lettered' })).toBe(
      BAD_INPUTS.length + 1,
    );
    expect(await bridge.metric('hoso_intake_dead_letters_total', { reason: 'TOO_LARGE' })).toBe(2);
  });

  it('should keep personal data out of its logs', () => {
    expect(bridge.logged('Dead-lettered').length).toBe(BAD_INPUTS.length + 1);
    const logs = bridge.lines.join('\n');
    for (const secret of PLANTED_SECRETS) expect(logs).not.toContain(secret);
    expect(logs).not.toContain('048190001234');
  });
});

describe('a bridge killed between the database commit and the offset commit', () => {
  const { topics, env, groupId } = scenario();
  let db: TestDatabase;

  beforeAll(async () => {
    db = await throwawayMariaDb('e2e_crash');
  });
  afterAll(() => db.dispose());

  it('should lose nothing and store nothing twice after a restart', async () => {
    const events = Array.from({ length: 200 }, (_, i) =>
      structured(withFreshId(eventsOfEveryType('c')[0]!, `crash-${i}`)),
    );
    // A first bridge stores twenty events and commits their offsets; it stops cleanly.
    const first = await BridgeProcess.spawn({ ...env, DATABASE_URL: urlOf(db), INTAKE_BATCH_SIZE: '10' });
    await first.waitForStatus('/health/ready', 200);
    await produceTo(topics.dossier, events.slice(0, 20));
    await waitFor('the first events stored and committed', () => caughtUp(groupId, [topics.dossier]), {
      timeoutMs: 60_000,
    });
    await first.stop();
    // The next one dies right after its first store commits, before its offsets do.
    const crashing = await BridgeProcess.spawn({
      ...env,
      DATABASE_URL: urlOf(db),
      INTAKE_BATCH_SIZE: '10',
      HOSO_FAILPOINTS: 'intake.after-store=1',
    });
    await crashing.waitForStatus('/health/ready', 200);
    await produceTo(topics.dossier, events.slice(20));
    expect(await crashing.waitForExit(60_000)).toEqual({ code: null, signal: 'SIGKILL' });
    const count = 'SELECT COUNT(*) AS n FROM inbox_event';
    const stored = (await query<{ n: number }>(urlOf(db), count))[0]!.n;
    const lastStore = stored - 20;
    expect(lastStore).toBeGreaterThan(0);

    const restarted = await BridgeProcess.spawn({ ...env, DATABASE_URL: urlOf(db), INTAKE_BATCH_SIZE: '10' });
    try {
      await waitFor('the restarted bridge to catch up', () => caughtUp(groupId, [topics.dossier]), {
        timeoutMs: 60_000,
      });
      const rows = await query<{ n: number; ids: number }>(
        urlOf(db),
        'SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids FROM inbox_event',
      );
      expect(rows[0]).toEqual({ n: 200, ids: 200 });
      // What that store held came again and was recognised as already stored.
      expect(await restarted.metric('hoso_intake_messages_total', { outcome: 'duplicate' })).toBe(lastStore);
      expect(await restarted.metric('hoso_intake_messages_total', { outcome: 'dead_lettered' })).toBe(0);
    } finally {
      await restarted.stop();
    }
  });
});

describe('the database down for 20 s during a stream', () => {
  const { topics, env, groupId } = scenario();
  let db: TestDatabase;
  let proxy: TcpProxy;

  beforeAll(async () => {
    db = await throwawayMariaDb('e2e_outage');
    proxy = await TcpProxy.start(3306);
  });
  afterAll(async () => {
    await proxy.close();
    await db.dispose();
  });

  it('should pause without dead-lettering anything and take in everything once the database is back', async () => {
    const viaProxy = urlOf(db).replace(':3306/', `:${proxy.port}/`);
    const bridge = await BridgeProcess.spawn({ ...env, DATABASE_URL: viaProxy, INTAKE_RETRY_MAX_MS: '2000' });
    try {
      await bridge.waitForStatus('/health/ready', 200);
      const sent: string[] = [];
      const stream = setInterval(() => {
        const batch = Array.from({ length: 5 }, () =>
          withFreshId(eventsOfEveryType('o')[0]!, `outage-${sent.length + Math.random()}`),
        );
        sent.push(...batch.map((e) => e.id));
        void produceTo(topics.dossier, batch.map(structured));
      }, 100);

      await waitFor(
        'some events stored',
        async () => (await query(urlOf(db), 'SELECT 1 FROM inbox_event LIMIT 1')).length > 0,
      );
      proxy.cut();
      const cutAt = Date.now();
      await bridge.waitForStatus('/health/ready', 503, 15_000);
      await new Promise((resolve) => setTimeout(resolve, 20_000 - (Date.now() - cutAt)));
      proxy.restore();
      await bridge.waitForStatus('/health/ready', 200, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      clearInterval(stream);

      await waitFor('the bridge to catch up after the outage', () => caughtUp(groupId, [topics.dossier]), {
        timeoutMs: 90_000,
      });
      const rows = await query<{ n: number; ids: number }>(
        urlOf(db),
        'SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS ids FROM inbox_event',
      );
      expect(rows[0]).toEqual({ n: sent.length, ids: sent.length });
      expect((await query<{ n: number }>(urlOf(db), 'SELECT COUNT(*) AS n FROM dead_letter'))[0]?.n).toBe(0);
      expect(await bridge.metric('hoso_intake_messages_total', { outcome: 'dead_lettered' })).toBe(0);
      expect(bridge.logged('Pausing').length).toBeGreaterThan(0);
    } finally {
      await bridge.stop();
    }
  });
});
