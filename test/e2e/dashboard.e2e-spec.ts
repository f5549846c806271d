import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifySip } from '@hoso/archive';
import { loadConfig } from '@hoso/config';
import {
  drawnByBridge,
  type EFileAssembled,
  type EFileSummary,
  type Page as ListPage,
  type Suggestion,
} from '@hoso/contracts';
import { fold } from '@hoso/domain';
import { DEFAULT_SIMULATION, sendSimulation, simulate } from '@hoso/simulator';
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
  caughtUp,
  createTopics,
  launchChromium,
  produceTo,
  REPO_ROOT,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';
import { Workbook } from 'exceljs';
import { type Browser, type Page } from 'playwright-core';

const VIEWER = 'viewer-token-0123456789abcdef';
const OPERATOR = 'operator-token-0123456789abcdef';
const PERIOD = { from: '2026-03-01', to: '2026-03-31' };
/** Screenshots of every page, kept as the run's artifacts. */
const SHOTS = join(REPO_ROOT, 'var/test-artifacts/dashboard');

// A filed dossier, and a document that names no dossier, only its applicant: a rule-4 suggestion.
const filed = dossierHistory({ ...PLAIN_HISTORY, seed: 'dash1', styles: [1] });
const filedCode = filed[0]!.subject;
const stray = documentIssued('000.00.20.H17.S.dash', {
  subject: 'Về việc giải quyết kiến nghị của bà Nguyễn Thị Minh Anh',
  issuedDate: '2026-03-05',
});
const strayId = stray.subject;

describe('the dashboard in headless Chromium, on simulated data from a real bridge', () => {
  const id = randomUUID().slice(0, 8);
  const kafka = loadConfig({
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    KAFKA_GROUP_ID: `d-${id}`,
    KAFKA_TOPIC_DOSSIER_EVENTS: `d.${id}.dossier`,
    KAFKA_TOPIC_DOCUMENT_EVENTS: `d.${id}.document`,
    KAFKA_TOPIC_EFILE_ASSEMBLED: `d.${id}.efiles`,
    KAFKA_TOPIC_EFILE_ALERTS: `d.${id}.alerts`,
    KAFKA_TOPIC_DEAD_LETTER: `d.${id}.dlq`,
  }).kafka;
  const t = kafka.topics;
  let db: TestDatabase;
  let bridge: BridgeProcess;
  let browser: Browser;
  let page: Page;
  /** What the page complained of in its console (a blocked resource, a script error). */
  const consoleErrors: string[] = [];
  const api = <T = Record<string, unknown>>(path: string) => bridge.json<T>(path, { token: VIEWER });
  const query = `from=${PERIOD.from}&to=${PERIOD.to}`;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await createTopics([t.dossierEvents, t.documentEvents, t.efileAssembled, t.efileAlerts, t.deadLetter], 3);
    db = await throwawayMariaDb('e2e_dashboard');
    bridge = await BridgeProcess.spawn({
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_GROUP_ID: kafka.groupId,
      KAFKA_TOPIC_DOSSIER_EVENTS: t.dossierEvents,
      KAFKA_TOPIC_DOCUMENT_EVENTS: t.documentEvents,
      KAFKA_TOPIC_EFILE_ASSEMBLED: t.efileAssembled,
      KAFKA_TOPIC_EFILE_ALERTS: t.efileAlerts,
      KAFKA_TOPIC_DEAD_LETTER: t.deadLetter,
      DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
      ADMIN_TOKENS: `viewer:le.thi.xem:${VIEWER},operator:tran.van.lam:${OPERATOR}`,
      RELAY_INTERVAL_MS: '200',
      SUGGESTION_SWEEP_INTERVAL_MS: '300',
      DEADLINE_POLL_INTERVAL_MS: '300',
    });
    await bridge.waitForStatus('/health/ready', 200);

    const simulation = simulate({
      ...DEFAULT_SIMULATION,
      seed: 21,
      agencies: 6,
      dossiers: 10,
      startDate: '2026-03-02',
      malformed: 0.02,
    });
    await sendSimulation(kafka, simulation.messages, { rate: 0 });
    const isDocumentEvent = (e: FixtureEvent) => topicOf(e) === topicOf(stray);
    await produceTo(t.dossierEvents, filed.filter((e) => !isDocumentEvent(e)).map(structured));
    await produceTo(t.documentEvents, [...filed.filter(isDocumentEvent), stray].map(structured));
    // A message that is not JSON at all: dead-lettered, and so again when redriven as stored.
    await produceTo(t.dossierEvents, [
      { key: 'broken', value: Buffer.from('{"specversion": "1.0",'), headers: {} },
    ]);
    await waitFor('the bridge to catch up', () =>
      caughtUp(kafka.groupId, [t.dossierEvents, t.documentEvents]),
    );
    await waitFor('the suggestion for the filed dossier', async () => {
      const { items } = await api<ListPage<Suggestion>>('/admin/suggestions');
      return items.some((s) => s.dossierCode === filedCode);
    });

    // Overdue alerts of the simulated March come as deadlines are claimed: compare figures once they stop moving.
    let last = '';
    await waitFor(
      'the figures to settle',
      async () => {
        const now = JSON.stringify(await api(`/admin/overview?${query}`));
        const settled = now === last;
        last = now;
        return settled;
      },
      { intervalMs: 2000 },
    );

    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1366, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      acceptDownloads: true,
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
    });
    const served = await page.goto(`${bridge.baseUrl}/#/?${query}`);
    // Everything below runs under this policy: no inline script, nothing from elsewhere.
    expect(served!.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.fill('input[name=token]', OPERATOR);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=overview]');
  });
  afterAll(async () => {
    await browser?.close();
    await bridge?.stop();
    await db?.dispose();
  });

  it('should show, in Vietnamese, the same overview figures as the admin API', async () => {
    const overview = await api<{
      total: Record<string, number | null>;
      pending: { documents: number; dossiers: number };
      deadLetters: number;
      daily: unknown[];
    }>(`/admin/overview?${query}`);
    expect(overview.total.efiles).toBeGreaterThan(0);
    // Counted by the dossier's received date: every alerted dossier here was received in the period.
    const alerted = await api<{ items: Array<{ dossierCode: string }> }>(
      '/admin/alerts?kind=needs_classification&limit=500',
    );
    expect(overview.total.needsClassification).toBe(new Set(alerted.items.map((a) => a.dossierCode)).size);
    expect(overview.total.needsClassification).toBeGreaterThan(0);
    const count = (n: number) => n.toLocaleString('vi-VN');
    const rate = (r: number | null) =>
      r === null ? '–' : r.toLocaleString('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
    const expected: Record<string, string> = {
      received: count(overview.total.received!),
      resolved: count(overview.total.resolved!),
      efiles: count(overview.total.efiles!),
      efileRate: rate(overview.total.efileRate!),
      onTimeRate: rate(overview.total.onTimeRate!),
      pending: count(overview.pending.documents),
      pendingDossiers: count(overview.pending.dossiers),
      overdue: count(overview.total.overdue!),
      unmatched: count(overview.total.unmatched!),
      needsClassification: count(overview.total.needsClassification!),
      deadLetters: count(overview.deadLetters),
    };
    const shown: Record<string, string | null> = {};
    for (const figure of await page.locator('[data-figure]').all())
      shown[(await figure.getAttribute('data-figure'))!] = await figure.locator('.value').textContent();
    expect(shown).toEqual(expected);
    expect(await page.textContent('h1')).toBe('Theo dõi lập hồ sơ điện tử');
    expect(await page.locator('[data-testid=trend-chart] canvas').count()).toBe(1);
    expect(overview.daily).toHaveLength(31);
    await shot('overview');
  });

  it('should find an agency by its name typed without diacritics', async () => {
    const stats = await api<{ agencies: Array<{ agencyCode: string; agencyName: string | null }> }>(
      `/admin/stats?${query}`,
    );
    // A name with diacritics that no other agency shares.
    const named = stats.agencies.map((a) => a.agencyName);
    const target = stats.agencies.find(
      (a) =>
        a.agencyName &&
        fold(a.agencyName) !== a.agencyName.toUpperCase() &&
        named.filter((n) => n === a.agencyName).length === 1,
    )!;
    const typed = fold(target.agencyName!).toLowerCase();
    expect(typed).not.toBe(target.agencyName!.toLowerCase());
    await page.fill('input[name=search]', typed);
    const rows = page.locator('[data-testid=agency-table] tbody tr');
    await waitFor('one row', async () => (await rows.count()) === 1);
    expect(await rows.first().textContent()).toContain(target.agencyCode);
    expect(await rows.first().textContent()).toContain(target.agencyName);
    await shot('overview-search');
    await page.fill('input[name=search]', '');
    await waitFor('every agency again', async () => (await rows.count()) === stats.agencies.length);
  });

  it('should sort the agencies by a column, most first, and reverse on a second click', async () => {
    const stats = await api<{ agencies: Array<{ agencyCode: string; received: number }> }>(
      `/admin/stats?${query}`,
    );
    const received = new Map(stats.agencies.map((a) => [a.agencyCode, a.received]));
    const shown = async () =>
      (await page.locator('[data-testid=agency-table] tbody tr .muted').allTextContents()).map((code) =>
        received.get(code),
      );
    const sortButton = page.locator('[data-testid=agency-table] th button', { hasText: 'Hồ sơ tiếp nhận' });
    const mostFirst = stats.agencies.map((a) => a.received).sort((a, b) => b - a);
    await sortButton.click();
    expect(await shown()).toEqual(mostFirst);
    await sortButton.click();
    expect(await shown()).toEqual([...mostFirst].reverse());
    await page.locator('[data-testid=agency-table] th button', { hasText: 'Cơ quan' }).click();
  });

  it('should export the agency table as CSV and XLSX, headed in Vietnamese', async () => {
    const stats = await api<{ agencies: unknown[] }>(`/admin/stats?${query}`);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('text=Tải CSV')]);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text.startsWith('\uFEFFMã cơ quan,Tên cơ quan,Hồ sơ tiếp nhận')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(stats.agencies.length + 1);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('text=Tải Excel')]);
    expect(xlsx.suggestedFilename()).toBe(`thong-ke-${PERIOD.from}-${PERIOD.to}.xlsx`);
    const workbook = new Workbook();
    await workbook.xlsx.readFile(await xlsx.path());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(5).value).toBe('Hồ sơ điện tử');
    expect(sheet.rowCount).toBe(stats.agencies.length + 1);
  });

  it("should drill down from an agency to one e-file's metadata and documents", async () => {
    await page.locator('[data-testid=agency-table] tbody tr a').first().click();
    await page.waitForSelector('[data-testid=efile-list]');
    await shot('agency');
    const link = page.locator('[data-testid=efile-list] tbody tr a').first();
    const fileCode = (await link.textContent())!;
    await link.click();
    await page.waitForSelector('[data-testid=efile-documents]');
    const emitted = await api<{ revisions: Array<{ efile: { documents: Array<{ subject: string }> } }> }>(
      `/admin/efiles/${encodeURIComponent(fileCode)}`,
    );
    const documents = emitted.revisions.at(-1)!.efile.documents;
    const rows = page.locator('[data-testid=efile-documents] tbody tr');
    expect(await rows.count()).toBe(documents.length);
    for (const [i, d] of documents.entries()) expect(await rows.nth(i).textContent()).toContain(d.subject);
    expect(await page.textContent('[data-testid=efile-metadata]')).toContain(fileCode);
    await shot('efile');
  });

  it('should package an e-file for the archive, or name the files that keep it from being packaged', async () => {
    // Simulated files: their events name no URI for any binary; some still need classification.
    const { agencies } = await api<{ agencies: Array<{ agencyCode: string }> }>(`/admin/stats?${query}`);
    let fileCode = '';
    let unclassified = '';
    let documents = 0;
    for (const { agencyCode } of agencies) {
      const { items } = await api<ListPage<EFileSummary>>(`/admin/efiles?agency=${agencyCode}&limit=10`);
      for (const { fileCode: code } of items) {
        const file = await api<{ revisions: Array<{ efile: EFileAssembled }> }>(
          `/admin/efiles/${encodeURIComponent(code)}`,
        );
        const latest = file.revisions.at(-1)!.efile;
        // The partners' documents; the slip the bridge draws needs no address.
        const fetched = latest.documents.filter((d) => !drawnByBridge(d));
        if (!latest.classified) unclassified ||= code;
        else if (!fileCode && fetched.every((d) => !d.file.uri))
          [fileCode, documents] = [code, fetched.length];
      }
    }
    expect([fileCode, unclassified]).not.toContain('');

    // A file that needs classification is refused as such, in Vietnamese.
    await page.goto(`${bridge.baseUrl}/#/efile/${encodeURIComponent(unclassified)}`);
    const pending = page.locator('[data-testid=archive-package]');
    let logged = consoleErrors.length;
    await pending.locator('text=Tải gói nộp lưu').click();
    await pending.locator('[role=alert]').waitFor();
    expect(await pending.locator('[role=alert]').textContent()).toContain(
      'Hồ sơ chưa được phân loại theo danh mục hồ sơ',
    );
    // The console's report of the refused request may come after the page showed it.
    await waitFor('the browser to log the refusal', () => consoleErrors.length > logged);
    expect(consoleErrors.splice(logged)).toEqual([expect.stringMatching(/status of 422.*\/sip\?revision=/)]);

    await page.goto(`${bridge.baseUrl}/#/efile/${encodeURIComponent(fileCode)}`);
    const section = page.locator('[data-testid=archive-package]');
    logged = consoleErrors.length;
    await section.locator('text=Tải gói nộp lưu').click();
    const refusal = section.locator('[role=alert]');
    await refusal.waitFor();
    // The browser logs the refusal it was shown (maybe after showing it); that one is expected, and only that one.
    await waitFor('the browser to log the refusal', () => consoleErrors.length > logged);
    expect(consoleErrors.splice(logged)).toEqual([expect.stringMatching(/status of 422.*\/sip\?revision=/)]);
    expect(await refusal.locator('li').count()).toBe(documents);
    expect(await refusal.locator('li').first().textContent()).toContain('sự kiện không có địa chỉ tệp');
    await shot('efile-archive-refused');

    await section.locator('input[type=checkbox]').check();
    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      section.locator('text=Tải gói nộp lưu').click(),
    ]);
    expect(zip.suggestedFilename()).toMatch(/^001-uuid-[0-9A-F-]{36}\.zip$/);
    const check = await verifySip(await zip.path());
    expect(check.problems).toEqual([]);
    expect(await refusal.count()).toBe(0);
  });

  it('should let an operator confirm a suggestion, and the file gets a new revision', async () => {
    const { fileCode } = (await api<{ dossier: { fileCode: string } }>(`/admin/dossiers/${filedCode}`))
      .dossier;
    const before = await api<{ revisions: unknown[] }>(`/admin/efiles/${encodeURIComponent(fileCode)}`);
    await page.goto(`${bridge.baseUrl}/#/operator?${query}`);
    const row = page.locator('[data-testid=suggestions] tbody tr', { hasText: filedCode });
    await row.waitFor();
    await shot('operator');
    await row.locator('text=Xác nhận').click();
    await page.waitForSelector('[role=status]');
    const after = await waitFor('a new revision of the file', async () => {
      const file = await api<{ revisions: Array<{ efile: { documents: Array<{ sourceId: string }> } }> }>(
        `/admin/efiles/${encodeURIComponent(fileCode)}`,
      );
      return file.revisions.length > before.revisions.length && file;
    });
    expect(after.revisions.at(-1)!.efile.documents.map((d) => d.sourceId)).toContain(strayId);
    expect(await row.count()).toBe(0);
  });

  it('should redrive a dead letter as stored, and say that it is still rejected and why', async () => {
    type Letter = {
      id: string;
      reason: string;
      sourceTopic: string;
      sourcePartition: number;
      sourceOffset: string;
    };
    const letters = await api<{ items: Letter[] }>('/admin/dlq?redriven=false');
    const letter = letters.items.find(
      (l) => l.reason === 'INVALID_JSON' && l.sourceTopic === t.dossierEvents,
    )!;
    const at = `${letter.sourceTopic}/${letter.sourcePartition}/${letter.sourceOffset}:`;
    await page
      .locator('[data-testid=dead-letters] tbody tr', { hasText: at })
      .locator('text=Xử lý lại')
      .click();
    await page.waitForSelector(`[role=status]:has-text("#${letter.id}: vẫn bị từ chối (INVALID_JSON")`);
  });

  it('should show new figures by itself, without reloading the page', async () => {
    await page.goto(`${bridge.baseUrl}/#/?${query}`);
    const received = page.locator('[data-figure=received] .value');
    const before = Number(await received.textContent());
    // A page that reloaded would have lost this mark.
    await page.evaluate('window.stillTheSamePage = true');
    const another = dossierHistory({ ...PLAIN_HISTORY, seed: 'dash2', styles: [1], terminal: null });
    await produceTo(t.dossierEvents, another.filter((e) => topicOf(e) !== topicOf(stray)).map(structured));
    await waitFor(
      'the received figure to grow',
      async () => Number(await received.textContent()) === before + 1,
      {
        timeoutMs: 45_000,
      },
    );
    expect(await page.evaluate('window.stillTheSamePage')).toBe(true);
  });

  it('should have logged no error in the browser console on any page', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('should switch to English, and fit a phone screen', async () => {
    await page.goto(`${bridge.baseUrl}/#/?${query}`);
    await page.click('button.lang');
    await page.waitForSelector('text=E-filing monitor');
    await page.setViewportSize({ width: 390, height: 844 });
    // Wider than the screen would mean scrolling sideways: the tables scroll inside their own boxes instead.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot('overview-phone-en');
    await page.click('button.lang');
    await page.waitForSelector('text=Theo dõi lập hồ sơ điện tử');
  });
});
