import { randomUUID } from 'node:crypto';
import { canonicalJson, drawnByBridge, EFileAlert, EFileAssembled, Topic } from '@hoso/contracts';
import { type StoredEvent } from '@hoso/domain';
import {
  binary,
  dossierHistory,
  documentIssued,
  expectedFile,
  type FixtureEvent,
  type HistoryOptions,
  structured,
  toStored,
  topicOf,
  isAbout,
} from '@test/fixtures';
import {
  BridgeProcess,
  collect,
  createTopics,
  produceTo,
  queryDatabase,
  type ReadMessage,
  stableMembers,
  type TestDatabase,
  throwawayMariaDb,
  throwawaySqlite,
  waitFor,
} from '@test/support';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Varied dossier histories: every rule, every way of ending, messy notations, corrections. */
function histories(prefix: string, count: number, seed: number): HistoryOptions[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  return Array.from({ length: count }, (_, i) => ({
    seed: `${prefix}${String(i).padStart(3, '0')}`,
    results: pick([0, 1, 1, 2, 3]),
    styles: [pick([0, 1, 2, 3, 4]), pick([0, 1, 2, 3, 4]), pick([0, 1, 2, 3, 4])],
    terminal: pick(['returned', 'returned', 'refused', 'withdrawn', 'stopped'] as const),
    supplement: rnd() < 0.3,
    explicit: rnd() < 0.5,
    linked: rnd() < 0.3,
    reply: rnd() < 0.4,
    revoke: rnd() < 0.2,
    noise: rnd() < 0.3,
    corrections: rnd() < 0.3,
  }));
}

const dossierCodeOf = (events: readonly FixtureEvent[]) => events[0]!.subject;

/** Shuffled, some resent, each in a random content mode, half with a key that names nothing. */
function asDelivered(events: readonly FixtureEvent[], seed: number) {
  const rnd = random(seed);
  const copies = [...events, ...events.filter(() => rnd() < 0.1)];
  for (let i = copies.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [copies[i], copies[j]] = [copies[j]!, copies[i]!];
  }
  return copies.map((event) => {
    const message = rnd() < 0.5 ? structured(event) : binary(event);
    return { topic: topicOf(event), message: rnd() < 0.5 ? { ...message, key: randomUUID() } : message };
  });
}

interface Setup {
  topics: { dossier: string; document: string; efiles: string; alerts: string };
  env: Record<string, string>;
}

async function setup(partitions: number): Promise<Setup> {
  const id = randomUUID().slice(0, 8);
  const topics = {
    dossier: `f.${id}.dossier`,
    document: `f.${id}.document`,
    efiles: `f.${id}.efiles`,
    alerts: `f.${id}.alerts`,
  };
  await createTopics([...Object.values(topics), `f.${id}.dlq`], partitions);
  return {
    topics,
    env: {
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_GROUP_ID: `f-${id}`,
      KAFKA_TOPIC_DOSSIER_EVENTS: topics.dossier,
      KAFKA_TOPIC_DOCUMENT_EVENTS: topics.document,
      KAFKA_TOPIC_EFILE_ASSEMBLED: topics.efiles,
      KAFKA_TOPIC_EFILE_ALERTS: topics.alerts,
      KAFKA_TOPIC_DEAD_LETTER: `f.${id}.dlq`,
      EFILE_GRACE_PERIOD_MS: '3000',
      DEADLINE_POLL_INTERVAL_MS: '250',
      RELAY_INTERVAL_MS: '200',
      SUGGESTION_SWEEP_INTERVAL_MS: '500',
    },
  };
}

/** Each message to the scenario's topic standing for its contract topic. */
async function deliver(s: Setup, delivered: ReturnType<typeof asDelivered>): Promise<void> {
  await produceTo(
    s.topics.dossier,
    delivered.filter((d) => d.topic === Topic.dossierEvents).map((d) => d.message),
  );
  await produceTo(
    s.topics.document,
    delivered.filter((d) => d.topic === Topic.documentEvents).map((d) => d.message),
  );
}

interface Emitted {
  message: ReadMessage;
  event: { id: string; subject: string; type: string; source: string; data: EFileAssembled };
}

const decode = (message: ReadMessage): Emitted => ({
  message,
  event: JSON.parse(String(message.value)) as Emitted['event'],
});

/** The latest revision emitted for each dossier. */
function latestByDossier(emitted: readonly Emitted[]): Map<string, EFileAssembled> {
  const latest = new Map<string, EFileAssembled>();
  for (const { event } of emitted) {
    const code = event.data.dossier.dossierCode;
    if ((latest.get(code)?.revision ?? 0) < event.data.revision) latest.set(code, event.data);
  }
  return latest;
}

/**
 * True when every dossier that ended has, as its latest revision, the file the pure functions expect;
 * otherwise throws what differs (waitFor reports the last of these when it gives up).
 */
function filedAsExpected(
  emitted: readonly Emitted[],
  stored: Map<string, StoredEvent[]>,
  ended: readonly string[],
): boolean {
  const latest = latestByDossier(emitted);
  const problems = ended.flatMap((code) => {
    const file = latest.get(code);
    if (!file) return [`${code}: no e-file`];
    const expected = expectedFile(code, stored.get(code)!, file.fileCode);
    if (file.contentHash === expected.contentHash) return [];
    const actual = file as unknown as Record<string, unknown>;
    const want = expected.content as unknown as Record<string, unknown>;
    const fields = Object.keys(want).filter((k) => canonicalJson(actual[k]) !== canonicalJson(want[k]));
    const show = (v: unknown) => canonicalJson(v).slice(0, 400);
    return [
      `${code} r${file.revision}: ${fields.map((k) => `${k}: got ${show(actual[k])} want ${show(want[k])}`).join(' | ')}`,
    ];
  });
  if (problems.length > 0)
    throw new Error(
      `${problems.length} dossier(s) not filed as expected:\n${problems.slice(0, 5).join('\n')}`,
    );
  return true;
}

/** Checks every emitted message against the contract and the rules of the output topic. */
function expectLawfulOutput(emitted: readonly Emitted[]): void {
  const seen = new Set<string>();
  const lastRevision = new Map<string, number>();
  for (const { message, event } of emitted) {
    const { data } = event;
    expect(event.type).toBe('vn.hoso.efile.assembled.v1');
    expect(event.id).toBe(`${data.fileCode}#${data.revision}`);
    expect([event.subject, String(message.key)]).toEqual([data.fileCode, data.fileCode]);
    expect(validateSync(plainToInstance(EFileAssembled, data))).toEqual([]);
    expect(data.fileCode).toBe(`${data.organId}.${data.fileCatalog}.${data.fileNotation}`);
    expect(data.documents.map((d) => d.docCode)).toEqual(
      data.documents.map((_, i) => `${data.fileCode}.${String(i + 1).padStart(7, '0')}`),
    );
    expect(data.supersedes).toBe(data.revision === 1 ? null : data.revision - 1);
    // Last, and only there, the processing-control slip the bridge drew of the history.
    expect(data.processing.length).toBeGreaterThan(0);
    expect(data.documents.map((d) => d.role === 'processing_slip')).toEqual(
      data.documents.map((_, i) => i === data.documents.length - 1),
    );
    // No (fileCode, revision) twice, and a file's revisions in order on its partition.
    expect(seen.has(event.id)).toBe(false);
    seen.add(event.id);
    expect(data.revision).toBe((lastRevision.get(data.fileCode) ?? 0) + 1);
    lastRevision.set(data.fileCode, data.revision);
  }
}

describe('filing through the bridge process on MariaDB: from dossier and documents to lawful e-files', () => {
  let s: Setup;
  let db: TestDatabase;
  let bridge: BridgeProcess;
  let efiles: Awaited<ReturnType<typeof collect>>;
  let alerts: Awaited<ReturnType<typeof collect>>;
  const stored = new Map<string, StoredEvent[]>();
  const emitted = () => efiles.messages.map(decode);

  const varied = histories('m', 24, 7).map((o) => dossierHistory(o));
  const withoutResult = dossierHistory({
    ...histories('g', 1, 1)[0]!,
    results: 2,
    terminal: 'returned',
    revoke: false,
    corrections: false,
  });
  const neverArrives = withoutResult
    .filter((e) => isAbout('document')(e) && e.subject.endsWith('.1'))
    .map((e) => e.id);
  const unplanned = dossierHistory({ ...histories('u', 1, 2)[0]!, terminal: 'returned' }).map((e) =>
    e.type === 'vn.motcua.dossier.received.v1'
      ? { ...e, data: { ...e.data, procedure: { code: '1.999999', name: 'Thủ tục chưa có trong danh mục' } } }
      : e,
  );
  const open = dossierHistory({ ...histories('o', 1, 3)[0]!, terminal: null });
  // A decision of the ward that names no dossier, only its applicant in the subject (rule 4).
  const stray = documentIssued('000.00.20.H17.S.stray', {
    subject: 'Về việc giải quyết kiến nghị của bà Nguyễn Thị Minh Anh',
    issuedDate: '2026-03-05',
  });
  const all = [...varied, withoutResult, unplanned, open];

  beforeAll(async () => {
    s = await setup(6);
    db = await throwawayMariaDb('e2e_filing');
    efiles = await collect(s.topics.efiles);
    alerts = await collect(s.topics.alerts);
    bridge = await BridgeProcess.spawn({
      ...s.env,
      DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
    });
    await bridge.waitForStatus('/health/ready', 200);
    for (const history of all) {
      const kept = history.filter((e) => !neverArrives.includes(e.id));
      stored.set(
        dossierCodeOf(history),
        kept.map((e, i) => toStored(e, i)),
      );
    }
    await deliver(
      s,
      asDelivered(
        [...all.flat(), stray].filter((e) => !neverArrives.includes(e.id)),
        42,
      ),
    );
  });
  afterAll(async () => {
    await Promise.all([efiles?.stop(), alerts?.stop()]);
    await bridge?.stop();
    await db?.dispose();
  });

  it('should file every dossier that ended, whatever the order and duplicates, as the pure rules say', async () => {
    const ended = all
      .filter((h) => h.some((e) => /result-returned|refused|withdrawn|stopped/.test(e.type)))
      .map(dossierCodeOf);
    await waitFor('every ended dossier filed as expected', () => filedAsExpected(emitted(), stored, ended), {
      timeoutMs: 60_000,
    });
    expect(latestByDossier(emitted()).has(dossierCodeOf(open))).toBe(false);
  });

  it('should emit only lawful e-files, each (fileCode, revision) once and in order', () => {
    expectLawfulOutput(emitted());
    const codes = latestByDossier(emitted());
    expect(new Set([...codes.values()].map((f) => f.fileCode)).size).toBe(codes.size);
  });

  it('should file a dossier without a named result document after the grace period, and raise unmatched', async () => {
    const file = await waitFor('the file after the grace period', () =>
      latestByDossier(emitted()).get(dossierCodeOf(withoutResult)),
    );
    expect(file.documents.filter((d) => d.role === 'result')).toHaveLength(1);
    const raised = () =>
      alerts.messages.map((m) => (JSON.parse(String(m.value)) as { data: EFileAlert }).data);
    await waitFor('the unmatched alert', () => raised().some((a) => a.kind === 'unmatched'));
    expect(raised()).toContainEqual(
      expect.objectContaining({
        kind: 'unmatched',
        dossierCode: dossierCodeOf(withoutResult),
        fileCode: file.fileCode,
      }),
    );
  });

  it('should raise overdue for an open dossier past its appointment date, and needs_classification for a procedure outside the plan', async () => {
    const kinds = () =>
      alerts.messages.map((m) => (JSON.parse(String(m.value)) as { data: EFileAlert }).data);
    await waitFor('the alerts', () =>
      kinds().some((a) => a.kind === 'overdue' && a.dossierCode === dossierCodeOf(open)),
    );
    expect(kinds()).toContainEqual(
      expect.objectContaining({ kind: 'needs_classification', dossierCode: dossierCodeOf(unplanned) }),
    );
    for (const alert of kinds()) expect(validateSync(plainToInstance(EFileAlert, alert))).toEqual([]);
    expect(latestByDossier(emitted()).get(dossierCodeOf(unplanned))?.fileNotation).toMatch(/^\d{2}\.TTHC$/);
  });

  it('should store rule-4 suggestions for a document that names no dossier, and never link it', async () => {
    const strayId = stray.subject;
    const suggested = await waitFor('suggestions for the stray document', async () => {
      const rows = await queryDatabase<{ dossierCode: string; status: string }>(
        db,
        'SELECT dossier_code AS dossierCode, status FROM link_suggestion WHERE document_id = ?',
        [strayId],
      );
      return rows.length > 0 && rows;
    });
    expect(suggested).toContainEqual({ dossierCode: dossierCodeOf(open), status: 'pending' });
    const members = [...latestByDossier(emitted()).values()].flatMap((f) =>
      f.documents.map((d) => d.sourceId),
    );
    expect(members).not.toContain(strayId);
  });

  it('should emit a new revision for a document that arrives after the file, and for a revocation', async () => {
    const target = varied.find(
      (h) =>
        h.some((e) => e.type === 'vn.motcua.dossier.result-returned.v1') &&
        h.some((e) => isAbout('document')(e) && e.subject.includes('.R.')),
    )!;
    const code = dossierCodeOf(target);
    const before = latestByDossier(emitted()).get(code)!;
    const result = target.find((e) => isAbout('document')(e) && e.subject.includes('.R.'))!;
    const resultId = result.subject;
    const late: FixtureEvent = {
      ...structuredClone(result),
      id: `late-${randomUUID()}`,
      subject: `${resultId}.late`,
      data: {
        ...structuredClone(result.data),
        documentId: `${resultId}.late`,
        number: '999',
        typeCode: '14',
        typeName: 'Báo cáo',
        relatedDossierCodes: [],
        inReplyTo: [resultId],
      },
    };
    stored.set(code, [...stored.get(code)!, toStored(late)]);
    await produceTo(s.topics.document, [structured(late)]);
    await waitFor('a late-document revision', () => filedAsExpected(emitted(), stored, [code]));
    const after = latestByDossier(emitted()).get(code)!;
    expect(after).toMatchObject({
      fileCode: before.fileCode,
      revision: before.revision + 1,
      supersedes: before.revision,
      completedBy: 'late_document',
    });

    const revoke: FixtureEvent = {
      specversion: '1.0',
      id: `revoke-${randomUUID()}`,
      source: late.source,
      type: 'vn.qlvb.document.revoked.v1',
      time: '2026-03-20T08:00:00+07:00',
      subject: `${resultId}.late`,
      data: {
        documentId: `${resultId}.late`,
        agencyCode: (late.data as { agencyCode: string }).agencyCode,
        revokedAt: '2026-03-20T08:00:00+07:00',
        reason: 'Thu hồi do sai sót',
      },
    };
    stored.set(code, [...stored.get(code)!, toStored(revoke)]);
    await produceTo(s.topics.document, [binary(revoke)]);
    await waitFor('a revocation revision', () => filedAsExpected(emitted(), stored, [code]));
    expect(latestByDossier(emitted()).get(code)).toMatchObject({
      revision: before.revision + 2,
      completedBy: 'revoked_document',
    });
    expectLawfulOutput(emitted());
  });
});

/** Procedures of the shipped plan (classified or not) and one it does not list. */
const PROCEDURES = [
  { code: '1.004194', name: 'Đăng ký khai sinh', sector: 'Hộ tịch', heading: 'HT' },
  { code: '1.000894', name: 'Đăng ký kết hôn', sector: 'Hộ tịch', heading: 'HT' },
  { code: '1.001193', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', sector: 'Xây dựng', heading: 'XD' },
  { code: '1.005129', name: 'Chứng thực bản sao từ bản chính', sector: 'Chứng thực', heading: 'CT' },
  { code: '1.999999', name: 'Thủ tục chưa có trong danh mục', sector: 'Khác', heading: 'TTHC' },
];

/**
 * At least 200 dossiers of every ending, some refused at the desk with no receipt, some naming their
 * procedure on the ending events: each under one of the plan's procedures, or one it does not list.
 */
function everyEnding(perEnding: number): FixtureEvent[][] {
  const rnd = random(2026);
  const endings = ['returned', 'refused', 'withdrawn', 'stopped'] as const;
  return endings.flatMap((terminal, e) =>
    histories(`${e}`, perEnding, 100 + e).map((o, i) => {
      const procedure = PROCEDURES[(i + e) % PROCEDURES.length]!;
      const { heading: _heading, ...named } = procedure;
      const history = dossierHistory({
        ...o,
        seed: `${e}${String(i).padStart(3, '0')}`,
        terminal,
        // A resolution that names no result document, then the return (one in three returned dossiers).
        results: terminal === 'returned' && i % 3 === 0 ? 0 : o.results,
        received: !(terminal === 'refused' && rnd() < 0.3),
        procedureOnEnding: rnd() < 0.5,
      });
      return history.map((event) =>
        (event.data as { procedure?: object }).procedure
          ? { ...event, data: { ...event.data, procedure: named } }
          : event,
      );
    }),
  );
}

/** The file without what only its place in the numbering decides: the ordinal, and where events were read. */
function withoutOrdinal(file: EFileAssembled) {
  const ordinal = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}\.\d{4})\.\d+\./;
  const strip = (code: string) => code.replace(ordinal, '$1.NN.');
  const { revision: _r, supersedes: _s, completedBy: _c, provenance: _p, contentHash: _h, ...content } = file;
  return {
    ...content,
    fileCode: strip(file.fileCode),
    fileNotation: file.fileNotation.replace(/^\d+\./, 'NN.'),
    // The processing-control slip prints the file code, so its bytes differ with the ordinal.
    documents: file.documents.map((d) => ({
      ...d,
      docCode: strip(d.docCode),
      file: drawnByBridge(d) ? { ...d.file, sizeBytes: 0, sha256: '' } : d.file,
    })),
    // The paper file is coded as the file itself (Decree 30/2020 Art. 28), ordinal included.
    paperFile: file.paperFile && { ...file.paperFile, paperFileCode: strip(file.paperFile.paperFileCode) },
  };
}

describe('filing in any order of arrival, next to the same dossiers in order (two bridges on MariaDB)', () => {
  it('should end with the same e-files but for the ordinal, and never file a revision from missing facts', async () => {
    const all = everyEnding(200);
    const codes = all.map(dossierCodeOf);
    const namedIn = (h: FixtureEvent[]) =>
      h.map((e) => (e.data as { procedure?: { code: string } }).procedure).find(Boolean);
    const procedureOf = new Map(
      all.map((h) => [dossierCodeOf(h), PROCEDURES.find((p) => p.code === namedIn(h)?.code)]),
    );
    const start = async (name: string) => {
      const s = await setup(6);
      const db = await throwawayMariaDb(`e2e_filing_${name}`);
      const efiles = await collect(s.topics.efiles);
      const bridge = await BridgeProcess.spawn({
        ...s.env,
        // Nothing may be filed by a grace period running out: every fact arrives.
        EFILE_GRACE_PERIOD_MS: '259200000',
        DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
      });
      return { name, s, db, efiles, bridge };
    };
    // One after the other: topics created at once by two admin clients may not have their leaders yet.
    const runs = [await start('shuffled'), await start('in_order')];
    try {
      await Promise.all(runs.map((r) => r.bridge.waitForStatus('/health/ready', 200)));
      const [shuffled, inOrder] = runs as [(typeof runs)[0], (typeof runs)[0]];
      // Each dossier's events in a random permutation (endings before receipts included), with duplicates.
      await deliver(
        shuffled.s,
        all.flatMap((history, i) => asDelivered(history, 7000 + i)),
      );
      await deliver(
        inOrder.s,
        all.flat().map((event) => ({ topic: topicOf(event), message: structured(event) })),
      );
      // A dossier refused with neither receipt nor procedure waits (for its grace period) in both runs.
      const filed = codes.filter((code) => procedureOf.get(code) !== undefined);
      expect(codes.length - filed.length).toBeGreaterThan(0);
      const latest = (r: (typeof runs)[0]) => latestByDossier(r.efiles.messages.map(decode));
      await waitFor(
        'every dossier with its facts filed by both bridges, with the same content',
        () => {
          const [a, b] = [latest(shuffled), latest(inOrder)];
          const differ = filed.filter((code) => {
            const [x, y] = [a.get(code), b.get(code)];
            return !x || !y || canonicalJson(withoutOrdinal(x)) !== canonicalJson(withoutOrdinal(y));
          });
          if (differ.length > 0)
            throw new Error(`${differ.length} of ${filed.length} differ, e.g. ${differ[0]}`);
          return true;
        },
        { timeoutMs: 480_000, intervalMs: 1000 },
      );
      for (const run of runs) {
        const emitted = run.efiles.messages.map(decode);
        expectLawfulOutput(emitted);
        for (const { event } of emitted) {
          const file = event.data;
          const procedure = procedureOf.get(file.dossier.dossierCode)!;
          // Never from missing facts: the procedure known, under its heading, and a title that names it.
          expect([file.dossier.procedureCode, file.fileNotation.split('.')[1]]).toEqual([
            procedure.code,
            procedure.heading,
          ]);
          expect(file.title).toContain(procedure.name);
          if (procedure.heading !== 'TTHC') expect(file.title).not.toMatch(/mã hồ sơ/);
          expect(file.classified).toBe(procedure.heading === 'HT');
        }
        expect(new Set(emitted.map((e) => e.event.data.dossier.dossierCode)).size).toBe(filed.length);
      }
      // The first revision says how the dossier ended, in both runs alike.
      const firsts = (r: (typeof runs)[0]) =>
        new Map(
          r.efiles.messages
            .map(decode)
            .filter((e) => e.event.data.revision === 1)
            .map((e) => [e.event.data.dossier.dossierCode, e.event.data.completedBy]),
        );
      expect(firsts(shuffled)).toEqual(firsts(inOrder));
    } finally {
      await Promise.all(runs.map((r) => r.efiles.stop()));
      await Promise.all(runs.map((r) => r.bridge.stop()));
      await Promise.all(runs.map((r) => r.db.dispose()));
    }
  }, 600_000); // some 15,000 events through two bridges: a minute idle, several on a busy machine
});

describe('two bridge instances on 6 partitions', () => {
  it('should emit no (fileCode, revision) twice and file every dossier as expected', async () => {
    const s = await setup(6);
    const db = await throwawayMariaDb('e2e_filing_two');
    const efiles = await collect(s.topics.efiles);
    const env = { ...s.env, DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '' };
    const bridges = await Promise.all([BridgeProcess.spawn(env), BridgeProcess.spawn(env)]);
    try {
      await Promise.all(bridges.map((b) => b.waitForStatus('/health/ready', 200)));
      // Both members hold partitions before the stream starts, so both take part.
      await waitFor(
        'both instances in the group',
        async () => (await stableMembers(s.env.KAFKA_GROUP_ID!)) === 2,
      );
      const all = histories('t', 40, 11).map((o) =>
        dossierHistory({ ...o, terminal: o.terminal ?? 'returned' }),
      );
      const stored = new Map(all.map((h) => [dossierCodeOf(h), h.map((e, i) => toStored(e, i))]));
      await deliver(s, asDelivered(all.flat(), 99));
      await waitFor(
        'every dossier filed',
        () => filedAsExpected(efiles.messages.map(decode), stored, [...stored.keys()]),
        { timeoutMs: 90_000 },
      );
      expectLawfulOutput(efiles.messages.map(decode));
      const handled = await Promise.all(bridges.map((b) => b.metric('hoso_intake_messages_total')));
      // Both instances took part.
      expect(handled.every((n) => n > 0)).toBe(true);
    } finally {
      await efiles.stop();
      await Promise.all(bridges.map((b) => b.stop()));
      await db.dispose();
    }
  });
});

describe('filing on the embedded SQLite database', () => {
  it('should file every dossier as expected', async () => {
    const s = await setup(3);
    const db = await throwawaySqlite('e2e_filing');
    const efiles = await collect(s.topics.efiles);
    const bridge = await BridgeProcess.spawn({
      ...s.env,
      SQLITE_PATH: db.config.kind === 'sqlite' ? db.config.path : '',
    });
    try {
      await bridge.waitForStatus('/health/ready', 200);
      const all = histories('s', 10, 5).map((o) => dossierHistory({ ...o, terminal: 'returned' }));
      const stored = new Map(all.map((h) => [dossierCodeOf(h), h.map((e, i) => toStored(e, i))]));
      await deliver(s, asDelivered(all.flat(), 7));
      await waitFor(
        'every dossier filed',
        () => filedAsExpected(efiles.messages.map(decode), stored, [...stored.keys()]),
        { timeoutMs: 60_000 },
      );
      expectLawfulOutput(efiles.messages.map(decode));
    } finally {
      await efiles.stop();
      await bridge.stop();
      await db.dispose();
    }
  });
});
