import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ARCHIVE_COLUMNS,
  ARCHIVE_RECEIPT_TYPE,
  type ArchiveFileHistory,
  type ArchiveStatistics,
  DEAD_LETTER_HEADERS,
  type Problem,
  problemType,
  type ReceiptTaken,
  type TransferAttempt,
} from '@hoso/contracts';
import { documentIssued, efileOf, isAbout, sipDossier, structured } from '@test/fixtures';
import {
  BridgeProcess,
  createTopics,
  FileServer,
  launchChromium,
  openApiAnswer,
  produceTo,
  readTopic,
  runHoso,
  suiteTopics,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';
import { Workbook } from 'exceljs';
import { createConnection, type RowDataPacket } from 'mysql2/promise';

const OPERATOR = 'operator-token-0123456789abcdef';
const VIEWER = 'viewer-token-0123456789abcdef';
const AGENCY = '000.00.20.H17';
// A building permit, which the shipped plan files under XD without a retention: the archive refuses it.
const PERMIT = { code: '1.001193', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', sector: 'Xây dựng' };

interface Answer {
  packageId: string;
  fileCode: string;
  revision: number;
  outcome: 'accepted' | 'rejected';
  reasons?: Array<{ code: string; text: string }>;
  answeredAt?: string;
}

/** The package an attempt was: what an answer names. */
const packageOf = ({ packageId, fileCode, revision }: TransferAttempt) => ({ packageId, fileCode, revision });

/** An answer as the archive writes it to the receipts topic, in structured mode. */
const asMessage = (event: ReturnType<typeof receiptEvent>) => ({
  key: event.subject,
  value: Buffer.from(JSON.stringify(event)),
  headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
});

/** The archive's answer as a structured CloudEvent. */
function receiptEvent(answer: Answer, id = randomUUID()) {
  return {
    specversion: '1.0',
    id,
    source: `urn:luutru:${AGENCY}`,
    type: ARCHIVE_RECEIPT_TYPE,
    time: '2027-02-01T09:00:00+07:00',
    subject: answer.packageId,
    datacontenttype: 'application/json',
    data: { archive: 'Lưu trữ hiện hành', answeredAt: '2027-02-01T09:00:00+07:00', reasons: [], ...answer },
  };
}

describe('the archive answers packages: accepted, rejected then fixed, duplicate, malformed, unknown', () => {
  const { topics, env } = suiteTopics('r');
  let server: FileServer;
  let db: TestDatabase;
  let bridge: BridgeProcess;
  let civil: ReturnType<typeof sipDossier>;
  let permit: ReturnType<typeof sipDossier>;
  let old: ReturnType<typeof sipDossier>;

  beforeAll(async () => {
    server = await FileServer.start();
    civil = sipDossier('rcp1', server.url);
    permit = sipDossier('rcp2', server.url, { procedure: PERMIT });
    // A case of 2024, whose file was due at the current archive by the end of 2025.
    const of2026 = sipDossier('rcp3', server.url);
    old = {
      ...of2026,
      events: JSON.parse(
        JSON.stringify(of2026.events).replaceAll('"2026-', '"2024-'),
      ) as typeof of2026.events,
    };
    for (const { binaries } of [civil, permit, old])
      for (const [path, bytes] of binaries) server.files.set(path, { bytes });
    await createTopics(Object.values(topics), 3);
    db = await throwawayMariaDb('e2e_receipts');
    bridge = await BridgeProcess.spawn({
      ...env,
      DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
      ADMIN_TOKENS: `viewer:le.thi.luu:${VIEWER},operator:luu.tru:${OPERATOR}`,
      RELAY_INTERVAL_MS: '200',
      SIP_FETCH_HOSTS: new URL(server.url).host,
      SIP_FETCH_ALLOW_NETWORKS: '127.0.0.1/32',
      DEADLINE_POLL_INTERVAL_MS: '300',
    });
    await bridge.waitForStatus('/health/ready', 200);
    const events = [civil, permit, old].flatMap((d) => d.events);
    const fromOneStop = isAbout('dossier');
    await produceTo(topics.dossier, events.filter(fromOneStop).map(structured));
    await produceTo(topics.document, events.filter((e) => !fromOneStop(e)).map(structured));
    for (const { events: story, dossierCode } of [civil, permit, old]) {
      const documents = efileOf(story, dossierCode, `${AGENCY}.2026.01.HT`).docTotal;
      await waitFor(`the whole e-file of ${dossierCode}`, async () => {
        const file = await history(dossierCode).catch(() => null);
        return file?.revision !== undefined && (await docTotal(dossierCode)) === documents;
      });
    }
  });
  afterAll(async () => {
    await bridge?.stop();
    await db?.dispose();
    await server?.close();
  });

  const history = (code: string) =>
    bridge.json<ArchiveFileHistory>(`/admin/archive/files/${encodeURIComponent(code)}`, { token: VIEWER });
  const docTotal = async (dossierCode: string) =>
    (
      await bridge.json<{ efiles: Array<{ efile: { docTotal: number } }> }>(
        `/admin/dossiers/${dossierCode}`,
        {
          token: VIEWER,
        },
      )
    ).efiles.at(-1)?.efile.docTotal;
  /** Exports the file's whole package, as an archive would receive it: its package id and revision. */
  const send = async (fileCode: string, query = '') => {
    const response = await fetch(
      `${bridge.baseUrl}/admin/efiles/${encodeURIComponent(fileCode)}/sip${query}`,
      {
        headers: { authorization: `Bearer ${OPERATOR}` },
      },
    );
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    return {
      packageId: response.headers.get('x-package-objid')!,
      fileCode,
      revision: Number(response.headers.get('x-efile-revision')),
    };
  };
  const post = (event: object, token = OPERATOR) =>
    bridge.request('/archive/receipts', {
      method: 'POST',
      token,
      raw: { bytes: Buffer.from(JSON.stringify(event)), contentType: 'application/cloudevents+json' },
    });
  const stateOf = async (code: string) => (await history(code)).state;
  /** When the stored reminder of a permanent file's deadline for the historical archive fires. */
  const historicalReminder = async (dossierCode: string) => {
    const connection = await createConnection(db.config.kind === 'mysql' ? db.config.url : '');
    try {
      const [rows] = await connection.query<Array<RowDataPacket & { due: Date }>>(
        "SELECT due_at AS due FROM deadline WHERE dossier_code = ? AND kind = 'historical_soon'",
        [dossierCode],
      );
      return rows[0]?.due.toISOString();
    } finally {
      await connection.end();
    }
  };

  it('records an accepted package from the topic: the file is accepted, and the figures say so', async () => {
    const file = await history(civil.dossierCode);
    expect([file.state, file.retention, file.dueBy]).toEqual(['not_yet_due', '01', '2027-12-31']);
    expect(file.historicalDueBy).toBe('2032-12-31');
    const sent = await send(file.fileCode);
    await waitFor('the package to be recorded', async () => (await stateOf(civil.dossierCode)) === 'sent');
    const waiting = await bridge.json<{ items: Array<{ packageId: string }> }>('/archive/packages', {
      token: OPERATOR,
    });
    expect(waiting.items.map((p) => p.packageId)).toContain(sent.packageId);

    // Taken late, in 2028.
    const late = { ...sent, outcome: 'accepted' as const, answeredAt: '2028-02-01T09:00:00+07:00' };
    await produceTo(topics.receipts, [asMessage(receiptEvent(late))]);
    await waitFor('the answer to be recorded', async () => (await stateOf(civil.dossierCode)) === 'accepted');
    const accepted = await history(civil.dossierCode);
    expect(accepted.history).toEqual([
      expect.objectContaining({ packageId: sent.packageId, outcome: 'accepted', sentBy: 'luu.tru' }),
    ]);
    // The historical archive's deadline counts from the year the file was taken, and its stored reminder too.
    expect(accepted.historicalDueBy).toBe('2033-12-31');
    const reminder = '2033-12-01T17:00:00.000Z';
    expect(await historicalReminder(civil.dossierCode)).toBe(reminder);
    // A late document gives the accepted file a new revision: the reminder still counts from 2028.
    const lateDocument = documentIssued(
      `${AGENCY}.LATE.rcp1`,
      { relatedDossierCodes: [civil.dossierCode], issuedDate: '2026-03-25' },
      'rcp1late',
    );
    await produceTo(topics.document, [structured(lateDocument)]);
    await waitFor('the late revision', async () => (await history(civil.dossierCode)).revision === 2);
    expect(await historicalReminder(civil.dossierCode)).toBe(reminder);
    const stats = await bridge.json<ArchiveStatistics>(`/admin/stats/archive?year=2026`, { token: VIEWER });
    expect(stats.agencies.find((a) => a.agencyCode === AGENCY)).toMatchObject({ files: 2, accepted: 1 });
    expect(await bridge.metric('hoso_archive_receipts_total', { outcome: 'accepted' })).toBe(1);
  });

  it('takes a rejection over HTTP; the operator reclassifies the file, and its second package is accepted', async () => {
    const before = await history(permit.dossierCode);
    expect(before.fileCode).toMatch(/\.XD$/);
    const first = await send(before.fileCode, '?allowUnclassified=true');
    await waitFor('the package to be recorded', async () => (await stateOf(permit.dossierCode)) === 'sent');
    const reclassify = (body: object) =>
      bridge.request(`/admin/efiles/${encodeURIComponent(before.fileCode)}/reclassify`, {
        method: 'POST',
        token: OPERATOR,
        body,
      });
    // While the archive holds the package, the file keeps its code.
    expect((await reclassify({ heading: 'HT', dryRun: false })).status).toBe(409);

    const reasons = [{ code: 'PHAN_LOAI', text: 'Hồ sơ chưa được phân loại theo danh mục hồ sơ' }];
    const refused = await post(receiptEvent({ ...first, outcome: 'rejected', reasons }));
    expect(refused.status).toBe(202);
    const taken = JSON.parse(refused.body) as ReceiptTaken;
    expect(taken).toMatchObject({ packageId: first.packageId, effect: 'recorded', topic: topics.receipts });
    const published = openApiAnswer('post', '/archive/receipts', 202);
    expect([published(taken), published.errors]).toEqual([true, null]);
    await waitFor(
      'the rejection to be recorded',
      async () => (await stateOf(permit.dossierCode)) === 'rejected',
    );
    await waitFor('the archive_rejected alert', async () => {
      const alerts = await bridge.json<{ items: Array<{ dossierCode: string; detail: string }> }>(
        '/admin/alerts?kind=archive_rejected',
        { token: VIEWER },
      );
      return alerts.items.some((a) => a.dossierCode === permit.dossierCode && a.detail.includes('PHAN_LOAI'));
    });

    expect((await reclassify({ heading: 'HT', dryRun: false })).status).toBe(200);
    let fixed!: ArchiveFileHistory;
    await waitFor('the reclassified revision', async () => {
      fixed = await history(permit.dossierCode);
      return fixed.fileCode.endsWith('.HT');
    });
    expect([fixed.state, fixed.revision]).toEqual(['rejected', first.revision + 1]);
    const second = await send(fixed.fileCode);
    await produceTo(topics.receipts, [asMessage(receiptEvent({ ...second, outcome: 'accepted' }))]);
    await waitFor('the second answer', async () => (await stateOf(permit.dossierCode)) === 'accepted');
    const after = await history(before.fileCode);
    expect(
      after.history.map((a) => [a.fileCode, a.revision, a.outcome, a.reasons.map((r) => r.code)]),
    ).toEqual([
      [before.fileCode, first.revision, 'rejected', ['PHAN_LOAI']],
      [fixed.fileCode, second.revision, 'accepted', []],
    ]);
    const stats = await bridge.json<ArchiveStatistics>(`/admin/stats/archive?year=2026&agency=${AGENCY}`, {
      token: VIEWER,
    });
    expect(stats.total).toMatchObject({ files: 2, accepted: 2, rejected: 0, permanent: 2 });
    expect(stats.total.reasons).toEqual([{ code: 'PHAN_LOAI', text: reasons[0]!.text, count: 1 }]);
    // The CLI gives the same figures.
    const cli = await runHoso(
      bridge.baseUrl,
      VIEWER,
      'stats',
      'archive',
      '--year',
      '2026',
      '--agency',
      AGENCY,
      '--json',
    );
    expect(cli.code).toBe(0);
    const { at: _, ...figures } = stats;
    expect(JSON.parse(cli.stdout)).toMatchObject(figures);
    const table = await runHoso(bridge.baseUrl, VIEWER, 'stats', 'archive', '--year', '2026');
    expect(table.stdout).toContain('files of 2026: 2; due 0, sent 0, accepted 2, rejected 0, overdue 0');
    expect(table.stdout).toMatch(/PHAN_LOAI\s+1\s+Hồ sơ chưa được phân loại/);
  });

  it('counts the same answer again as a duplicate, and dead-letters one that contradicts it', async () => {
    const [accepted] = (await history(civil.dossierCode)).history;
    const again = receiptEvent({ ...packageOf(accepted!), outcome: 'accepted' });
    const twice = await post(again);
    expect(twice.status).toBe(202);
    expect(JSON.parse(twice.body)).toMatchObject({ effect: 'duplicate' });
    await produceTo(topics.receipts, [asMessage(again)]);
    await waitFor(
      'both duplicates to be counted',
      async () => (await bridge.metric('hoso_archive_receipts_total', { outcome: 'duplicate' })) === 2,
    );
    const contradicting = await post(
      receiptEvent({ ...packageOf(accepted!), outcome: 'rejected', reasons: [{ code: 'X', text: 'đổi ý' }] }),
    );
    expect(contradicting.status).toBe(422);
    expect(JSON.parse(contradicting.body)).toMatchObject({
      type: problemType('receipt-refused'),
      reason: 'RECEIPT_CONFLICT',
    });
    await waitFor('the conflict to be dead-lettered', async () =>
      (await deadLetters()).some((l) => l.reason === 'RECEIPT_CONFLICT'),
    );
    // The first answer stands.
    const file = await history(civil.dossierCode);
    expect([file.state, file.history.length]).toEqual(['accepted', 1]);
  });

  it('dead-letters a malformed answer with its reason and its bytes', async () => {
    const [accepted] = (await history(civil.dossierCode)).history;
    // A rejection must say why.
    const silent = receiptEvent({ ...packageOf(accepted!), outcome: 'rejected' });
    const refused = await post(silent);
    expect(refused.status).toBe(422);
    const problem = JSON.parse(refused.body) as Problem;
    expect([problem.reason, problem.detail]).toEqual([
      'SCHEMA_VIOLATION',
      expect.stringContaining('data.reasons must name at least one reason when the package is rejected'),
    ]);
    const broken = Buffer.from('{"specversion":"1.0","id":"x"');
    await produceTo(topics.receipts, [{ key: 'broken', value: broken, headers: {} }]);
    await waitFor('both to be dead-lettered', async () => {
      const reasons = (await deadLetters()).map((l) => l.reason);
      return reasons.includes('SCHEMA_VIOLATION') && reasons.includes('INVALID_JSON');
    });
    // The dead letter goes out through the outbox: wait until it is on the topic.
    let invalid: Awaited<ReturnType<typeof readTopic>>[number] | undefined;
    await waitFor('the dead letter on its topic', async () => {
      const letters = await readTopic(topics.dlq, 1);
      invalid = letters.find((m) => String(m.headers[DEAD_LETTER_HEADERS.reason]) === 'INVALID_JSON');
      return invalid !== undefined;
    });
    expect(invalid!.value).toEqual(broken);
    expect(String(invalid!.headers[DEAD_LETTER_HEADERS.topic])).toBe(topics.receipts);
  });

  it('dead-letters and counts an answer for a package it never sent', async () => {
    const unknown = { packageId: `uuid-${randomUUID().toUpperCase()}`, fileCode: 'X', revision: 1 };
    const refused = await post(receiptEvent({ ...unknown, outcome: 'accepted' }));
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.body)).toMatchObject({ reason: 'UNKNOWN_PACKAGE' });
    await waitFor('the unknown package to be dead-lettered and counted', async () => {
      const letters = await deadLetters();
      return (
        letters.some((l) => l.reason === 'UNKNOWN_PACKAGE' && l.eventId === unknown.packageId) &&
        (await bridge.metric('hoso_archive_receipts_total', { outcome: 'unknown_package' })) === 1
      );
    });
    // A viewer cannot answer for the archive.
    expect((await post(receiptEvent({ ...unknown, outcome: 'accepted' }), VIEWER)).status).toBe(403);
  });

  it('alerts 30 days before and on the day a file falls overdue, from its stored deadlines', async () => {
    const file = await history(old.dossierCode);
    expect([file.fileCode, file.dueBy, file.state]).toEqual([
      expect.stringMatching(/^000\.00\.20\.H17\.2024\./),
      '2025-12-31',
      'overdue',
    ]);
    await waitFor('both transfer alerts', async () => {
      const { items } = await bridge.json<{
        items: Array<{ kind: string; dossierCode: string; detail: string }>;
      }>('/admin/alerts?limit=100', { token: VIEWER });
      const kinds = items.filter((a) => a.dossierCode === old.dossierCode).map((a) => a.kind);
      return kinds.includes('transfer_due_soon') && kinds.includes('transfer_overdue');
    });
    const stats = await bridge.json<ArchiveStatistics>('/admin/stats/archive?year=2024', { token: VIEWER });
    expect(stats.total).toMatchObject({ files: 1, overdue: 1, accepted: 0 });
    // The files of 2026 are not due yet: no transfer alert for them.
    const { items } = await bridge.json<{ items: Array<{ kind: string; dossierCode: string }> }>(
      '/admin/alerts?kind=transfer_due_soon',
      { token: VIEWER },
    );
    expect(items.map((a) => a.dossierCode)).toEqual([old.dossierCode]);
  });

  it('shows the same figures on the "Nộp lưu" page as the API, finds, exports and drills down to the attempts', async () => {
    const stats = await bridge.json<ArchiveStatistics>('/admin/stats/archive?year=2026', { token: VIEWER });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
        acceptDownloads: true,
      });
      const errors: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      await page.goto(`${bridge.baseUrl}/#/archive?year=2026`);
      await page.fill('input[name=token]', VIEWER);
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-testid=archive-figures]');
      const shown: Record<string, string | null> = {};
      for (const figure of await page.locator('[data-figure]').all())
        shown[(await figure.getAttribute('data-figure'))!] = await figure.locator('.value').textContent();
      const { total } = stats;
      const count = (n: number) => n.toLocaleString('vi-VN');
      const rate = (r: number | null) =>
        r === null ? '–' : r.toLocaleString('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
      expect(shown).toEqual({
        files: count(total.files),
        notYetDue: count(total.notYetDue),
        due: count(total.due),
        sent: count(total.sent),
        accepted: count(total.accepted),
        rejected: count(total.rejected),
        overdue: count(total.overdue),
        defaultClassified: count(total.defaultClassified),
        defaultClassifiedRate: rate(total.defaultClassifiedRate),
        permanent: count(total.permanent),
        fixedTerm: count(total.fixedTerm),
        digitizationRate: rate(total.digitizationRate),
        missingFields: count(total.missingFields),
      });
      expect(await page.textContent('[data-testid=archive-reasons]')).toContain('PHAN_LOAI');
      // No file here has run out its retention (the shortest is 10 years).
      expect(await page.textContent('[data-testid=archive-expired] h2')).toBe(
        'Hồ sơ hết thời hạn bảo quản: 0',
      );
      // Typed without diacritics.
      await page.fill('input[name=search]', 'hai chau');
      const rows = page.locator('[data-testid=archive-table] tbody tr');
      await waitFor('the ward', async () => (await rows.count()) === 1);
      expect(await rows.first().locator('[data-column=accepted]').textContent()).toBe(
        count(stats.agencies[0]!.accepted),
      );
      await page.fill('input[name=search]', 'khong co');
      await waitFor('no ward', async () => (await rows.count()) === 0);
      await page.fill('input[name=search]', '');

      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('text=Tải CSV')]);
      const text = readFileSync(await csv.path(), 'utf8');
      expect(text.startsWith(`\uFEFF${ARCHIVE_COLUMNS.map((c) => c.vi).join(',')}\r\n`)).toBe(true);
      const lines = text.trim().split('\r\n');
      expect(lines).toHaveLength(stats.agencies.length + 1);
      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('text=Tải Excel')]);
      expect(xlsx.suggestedFilename()).toBe('nop-luu-2026.xlsx');
      const workbook = new Workbook();
      await workbook.xlsx.readFile(await xlsx.path());
      expect(workbook.worksheets[0]!.getRow(2).getCell(7).value).toBe(stats.agencies[0]!.accepted);

      await rows.first().locator('a').click();
      await page.waitForSelector('[data-testid=archive-files]');
      const permitFile = await history(permit.dossierCode);
      await page.click(`text=${permitFile.fileCode}`);
      await page.waitForSelector('[data-testid=archive-attempts]');
      const attempts = page.locator('[data-testid=archive-attempts] tbody tr');
      expect(await attempts.count()).toBe(2);
      expect(await attempts.nth(0).textContent()).toContain('Lưu trữ từ chối');
      expect(await attempts.nth(0).textContent()).toContain('PHAN_LOAI: Hồ sơ chưa được phân loại');
      expect(await attempts.nth(1).textContent()).toContain('Lưu trữ đã tiếp nhận');
      expect(await page.textContent('[data-testid=archive-file-state]')).toContain('Lưu trữ đã tiếp nhận');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  const deadLetters = async () =>
    (
      await bridge.json<{ items: Array<{ reason: string; sourceTopic: string; eventId: string | null }> }>(
        '/admin/dlq?limit=100',
        { token: OPERATOR },
      )
    ).items.filter((l) => l.sourceTopic === topics.receipts);
});
