import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  type EFileAssembled,
  type AuditEntry,
  type Page,
  type Problem,
  problemType,
  type RedriveReport,
  type Suggestion,
} from '@hoso/contracts';
import { fold } from '@hoso/domain';
import { Workbook } from 'exceljs';
import {
  documentIssued,
  dossierHistory,
  type FixtureEvent,
  PLAIN_HISTORY,
  structured,
  topicOf,
} from '@test/fixtures';
import {
  BridgeProcess,
  CLI_MAIN,
  collect,
  createTopics,
  produceTo,
  queryDatabase,
  REPO_ROOT,
  runHoso,
  suiteTopics,
  OPENAPI_FILE,
  openApiAnswer,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';

const VIEWER = 'viewer-token-0123456789abcdef';
const OPERATOR = 'operator-token-0123456789abcdef';

const history = (seed: string, terminal: 'returned' | null) =>
  dossierHistory({
    ...PLAIN_HISTORY,
    seed,
    styles: [1],
    terminal,
  });

const dossierCodeOf = (events: readonly FixtureEvent[]) => events[0]!.subject;

describe('operations on MariaDB: health of the consumers, metrics, and the audited admin API', () => {
  const { topics, env } = suiteTopics('o');
  const filed = history('ops1', 'returned');
  const open = history('ops2', null);
  // A document naming no dossier, only the applicant of the open dossier (rule 4: a suggestion).
  const stray = documentIssued('000.00.20.H17.S.ops', {
    subject: 'Về việc giải quyết kiến nghị của bà Nguyễn Thị Minh Anh',
    issuedDate: '2026-03-05',
  });
  // A dossier event the partner sent without its procedure: dead-lettered, then redriven corrected.
  const broken = structuredClone(history('ops3', null)[0]!);
  const { procedure: _procedure, ...withoutProcedure } = broken.data;
  let db: TestDatabase;
  let bridge: BridgeProcess;
  let efiles: Awaited<ReturnType<typeof collect>>;
  const emitted = () =>
    efiles.messages.map((m) => JSON.parse(String(m.value)) as { id: string; data: EFileAssembled });
  const admin = <T = Record<string, unknown>>(path: string, token = VIEWER, body?: unknown) =>
    bridge.json<T>(path, { token, body, method: body === undefined ? 'GET' : 'POST' });

  beforeAll(async () => {
    await createTopics(Object.values(topics), 3);
    db = await throwawayMariaDb('e2e_operations');
    efiles = await collect(topics.efiles);
    bridge = await BridgeProcess.spawn({
      ...env,
      DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
      ADMIN_TOKENS: `viewer:le.thi.xem:${VIEWER},operator:tran.van.lam:${OPERATOR}`,
      RELAY_INTERVAL_MS: '200',
      SUGGESTION_SWEEP_INTERVAL_MS: '300',
    });
    await bridge.waitForStatus('/health/ready', 200);
    const events = [...filed, ...open, stray];
    await produceTo(topics.dossier, [
      ...events.filter((e) => topicOf(e) !== topicOf(stray)).map(structured),
      structured({ ...broken, data: withoutProcedure }),
    ]);
    await produceTo(topics.document, events.filter((e) => topicOf(e) === topicOf(stray)).map(structured));
    await waitFor('the first e-file', () => emitted().length > 0, { timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await efiles?.stop();
    await bridge?.stop();
    await db?.dispose();
  });

  it('should refuse the admin API without a token (401), with an unknown one (401), and a viewer acting (403), and log each refusal', async () => {
    expect((await bridge.request('/admin/dossiers')).status).toBe(401);
    expect((await bridge.request('/admin/dossiers', { token: 'not-a-token-0123456789' })).status).toBe(401);
    expect((await bridge.request('/admin/dossiers', { token: VIEWER })).status).toBe(200);
    const forced = `/admin/dossiers/${dossierCodeOf(open)}/force-complete`;
    expect((await bridge.request(forced, { method: 'POST' })).status).toBe(401);
    expect((await bridge.request(forced, { method: 'POST', token: VIEWER })).status).toBe(403);
    // The log lines reach the test through a pipe, possibly after the answers.
    await waitFor('the refusals logged', () => bridge.logged('refused: no token').length >= 2);
    await waitFor('the viewer refusal logged', () => bridge.logged('refused: role too low').length === 1);
    expect(bridge.logged('refused: role too low')).toContainEqual(
      expect.objectContaining({ actor: 'le.thi.xem', required: 'operator' }),
    );
    // Nothing was done by the refused calls.
    expect(emitted().filter((e) => e.data.dossier.dossierCode === dossierCodeOf(open))).toEqual([]);
  });

  it('should answer by its published contract: problem+json with a stable type, 401 with WWW-Authenticate, 400 for a day that does not exist', async () => {
    const problem = async (path: string, token?: string, route = path.split('?')[0]!) => {
      const answer = await bridge.request(path, { token });
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = JSON.parse(answer.body) as Problem;
      const valid = openApiAnswer('get', route, answer.status, 'application/problem+json');
      expect([valid(body), valid.errors ?? null]).toEqual([true, null]);
      return { ...answer, problem: body };
    };
    const none = await problem('/admin/dossiers');
    expect([none.status, none.problem.type, none.headers['www-authenticate']]).toEqual([
      401,
      problemType('unauthenticated'),
      'Bearer realm="hoso-bridge"',
    ]);
    const unknown = await problem('/admin/dossiers', 'not-a-token-0123456789');
    expect(unknown.headers['www-authenticate']).toBe('Bearer realm="hoso-bridge", error="invalid_token"');

    const badDay = await problem('/admin/stats?from=2026-13-01', VIEWER);
    expect([badDay.status, badDay.problem.type, badDay.problem.invalidParams]).toEqual([
      400,
      problemType('invalid-request'),
      [{ name: 'from', reason: 'from must be a day that exists' }],
    ]);
    expect((await problem('/admin/overview?from=2026-02-29', VIEWER)).status).toBe(400);
    const badCursor = await problem('/admin/dossiers?after=not-a-cursor', VIEWER);
    expect([badCursor.status, badCursor.problem.invalidParams]).toEqual([
      400,
      [{ name: 'after', reason: 'after must be the `next` of a page of this list' }],
    ]);
    const unknownMember = await problem('/admin/dossiers?colour=red', VIEWER);
    expect(unknownMember.problem.invalidParams).toEqual([
      { name: 'colour', reason: 'property colour should not exist' },
    ]);
    const missing = await problem('/admin/dossiers/no-such-dossier', VIEWER, '/admin/dossiers/{code}');
    expect([missing.status, missing.problem.type]).toEqual([404, problemType('not-found')]);
    // The document the bridge serves is the one published.
    expect(await bridge.json('/docs-json')).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
  });

  it('should page every list as {items, next}, each answer valid against the published document', async () => {
    const answers: Array<[string, string]> = [
      ['/admin/dossiers', '/admin/dossiers?limit=1'],
      ['/admin/efiles', '/admin/efiles?agency=000.00.20.H17&limit=1'],
      ['/admin/alerts', '/admin/alerts'],
      ['/admin/dlq', '/admin/dlq'],
      ['/admin/suggestions', '/admin/suggestions?status=pending'],
      ['/admin/audit', '/admin/audit'],
      ['/admin/jobs', '/admin/jobs'],
      ['/admin/transfers', '/admin/transfers?agency=000.00.20.H17&year=2026'],
      ['/admin/pending', '/admin/pending?limit=1'],
      ['/admin/pending/documents', '/admin/pending/documents'],
      ['/admin/pending/dossiers', '/admin/pending/dossiers'],
      ['/admin/stats', '/admin/stats?from=2026-03-01&to=2026-03-31'],
      ['/admin/overview', '/admin/overview?from=2026-03-01&to=2026-03-31'],
      ['/admin/whoami', '/admin/whoami'],
      [`/admin/dossiers/{code}`, `/admin/dossiers/${dossierCodeOf(filed)}`],
    ];
    for (const [route, path] of answers) {
      const body = await admin<unknown>(path);
      const valid = openApiAnswer('get', route, 200);
      expect([path, valid(body), valid.errors ?? null]).toEqual([path, true, null]);
    }
    // The next page of the dossiers follows on from the cursor, to the end.
    const first = await admin<Page<{ dossierCode: string }>>('/admin/dossiers?limit=1');
    const second = await admin<Page<{ dossierCode: string }>>(
      `/admin/dossiers?limit=1&after=${encodeURIComponent(first.next!)}`,
    );
    expect([first.items[0]!.dossierCode, second.items[0]!.dossierCode]).toEqual([
      dossierCodeOf(filed),
      dossierCodeOf(open),
    ]);
  });

  it('should report each source partition with its offsets and lag, and the backlogs, at /health/consumers', async () => {
    const report = await waitFor('the consumer caught up', async () => {
      const r = await bridge.json<{
        partitions: Array<{ topic: string; lag: number; committedOffset: string | null; stalled: boolean }>;
        totalLag: number;
        deadLetters: number;
      }>('/health/consumers');
      return r.totalLag === 0 && r.deadLetters === 1 && r;
    });
    expect(report.partitions.map((p) => p.topic).sort()).toEqual(
      [topics.document, topics.dossier].flatMap((topic) => [topic, topic, topic]).sort(),
    );
    expect(report.partitions.every((p) => !p.stalled)).toBe(true);
    const metrics = (await bridge.request('/metrics')).body;
    for (const name of [
      'hoso_events_consumed_total{',
      'hoso_consumer_lag{',
      'hoso_pending{kind="documents"}',
      'hoso_relay_backlog ',
      'hoso_dead_letters 1',
      'hoso_efile_latency_seconds_bucket{',
      'hoso_efiles_emitted_total{completed_by="result_returned"} 1',
    ]) {
      expect(metrics).toContain(name);
    }
  });

  it('should list and show dossiers, e-files and statistics per agency to a viewer', async () => {
    const list = await admin<{ items: Array<{ dossierCode: string; status: string }> }>(
      '/admin/dossiers?agency=000.00.20.H17&limit=10',
    );
    expect(list.items.map((d) => [d.dossierCode, d.status])).toEqual([
      [dossierCodeOf(filed), 'result_returned'],
      [dossierCodeOf(open), 'resolved'],
    ]);
    const shown = await admin<{ dossier: { fileCode: string }; efiles: unknown[]; events: unknown[] }>(
      `/admin/dossiers/${dossierCodeOf(filed)}`,
    );
    expect(shown.efiles).toHaveLength(1);
    expect(shown.events).toHaveLength(filed.filter((e) => topicOf(e) === topicOf(filed[0]!)).length);
    const file = await admin<{ revisions: Array<{ revision: number }> }>(
      `/admin/efiles/${shown.dossier.fileCode}`,
    );
    expect(file.revisions.map((r) => r.revision)).toEqual([1]);
    expect((await bridge.request('/admin/dossiers/no-such-dossier', { token: VIEWER })).status).toBe(404);
    expect((await bridge.request('/admin/dossiers?limit=9999', { token: VIEWER })).status).toBe(400);
    const openapi = await bridge.json<{ paths: Record<string, unknown> }>('/docs-json');
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/admin/stats', '/admin/dlq/redrive', '/admin/dossiers/{code}/force-complete']),
    );

    const stats = await admin<{ total: Record<string, number>; agencies: Array<Record<string, unknown>> }>(
      '/admin/stats?from=2026-03-01&to=2026-03-31',
    );
    expect(stats.agencies).toEqual([
      expect.objectContaining({
        agencyCode: '000.00.20.H17',
        received: 2,
        resolved: 1,
        efiles: 1,
        efileRate: 1,
        outgoingDocuments: 1,
        incomingDocuments: 0,
        officials: 1,
      }),
    ]);
    expect(stats.total).toMatchObject({ received: 2, resolved: 1, efiles: 1, efileRate: 1, officials: 1 });
    const agencyName = (stats.agencies[0]!.agencyName as string | null) ?? '';
    expect(agencyName.length).toBeGreaterThan(0);

    const overview = await admin<{ total: unknown; daily: Array<Record<string, unknown>> }>(
      '/admin/overview?from=2026-03-01&to=2026-03-31',
    );
    expect(overview.total).toEqual(stats.total);
    expect(overview.daily).toHaveLength(31);
    const sum = (key: string) => overview.daily.reduce((n, d) => n + (d[key] as number), 0);
    expect([sum('received'), sum('resolved'), sum('efiles')]).toEqual([2, 1, 1]);
    expect(
      (await bridge.request('/admin/overview?from=2026-03-31&to=2026-03-01', { token: VIEWER })).status,
    ).toBe(400);
    expect(
      (await bridge.request('/admin/overview?from=2025-01-01&to=2026-03-01', { token: VIEWER })).status,
    ).toBe(400);

    // Searched for as typed on a keyboard without Vietnamese input: no diacritics, lower case.
    const typed = encodeURIComponent(fold(agencyName).toLowerCase());
    const csv = await bridge.request(`/admin/stats/export?from=2026-03-01&to=2026-03-31&q=${typed}&lang=en`, {
      token: VIEWER,
    });
    expect(csv.status).toBe(200);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^Agency code,Agency,Dossiers received/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['000.00.20.H17']);
    const none = await bridge.request('/admin/stats/export?from=2026-03-01&to=2026-03-31&q=no-such-agency', {
      token: VIEWER,
    });
    expect(none.body.trim().split('\r\n')).toHaveLength(1);
  });

  it("should neutralize a partner's text that a spreadsheet would take for a formula, in CSV and Excel", async () => {
    // An agency whose one-stop system names it like a formula, with a dossier received in April.
    const receipt = structuredClone(history('ops9', null)[0]!);
    const code = '000.00.99.H17-260402-0001';
    const name = '=HYPERLINK("http://evil.example/","Sở Tư pháp")';
    Object.assign(receipt, { id: `formula-${code}`, subject: code, time: '2026-04-02T08:00:00+07:00' });
    Object.assign(receipt.data, {
      dossierCode: code,
      agencyCode: '000.00.99.H17',
      agencyName: name,
      receivedAt: '2026-04-02T08:00:00+07:00',
      dueAt: '2026-04-20T17:00:00+07:00',
    });
    await produceTo(topics.dossier, [structured(receipt)]);
    await waitFor(
      'the April dossier',
      async () => (await bridge.request(`/admin/dossiers/${code}`, { token: VIEWER })).status === 200,
    );
    const april = 'from=2026-04-01&to=2026-04-30&agency=000.00.99.H17';
    const csv = await bridge.request(`/admin/stats/export?${april}&format=csv`, { token: VIEWER });
    // The name, quoted for its commas and quotes, starts with an apostrophe; the figures follow.
    const line = csv.body.replace(/^\uFEFF/, '').split('\r\n')[1]!;
    expect(line.startsWith(`000.00.99.H17,"'${name.replace(/"/g, '""')}",1,`)).toBe(true);
    const xlsx = await fetch(`${bridge.baseUrl}/admin/stats/export?${april}&format=xlsx`, {
      headers: { authorization: `Bearer ${VIEWER}` },
    });
    const book = new Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    expect(book.worksheets[0]!.getRow(2).getCell(2).value).toBe(`'${name}`);
  });

  it('should let an operator confirm a suggestion, file it, and write the action to the audit trail', async () => {
    const strayId = stray.subject;
    const pending = await waitFor('the suggestion', async () => {
      const { items } = await admin<Page<Suggestion>>('/admin/suggestions');
      return items.length > 0 && items;
    });
    expect(pending).toContainEqual(
      expect.objectContaining({ dossierCode: dossierCodeOf(open), documentId: strayId, status: 'pending' }),
    );

    const path = `/admin/suggestions/${encodeURIComponent(dossierCodeOf(open))}/${encodeURIComponent(strayId)}/confirm`;
    await admin(path, OPERATOR, {});
    expect((await bridge.request(path, { method: 'POST', token: OPERATOR })).status).toBe(409);
    const shown = await admin<{ members: Array<{ documentId: string; rule: string }> }>(
      `/admin/dossiers/${dossierCodeOf(open)}`,
    );
    expect(shown.members).toContainEqual({ documentId: strayId, rule: 'confirmed' });

    const trail = await admin<Page<AuditEntry>>('/admin/audit?limit=500');
    const actions = trail.items.filter((a) => a.action.startsWith('suggestion.'));
    expect(actions.map((a) => [a.actor, a.action, a.outcome])).toEqual([
      ['tran.van.lam', 'suggestion.confirm', 'error'],
      ['tran.van.lam', 'suggestion.confirm', 'ok'],
    ]);
    // Reads that show an applicant's data are on the trail too, without what they showed.
    const read = trail.items.find((a) => a.action === 'dossier.read' && a.target === dossierCodeOf(open));
    expect(read).toMatchObject({ actor: 'le.thi.xem', role: 'viewer', outcome: 'ok', result: 'read' });
  });

  it('should force-complete an open dossier: its e-file says completedBy forced', async () => {
    const code = dossierCodeOf(open);
    const outcome = await admin<{ emitted: Array<{ completedBy: string; revision: number }> }>(
      `/admin/dossiers/${code}/force-complete`,
      OPERATOR,
      {},
    );
    expect(outcome.emitted).toEqual([expect.objectContaining({ completedBy: 'forced', revision: 1 })]);
    const file = await waitFor('the forced e-file on the topic', () =>
      emitted().find((e) => e.data.dossier.dossierCode === code),
    );
    expect(file.data.completedBy).toBe('forced');
    expect(file.data.documents.map((d) => d.sourceId)).toContain(stray.subject);
  });

  it('should redrive a dead letter: judged again in a dry run, accepted once corrected', async () => {
    const letters = await admin<{ items: Array<{ id: string; reason: string; eventId: string }> }>(
      '/admin/dlq',
    );
    expect(letters.items).toEqual([
      expect.objectContaining({ reason: 'SCHEMA_VIOLATION', eventId: broken.id }),
    ]);
    const letterId = letters.items[0]!.id;
    const shown = await admin<{ value: string }>(`/admin/dlq/${letterId}`);
    expect(JSON.parse(shown.value)).toMatchObject({ id: broken.id });

    const dry = await admin<RedriveReport>('/admin/dlq/redrive', OPERATOR, { ids: [letterId] });
    expect(dry.results).toEqual([
      expect.objectContaining({ id: letterId, outcome: 'rejected', reason: 'SCHEMA_VIOLATION' }),
    ]);
    const corrected = String(structured(broken).value);
    const asis = await admin<RedriveReport>('/admin/dlq/redrive', OPERATOR, {
      ids: [letterId],
      dryRun: true,
      correctedValue: corrected,
    });
    expect(asis.results).toEqual([{ id: letterId, outcome: 'would_accept' }]);
    const applied = await admin<RedriveReport>('/admin/dlq/redrive', OPERATOR, {
      ids: [letterId],
      dryRun: false,
      correctedValue: corrected,
    });
    expect(applied.results).toEqual([{ id: letterId, outcome: 'accepted' }]);

    const inbox = await queryDatabase<{ n: number }>(
      db,
      'SELECT COUNT(*) AS n FROM inbox_event WHERE event_id = ?',
      [broken.id],
    );
    expect(Number(inbox[0]!.n)).toBe(1);
    const after = await admin<{ items: unknown[] }>('/admin/dlq?redriven=false');
    expect(after.items).toEqual([]);
    const again = await admin<RedriveReport>('/admin/dlq/redrive', OPERATOR, {
      ids: [letterId],
      dryRun: false,
    });
    expect(again.results).toEqual([{ id: letterId, outcome: 'already_redriven' }]);
  });

  it('should re-emit a stored e-file with the same CloudEvent id, and only count it in a dry run', async () => {
    const fileCode = emitted().find((e) => e.data.dossier.dossierCode === dossierCodeOf(filed))!.data
      .fileCode;
    const dry = await admin<{ messages: number; ids: string[] }>('/admin/replay/reemit', OPERATOR, {
      fileCodes: [fileCode],
    });
    expect(dry).toMatchObject({ dryRun: true, files: 1, messages: 1, ids: [`${fileCode}#1`] });
    const before = emitted().filter((e) => e.id === `${fileCode}#1`).length;
    expect(before).toBe(1);
    await admin('/admin/replay/reemit', OPERATOR, { fileCodes: [fileCode], dryRun: false });
    await waitFor(
      'the re-emitted e-file',
      () => emitted().filter((e) => e.id === `${fileCode}#1`).length === 2,
    );
    const copies = emitted().filter((e) => e.id === `${fileCode}#1`);
    expect(copies[1]!.data).toEqual(copies[0]!.data);
  });

  it('should give the same through the hoso CLI: tables, --json for scripts, and exit codes that mean something', async () => {
    const status = await runHoso(bridge.baseUrl, VIEWER, 'status');
    expect(status).toMatchObject({ code: 0 });
    expect(status.stdout).toMatch(/bridge http:\/\/127\.0\.0\.1:\d+: ready/);
    expect(status.stdout).toMatch(/lag 0; dead letters 0/);
    expect(status.stdout).toContain(topics.dossier);

    const march = ['stats', '--from', '2026-03-01', '--to', '2026-03-31'];
    const stats = await runHoso(bridge.baseUrl, VIEWER, ...march, '--json');
    expect(stats.code).toBe(0);
    const parsed = JSON.parse(stats.stdout) as { total: Record<string, number> };
    // The forced file's dossier never ended, so it counts as received, not as resolved or filed.
    expect(parsed.total).toMatchObject({ received: 3, resolved: 1, efiles: 1 });
    const table = await runHoso(bridge.baseUrl, VIEWER, ...march);
    expect(table.stdout).toMatch(/^000\.00\.20\.H17\s+3\s+1\s+1\s+100\.0%/m);

    expect((await runHoso(bridge.baseUrl, VIEWER, 'dlq', 'list', '--all')).stdout).toMatch(
      /SCHEMA_VIOLATION/,
    );
    expect(await runHoso(bridge.baseUrl, VIEWER, 'dlq', 'redrive', '1', '--apply')).toMatchObject({
      code: 4,
      stderr: expect.stringMatching(/refused \(403/) as unknown,
    });
    expect(await runHoso(bridge.baseUrl, undefined, 'pending')).toMatchObject({ code: 4 });
    expect(await runHoso(bridge.baseUrl, VIEWER, 'dlq', 'show', '999999')).toMatchObject({ code: 2 });
    expect(await runHoso('http://127.0.0.1:9', VIEWER, 'status')).toMatchObject({ code: 1 });

    const reemit = await runHoso(bridge.baseUrl, OPERATOR, 'replay', 'reemit', '--agency', '000.00.20.H17');
    expect(reemit).toMatchObject({ code: 0 });
    expect(reemit.stdout).toMatch(/dry run, would queue 2 message\(s\) of 2 e-file\(s\)/);
  });

  it('should answer 503, not 500, when a rebuild is asked of a bridge whose Kafka brokers are down', async () => {
    const cut = await BridgeProcess.spawn({
      ...env,
      KAFKA_BROKERS: '127.0.0.1:9',
      DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
      ADMIN_TOKENS: `operator:tran.van.lam:${OPERATOR}`,
    });
    try {
      await cut.waitForStatus('/health/live', 200);
      const answer = await cut.request('/admin/replay/rebuild', {
        method: 'POST',
        token: OPERATOR,
        body: {},
        timeoutMs: 120_000,
      });
      const problem = JSON.parse(answer.body) as Problem;
      expect([answer.status, problem.type, answer.headers['retry-after']]).toEqual([
        503,
        problemType('dependency-unavailable'),
        '30',
      ]);
    } finally {
      await cut.stop();
    }
  });

  it('should keep an audit trail the bridge can only append to, whose edits hoso audit verify finds', async () => {
    const verify = () =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        const cliEnv = {
          PATH: process.env.PATH,
          DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
        };
        execFile(
          process.execPath,
          [CLI_MAIN, 'audit', 'verify'],
          { cwd: REPO_ROOT, env: cliEnv },
          (error, stdout) => resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout }),
        );
      });
    const intact = await verify();
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^audit trail: \d+ entries, the chain holds$/m);
    await expect(
      queryDatabase(db, "UPDATE audit_log SET actor = 'someone else' WHERE id = 1"),
    ).rejects.toThrow(/append-only/);
    // Whoever can drop the triggers can change an entry, but not unseen.
    await queryDatabase(db, 'DROP TRIGGER audit_log_append_only_update');
    await queryDatabase(db, "UPDATE audit_log SET actor = 'someone else' WHERE id = 2");
    const edited = await verify();
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('entry 2: its content does not match its hash: it was changed');
  });
});
