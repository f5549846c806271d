import {
  type DossierDetail,
  type EFileAssembled,
  type Page,
  type Principal,
  type Problem,
  problemType,
} from '@hoso/contracts';
import {
  atOtherWard,
  dossierHistory,
  type FixtureEvent,
  OTHER_WARD,
  PLAIN_HISTORY,
  structured,
  topicOf,
  WARD,
} from '@test/fixtures';
import {
  BridgeProcess,
  collect,
  createTopics,
  produceTo,
  suiteTopics,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';

const PROVINCE = 'province-viewer-0123456789abcdef';
const PROVINCE_OPERATOR = 'province-operator-0123456789ab';
const WARD_VIEWER = 'ward-viewer-0123456789abcdefgh';
const WARD_OPERATOR = 'ward-operator-0123456789abcdef';

const history = (seed: string, terminal: 'returned' | null) =>
  dossierHistory({ ...PLAIN_HISTORY, seed, styles: [1], terminal });
/** A receipt that breaks the contract (no procedure), naming its agency: dead-lettered as that agency's. */
const broken = (events: FixtureEvent[]) => {
  const receipt = structuredClone(events[0]!);
  const { procedure: _procedure, ...data } = receipt.data;
  return structured({ ...receipt, id: `${receipt.id}-broken`, data });
};

describe("agency scope: a ward's token sees and acts on its own ward only, the province's on all", () => {
  const { topics, env } = suiteTopics('s');
  const ours = { filed: history('scp1', 'returned'), open: history('scp2', null) };
  const theirs = {
    filed: atOtherWard(history('scp3', 'returned')),
    open: atOtherWard(history('scp4', null)),
  };
  let db: TestDatabase;
  let bridge: BridgeProcess;
  let efiles: Awaited<ReturnType<typeof collect>>;
  const fileOf = (code: string) =>
    efiles.messages
      .map((m) => (JSON.parse(String(m.value)) as { data: EFileAssembled }).data)
      .find((e) => e.dossier.dossierCode === code)!.fileCode;
  const codeOf = (events: FixtureEvent[]) => events[0]!.subject;
  const as = (token: string, path: string, body?: unknown) =>
    bridge.request(path, { token, body, method: body === undefined ? 'GET' : 'POST' });
  const json = async <T>(token: string, path: string, body?: unknown) => {
    const answer = await as(token, path, body);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body}`);
    return JSON.parse(answer.body) as T;
  };

  beforeAll(async () => {
    await createTopics(Object.values(topics), 3);
    db = await throwawayMariaDb('e2e_scope');
    efiles = await collect(topics.efiles);
    bridge = await BridgeProcess.spawn({
      ...env,
      DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
      ADMIN_TOKENS: [
        `viewer:so.noi.vu:${PROVINCE}`,
        `operator:so.van.hanh@*:${PROVINCE_OPERATOR}`,
        `viewer:phuong.xem@${WARD}:${WARD_VIEWER}`,
        `operator:phuong.lam@${WARD}:${WARD_OPERATOR}`,
      ].join(','),
      RELAY_INTERVAL_MS: '200',
    });
    await bridge.waitForStatus('/health/ready', 200);
    const events = [...ours.filed, ...ours.open, ...theirs.filed, ...theirs.open];
    const dossierTopic = topicOf(ours.filed[0]!);
    await produceTo(topics.dossier, [
      ...events.filter((e) => topicOf(e) === dossierTopic).map(structured),
      broken(ours.open),
      broken(theirs.open),
    ]);
    await produceTo(topics.document, events.filter((e) => topicOf(e) !== dossierTopic).map(structured));
    await waitFor('both wards filed', () => efiles.messages.length >= 2, { timeoutMs: 60_000 });
    await waitFor('both dead letters stored', async () => {
      const letters = await json<Page<unknown>>(PROVINCE, '/admin/dlq');
      return letters.items.length === 2;
    });
  });
  afterAll(async () => {
    await efiles?.stop();
    await bridge?.stop();
    await db?.dispose();
  });

  it('should say who the caller is and which agencies it sees', async () => {
    expect(await json<Principal>(WARD_VIEWER, '/admin/whoami')).toEqual({
      name: 'phuong.xem',
      role: 'viewer',
      agencies: [WARD],
    });
    expect((await json<Principal>(PROVINCE, '/admin/whoami')).agencies).toEqual(['*']);
  });

  it('should list only its own agency in every list, and the province everything', async () => {
    const codes = (page: Page<{ dossierCode?: string; agencyCode?: string | null }>) =>
      page.items.map((i) => i.agencyCode ?? i.dossierCode!.slice(0, 13));
    for (const path of [
      '/admin/dossiers',
      '/admin/dlq',
      '/admin/pending/dossiers',
      '/admin/alerts',
      '/admin/suggestions',
    ]) {
      const ward = await json<Page<{ agencyCode?: string | null; dossierCode?: string }>>(WARD_VIEWER, path);
      expect([path, [...new Set(codes(ward))]]).toEqual([path, ward.items.length === 0 ? [] : [WARD]]);
      const all = await json<Page<{ agencyCode?: string | null; dossierCode?: string }>>(PROVINCE, path);
      expect(codes(all).length).toBeGreaterThanOrEqual(codes(ward).length);
    }
    const dossiers = await json<Page<{ dossierCode: string }>>(PROVINCE, '/admin/dossiers');
    expect(dossiers.items.map((d) => d.dossierCode).sort()).toEqual(
      [codeOf(ours.filed), codeOf(ours.open), codeOf(theirs.filed), codeOf(theirs.open)].sort(),
    );
    expect((await json<Page<unknown>>(WARD_VIEWER, '/admin/dlq')).items).toHaveLength(1);
  });

  it("should answer 404 for another agency's dossier, document, e-file, dead letter and lists, as for none at all", async () => {
    const letters = await json<Page<{ id: string; agencyCode: string | null }>>(PROVINCE, '/admin/dlq');
    const otherLetter = letters.items.find((l) => l.agencyCode === OTHER_WARD)!;
    const ownLetter = letters.items.find((l) => l.agencyCode === WARD)!;
    const other = await json<DossierDetail>(PROVINCE, `/admin/dossiers/${codeOf(theirs.filed)}`);
    const otherDocument = other.members[0]!.documentId;
    const paths = [
      `/admin/dossiers/${codeOf(theirs.filed)}`,
      `/admin/documents/${otherDocument}`,
      `/admin/efiles/${fileOf(codeOf(theirs.filed))}`,
      `/admin/efiles?agency=${OTHER_WARD}`,
      `/admin/dlq/${otherLetter.id}`,
      `/admin/stats?agency=${OTHER_WARD}`,
      `/admin/overview?agency=${OTHER_WARD}`,
      `/admin/stats/export?agency=${OTHER_WARD}`,
      `/admin/transfers?agency=${OTHER_WARD}&year=2026`,
      `/admin/efiles/${fileOf(codeOf(theirs.filed))}/sip?metadataOnly=true&allowUnclassified=true`,
    ];
    for (const path of paths) {
      const answer = await as(WARD_VIEWER, path);
      expect([path, answer.status, (JSON.parse(answer.body) as Problem).type]).toEqual([
        path,
        404,
        problemType('not-found'),
      ]);
      expect([path, (await as(PROVINCE, path)).status]).toEqual([path, 200]);
    }
    for (const path of [
      `/admin/dossiers/${codeOf(ours.filed)}`,
      `/admin/efiles/${fileOf(codeOf(ours.filed))}`,
      `/admin/dlq/${ownLetter.id}`,
      `/admin/efiles?agency=${WARD}`,
    ])
      expect([path, (await as(WARD_VIEWER, path)).status]).toEqual([path, 200]);
  });

  it('should count only its own agency in the statistics and the export', async () => {
    const march = 'from=2026-03-01&to=2026-03-31';
    const ward = await json<{ agencies: Array<{ agencyCode: string }>; total: { received: number } }>(
      WARD_VIEWER,
      `/admin/stats?${march}`,
    );
    expect(ward.agencies.map((a) => a.agencyCode)).toEqual([WARD]);
    expect(ward.total.received).toBe(2);
    const all = await json<{ agencies: Array<{ agencyCode: string }> }>(PROVINCE, `/admin/stats?${march}`);
    expect(all.agencies.map((a) => a.agencyCode)).toEqual([WARD, OTHER_WARD]);
    const csv = await as(WARD_VIEWER, `/admin/stats/export?${march}`);
    expect(csv.body.includes(OTHER_WARD)).toBe(false);
    const overview = await json<{ pending: { dossiers: number }; deadLetters: number }>(
      WARD_VIEWER,
      `/admin/overview?${march}`,
    );
    expect(overview.deadLetters).toBe(1);
  });

  it("should refuse to act on another agency's dossier, file or dead letter (404), and let it act on its own", async () => {
    const letters = await json<Page<{ id: string; agencyCode: string | null }>>(PROVINCE, '/admin/dlq');
    const otherLetter = letters.items.find((l) => l.agencyCode === OTHER_WARD)!;
    const refused: Array<[string, unknown]> = [
      [`/admin/dossiers/${codeOf(theirs.open)}/force-complete`, {}],
      [`/admin/dossiers/${codeOf(theirs.open)}/reopen`, {}],
      [`/admin/efiles/${fileOf(codeOf(theirs.filed))}/reclassify`, { heading: 'HT' }],
      ['/admin/dlq/redrive', { ids: [otherLetter.id] }],
      ['/admin/replay/reemit', { agency: OTHER_WARD }],
    ];
    for (const [path, body] of refused)
      expect([path, (await as(WARD_OPERATOR, path, body)).status]).toEqual([path, 404]);
    // Files of another agency named by code are left out, as if they were not there.
    const reemit = await json<{ files: number }>(WARD_OPERATOR, '/admin/replay/reemit', {
      fileCodes: [fileOf(codeOf(theirs.filed)), fileOf(codeOf(ours.filed))],
    });
    expect(reemit.files).toBe(1);
    const forced = await json<{ emitted: unknown[] }>(
      WARD_OPERATOR,
      `/admin/dossiers/${codeOf(ours.open)}/force-complete`,
      {},
    );
    expect(forced.emitted).toHaveLength(1);
  });

  it("should keep the province's own work (rebuilds, jobs, the audit trail) from an agency's principal (403)", async () => {
    for (const [token, path, body] of [
      [WARD_OPERATOR, '/admin/replay/rebuild', {}],
      [WARD_VIEWER, '/admin/jobs', undefined],
      [WARD_VIEWER, '/admin/audit', undefined],
    ] as const) {
      const answer = await as(token, path, body);
      expect([path, answer.status, (JSON.parse(answer.body) as Problem).type]).toEqual([
        path,
        403,
        problemType('forbidden'),
      ]);
    }
    expect((await as(PROVINCE, '/admin/audit')).status).toBe(200);
    expect((await as(PROVINCE_OPERATOR, '/admin/jobs')).status).toBe(200);
  });
});
