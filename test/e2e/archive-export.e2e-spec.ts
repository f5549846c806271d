import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCUMENT_INDEX, FILE_INDEX, HANDOVER_RECORD, INVENTORY_FILE, verifySip } from '@hoso/archive';
import { type ArchiveFileHistory, type Problem, problemType } from '@hoso/contracts';
import ExcelJS from 'exceljs';
import { atOtherWard, efileOf, isAbout, sipDossier, structured } from '@test/fixtures';
import {
  BridgeProcess,
  createTopics,
  FileServer,
  produceTo,
  runHoso,
  suiteTopics,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
  zipEntryText,
} from '@test/support';

const VIEWER = 'viewer-token-0123456789abcdef';
const OPERATOR = 'operator-token-0123456789abcdef';
const AGENCY = '000.00.20.H17';
// A building permit, which the shipped plan files under XD without a retention: it needs classification.
const PERMIT = { code: '1.001193', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', sector: 'Xây dựng' };

describe('export to the archive: submission packages from a bridge on MariaDB, binaries from a local file server', () => {
  const { topics, env } = suiteTopics('a');
  let server: FileServer;
  let db: TestDatabase;
  let bridge: BridgeProcess;
  let out: string;
  let dossiers: Array<ReturnType<typeof sipDossier>>;
  let permit: ReturnType<typeof sipDossier>;
  const fileCodes: string[] = [];

  beforeAll(async () => {
    server = await FileServer.start();
    // The first file holds a large scan, so that its package outlasts the socket's buffers.
    dossiers = [
      sipDossier('arc1', server.url, { firstBinaryBytes: 24_000_000 }),
      sipDossier('arc2', server.url),
    ];
    const atFirstWard = sipDossier('arc3', server.url, { procedure: PERMIT });
    permit = {
      ...atOtherWard(atFirstWard),
      binaries: new Map([...atFirstWard.binaries].map(([path, bytes]) => [atOtherWard(path), bytes])),
    };
    for (const { binaries } of [...dossiers, permit])
      for (const [path, bytes] of binaries) server.files.set(path, { bytes });
    out = await mkdtemp(join(tmpdir(), 'hoso-export-e2e-'));
    await createTopics(Object.values(topics), 3);
    db = await throwawayMariaDb('e2e_archive');
    bridge = await BridgeProcess.spawn({
      ...env,
      DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
      ADMIN_TOKENS: `viewer:le.thi.luu:${VIEWER},operator:tran.van.an:${OPERATOR}`,
      RELAY_INTERVAL_MS: '200',
      SIP_FETCH_TIMEOUT_MS: '2000',
      SIP_FETCH_HOSTS: new URL(server.url).host,
      SIP_FETCH_ALLOW_NETWORKS: '127.0.0.1/32',
      SIP_CONCURRENT_EXPORTS: '1',
    });
    await bridge.waitForStatus('/health/ready', 200);
    const events = [...dossiers, permit].flatMap((d) => d.events);
    const fromOneStop = isAbout('dossier');
    await produceTo(topics.dossier, events.filter(fromOneStop).map(structured));
    await produceTo(topics.document, events.filter((e) => !fromOneStop(e)).map(structured));
    // Filed once every document has joined: the result documents may arrive after the dossier ended.
    for (const { events: story, dossierCode } of [...dossiers, permit]) {
      const documents = efileOf(story, dossierCode, `${AGENCY}.2026.01.HT`).docTotal;
      await waitFor(`the whole e-file of ${dossierCode}`, async () => {
        const dossier = await bridge.json<{
          dossier: { fileCode: string | null };
          efiles: Array<{ efile: { docTotal: number } }>;
        }>(`/admin/dossiers/${dossierCode}`, { token: VIEWER });
        if (dossier.efiles.at(-1)?.efile.docTotal !== documents) return false;
        fileCodes.push(dossier.dossier.fileCode!);
        return true;
      });
    }
  });
  afterAll(async () => {
    await bridge?.stop();
    await db?.dispose();
    await server?.close();
    await rm(out, { recursive: true, force: true });
  });

  /** Every e-file of the agency's year, by the CLI. */
  const transfer = (dir: string, ...more: string[]) =>
    runHoso(
      bridge.baseUrl,
      VIEWER,
      'export',
      'sip',
      '--agency',
      AGENCY,
      '--year',
      '2026',
      '--out',
      dir,
      ...more,
    );
  const sipOf = (fileCode: string, query = '') =>
    fetch(`${bridge.baseUrl}/admin/efiles/${encodeURIComponent(fileCode)}/sip${query}`, {
      headers: { authorization: `Bearer ${VIEWER}` },
    });

  it('serves a package whose tree, checksums, metadata and PDF/A an archive would accept', async () => {
    const response = await sipOf(fileCodes[0]!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const objid = response.headers.get('x-package-objid')!;
    expect(objid).toMatch(/^uuid-[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="001-${objid}.zip"`);
    const zip = Buffer.from(await response.arrayBuffer());
    const check = await verifySip(zip, { pdfa: true });
    expect(check.problems).toEqual([]);
    expect(check.objid).toBe(objid);
    // Every document was fetched from the file server once more for this package.
    const documents = [...dossiers[0]!.binaries.keys()];
    for (const path of documents) expect(server.requests).toContain(path);
  });

  it('writes the package with the CLI, and the CLI verifies it', async () => {
    const dir = join(out, 'one');
    const exported = await runHoso(bridge.baseUrl, VIEWER, 'export', 'sip', fileCodes[0]!, '--out', dir);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    const [zip] = await readdir(dir);
    expect(zip).toMatch(/^001-uuid-[0-9A-F-]{36}\.zip$/);
    expect(exported.stdout.trim()).toMatch(/^\S+ r\d+: \S+$/);
    expect(exported.stdout).toContain(`${fileCodes[0]} r`);
    expect(exported.stdout).toContain(`: ${join(dir, zip!)}`);
    const verified = await runHoso(bridge.baseUrl, undefined, 'export', 'verify', join(dir, zip!));
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/: OK, uuid-[0-9A-F-]{36}, \d+ files/);
  });

  it('refuses a package when a binary was changed at its source, and says which and why', async () => {
    const [path, bytes] = [...dossiers[1]!.binaries][0]!;
    const changed = Buffer.from(bytes);
    changed[10] = changed[10]! ^ 1;
    server.files.set(path, { bytes: changed });
    try {
      const response = await sipOf(fileCodes[1]!);
      expect(response.status).toBe(422);
      const body = (await response.json()) as Problem;
      expect(body.type).toBe(problemType('package-refused'));
      expect(body.detail).toMatch(/^1 of \d+ binaries of .* r\d+ cannot be packaged/);
      expect(body.binaries).toHaveLength(1);
      expect(body.binaries![0]!.uri).toBe(`${server.url}${path}`);
      expect(body.binaries![0]!.reason).toMatch(/^SHA-256 is [0-9a-f]{64}, the events say [0-9a-f]{64}$/);

      const cli = await runHoso(
        bridge.baseUrl,
        VIEWER,
        'export',
        'sip',
        fileCodes[1]!,
        '--out',
        join(out, 'bad'),
      );
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`${fileCodes[1]}: NOT EXPORTED: 422: 1 of`);
      expect(cli.stderr).toContain(`${server.url}${path}: SHA-256 is`);
      expect(await readdir(join(out, 'bad'))).toEqual([]);

      // Metadata only: the binaries are recorded by reference, and the package is still whole.
      const referenced = await sipOf(fileCodes[1]!, '?metadataOnly=true');
      expect(referenced.status).toBe(200);
      expect(Number(referenced.headers.get('x-binaries-referenced'))).toBeGreaterThan(0);
      expect((await verifySip(Buffer.from(await referenced.arrayBuffer()))).problems).toEqual([]);
    } finally {
      server.files.set(path, { bytes });
    }
  });

  it('answers 404 for an unknown e-file or revision, and 400 for a bad query', async () => {
    expect((await sipOf('000.00.20.H17.2026.NO.0001')).status).toBe(404);
    expect((await sipOf(fileCodes[0]!, '?revision=9')).status).toBe(404);
    expect((await sipOf(fileCodes[0]!, '?revision=zero')).status).toBe(400);
  });

  it("exports an agency's year for a transfer, with the inventory (mục lục hồ sơ nộp lưu)", async () => {
    const dir = join(out, 'transfer');
    const batch = await transfer(dir, '--handed-over-by', 'Trần Văn Bình, Văn thư');
    expect(batch.code).toBe(0);
    expect(batch.stdout).toContain(`2 of 2 e-files of ${AGENCY} formed in 2026 exported`);
    const zips = (await readdir(dir)).filter((name) => name.endsWith('.zip')).sort();
    expect(zips.map((name) => name.slice(0, 4))).toEqual(['001-', '002-']);
    const inventory = (await readFile(join(dir, INVENTORY_FILE), 'utf8')).split('\r\n');
    expect(inventory[0]).toBe(
      '\uFEFFSố TT,Mã hồ sơ,Tiêu đề hồ sơ,Thời gian bắt đầu,Thời gian kết thúc,Thời hạn lưu trữ,Số lượng văn bản,Số lượng tờ,Số lượng trang,Gói tin (ZIP),Mã gói tin (OBJID),SHA-256 của gói tin,Ghi chú',
    );
    const lines = inventory.slice(1, -1);
    expect(lines).toHaveLength(2);
    for (const [i, fileCode] of fileCodes.slice(0, 2).sort().entries()) {
      expect(lines[i]).toContain(`${i + 1},${fileCode},`);
      const zip = zips.find((name) => lines[i]!.includes(name))!;
      expect((await verifySip(join(dir, zip))).problems).toEqual([]);
    }

    // The paperwork of Decree 30/2020 Appendix V, as PDF and XLSX, read back from the packages.
    for (const name of [FILE_INDEX, DOCUMENT_INDEX, HANDOVER_RECORD]) {
      expect((await readFile(join(dir, `${name}.pdf`))).subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(join(dir, `${name}.xlsx`));
      const text = JSON.stringify(book.worksheets[0]!.getSheetValues());
      if (name !== HANDOVER_RECORD)
        for (const fileCode of fileCodes.slice(0, 2)) expect(text).toContain(fileCode);
      else {
        expect(text).toContain('Ông (bà): Trần Văn Bình');
        expect(text).toContain('tổng số hồ sơ: 2 (hai)');
      }
    }
    expect(batch.stdout).toContain(`${HANDOVER_RECORD}.pdf`);
  });

  it('goes on past a file that cannot be packaged in a batch, lists it, and leaves it out of the inventory', async () => {
    const [path, bytes] = [...dossiers[1]!.binaries][0]!;
    server.files.delete(path);
    try {
      const dir = join(out, 'partial');
      const batch = await transfer(dir);
      expect(batch.code).toBe(1);
      expect(batch.stdout).toContain(`1 of 2 e-files of ${AGENCY} formed in 2026 exported`);
      expect(batch.stderr).toContain(`${fileCodes[1]}: NOT EXPORTED: 422:`);
      expect(batch.stderr).toContain(`${server.url}${path}: HTTP 404 Not Found`);
      const inventory = (await readFile(join(dir, INVENTORY_FILE), 'utf8')).split('\r\n').slice(1, -1);
      expect(inventory).toHaveLength(1);
      expect(inventory[0]).toContain(`,${fileCodes[0]},`);
    } finally {
      server.files.set(path, { bytes });
    }
  });

  it('records who exported which package in the audit trail, and counts packages in the metrics', async () => {
    type Audit = {
      items: Array<{ actor: string; action: string; target: string; outcome: string; result: string }>;
    };
    // A package is audited once its last byte is sent, just after the client has it.
    const audit = await waitFor('every package sent to be audited', async () => {
      const trail = await bridge.json<Audit>('/admin/audit?limit=500', { token: VIEWER });
      const ok = trail.items.filter((e) => e.action === 'efile.export-sip' && e.outcome === 'ok').length;
      return ok === (await bridge.metric('hoso_sip_packages_total', { outcome: 'ok' })) && trail;
    });
    const exports = audit.items.filter((entry) => entry.action === 'efile.export-sip');
    expect(exports.every((entry) => entry.actor === 'le.thi.luu')).toBe(true);
    const delivered = exports.filter((entry) => entry.outcome === 'ok');
    expect(delivered.length).toBeGreaterThanOrEqual(5);
    expect(JSON.parse(delivered[0]!.result)).toMatchObject({
      objid: expect.stringMatching(/^uuid-/) as unknown,
    });
    expect(exports.some((entry) => entry.outcome === 'error' && entry.target === fileCodes[1])).toBe(true);

    expect(await bridge.metric('hoso_sip_packages_total', { outcome: 'ok' })).toBe(delivered.length);
    expect(await bridge.metric('hoso_sip_packages_total', { outcome: 'refused' })).toBeGreaterThanOrEqual(2);
    expect(await bridge.metric('hoso_sip_packages_total', { outcome: 'not_found' })).toBe(2);
    const metrics = (await bridge.request('/metrics')).body;
    expect(Number(/^hoso_sip_binary_bytes_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('gives the one export slot of a download the client gave up on to the next request', async () => {
    const abandoned = new AbortController();
    const started = await fetch(`${bridge.baseUrl}/admin/efiles/${encodeURIComponent(fileCodes[0]!)}/sip`, {
      headers: { authorization: `Bearer ${VIEWER}` },
      signal: abandoned.signal,
    });
    expect(started.status).toBe(200);
    const packageId = started.headers.get('x-package-objid')!;
    await started.body!.getReader().read();
    abandoned.abort();
    // With SIP_CONCURRENT_EXPORTS=1 a slot still held would keep this one waiting.
    const next = await fetch(`${bridge.baseUrl}/admin/efiles/${encodeURIComponent(fileCodes[1]!)}/sip`, {
      headers: { authorization: `Bearer ${VIEWER}` },
      signal: AbortSignal.timeout(20_000),
    });
    expect(next.status).toBe(200);
    expect((await verifySip(Buffer.from(await next.arrayBuffer()))).problems).toEqual([]);
    // The package that broke off never reached an archive: it is no attempt of the file.
    await waitFor('the broken-off package to be withdrawn', async () => {
      const file = await bridge.json<ArchiveFileHistory>(
        `/admin/archive/files/${encodeURIComponent(fileCodes[0]!)}`,
        { token: VIEWER },
      );
      return file.history.length > 0 && !file.history.some((a) => a.packageId === packageId);
    });
  });

  describe('a file that needs classification', () => {
    const permitCode = () => fileCodes[2]!;
    const reclassify = (fileCode: string, body: object, token = OPERATOR) =>
      bridge.request(`/admin/efiles/${encodeURIComponent(fileCode)}/reclassify`, {
        method: 'POST',
        token,
        body,
      });

    it('is refused by the archive export unless allowed, and then the package says it is unclassified', async () => {
      expect(permitCode()).toMatch(/^000\.00\.21\.H17\.2026\.\d{2}\.XD$/);
      const refused = await sipOf(permitCode());
      expect(refused.status).toBe(422);
      const problem = (await refused.json()) as Problem;
      expect([problem.type, problem.detail]).toEqual([
        problemType('file-unclassified'),
        expect.stringMatching(/still needs classification/),
      ]);
      const cli = await runHoso(
        bridge.baseUrl,
        VIEWER,
        'export',
        'sip',
        permitCode(),
        '--out',
        join(out, 'xd'),
      );
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`${permitCode()}: NOT EXPORTED: 422:`);

      const allowed = await sipOf(permitCode(), '?allowUnclassified=true&metadataOnly=true');
      expect(allowed.status).toBe(200);
      const zip = Buffer.from(await allowed.arrayBuffer());
      expect((await verifySip(zip)).problems).toEqual([]);
      expect(await zipEntryText(zip, 'metadata/descriptive/EAD.xml')).toContain(
        'Hồ sơ chưa được phân loại theo danh mục hồ sơ',
      );
      expect(await zipEntryText(zip, '/METS.xml')).not.toContain('PREVIOUSREFERENCECODE');
    });

    it('is reclassified by an operator, dry run first and audited: a new code, the old one kept as an alias', async () => {
      const before = permitCode();
      expect((await reclassify(before, { heading: 'HT' }, VIEWER)).status).toBe(403);
      const unknown = await reclassify(before, { heading: 'ZZ', dryRun: false });
      expect([unknown.status, unknown.body]).toEqual([
        409,
        expect.stringMatching(/has no heading ZZ; it has TTHC, HT/),
      ]);

      const dry = await runHoso(bridge.baseUrl, OPERATOR, 'efiles', 'reclassify', before, '--heading', 'HT');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`${before}: from XD`);
      expect(dry.stdout).toContain('to HT (Hồ sơ đăng ký hộ tịch; retention 01)');
      expect(dry.stdout).toContain('dry run: nothing changed');
      expect(
        (await bridge.json<{ fileCode: string }>(`/admin/efiles/${before}`, { token: VIEWER })).fileCode,
      ).toBe(before);

      const applied = await runHoso(
        bridge.baseUrl,
        OPERATOR,
        'efiles',
        'reclassify',
        before,
        '--heading',
        'HT',
        '--apply',
        '--json',
      );
      expect(applied.stderr).toBe('');
      const result = JSON.parse(applied.stdout) as { emitted: Array<{ fileCode: string; revision: number }> };
      const [revision] = result.emitted;
      expect(revision!.fileCode).toMatch(/^000\.00\.21\.H17\.2026\.\d{2}\.HT$/);

      // The old code finds the file, whose latest revision is under the new code with the old one as an alias.
      type Revisions = {
        fileCode: string;
        revisions: Array<{ efile: { fileCode: string; aliases: string[]; classified: boolean } }>;
      };
      const found = await bridge.json<Revisions>(`/admin/efiles/${before}`, { token: VIEWER });
      expect(found.fileCode).toBe(revision!.fileCode);
      expect(found.revisions.at(-1)!.efile).toMatchObject({
        fileCode: revision!.fileCode,
        aliases: [before],
        classified: true,
      });
      const sip = await sipOf(before, '?metadataOnly=true');
      expect(sip.status).toBe(200);
      const zip = Buffer.from(await sip.arrayBuffer());
      expect((await verifySip(zip)).problems).toEqual([]);
      expect(await zipEntryText(zip, '/METS.xml')).toContain(
        `<altRecordID TYPE="PREVIOUSREFERENCECODE">${before}</altRecordID>`,
      );

      // Re-emitting by the old code finds the file, every revision under the code it had then.
      const reemit = await bridge.json<{ files: number; ids: string[] }>('/admin/replay/reemit', {
        method: 'POST',
        token: OPERATOR,
        body: { fileCodes: [before], allRevisions: true },
      });
      expect(reemit.files).toBe(1);
      expect(reemit.ids[0]).toBe(`${before}#1`);
      expect(reemit.ids.at(-1)).toBe(`${revision!.fileCode}#${revision!.revision}`);

      const trail = await bridge.json<{ items: Array<{ action: string; actor: string; outcome: string }> }>(
        '/admin/audit?limit=500',
        { token: VIEWER },
      );
      const audited = trail.items.filter((e) => e.action === 'efile.reclassify');
      expect(audited.map((e) => [e.actor, e.outcome])).toEqual(
        expect.arrayContaining([
          ['tran.van.an', 'ok'],
          ['tran.van.an', 'error'],
        ]),
      );
      expect(audited.length).toBeGreaterThanOrEqual(3);
    });

    it('cannot be reclassified once a whole package of it went to the archive', async () => {
      // fileCodes[0] was exported whole above.
      const refused = await reclassify(fileCodes[0]!, { heading: 'TTHC', dryRun: false });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatch(/handed to the archive on .*keeps its code/);
    });
  });

  it('refuses to fetch from 127.0.0.1 unless SIP_FETCH_ALLOW_NETWORKS admits it, and from anywhere while SIP_FETCH_HOSTS is unset', async () => {
    // Bridges on the same database that only serve HTTP: their brokers are a closed port.
    const answerOf = async (fetchEnv: Record<string, string>) => {
      const other = await BridgeProcess.spawn({
        ...env,
        KAFKA_BROKERS: '127.0.0.1:9',
        DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
        ADMIN_TOKENS: `viewer:le.thi.luu:${VIEWER}`,
        ...fetchEnv,
      });
      try {
        await other.waitForStatus('/health/live', 200);
        const answer = await other.request(`/admin/efiles/${encodeURIComponent(fileCodes[1]!)}/sip`, {
          token: VIEWER,
          timeoutMs: 60_000,
        });
        return { status: answer.status, problem: JSON.parse(answer.body) as Problem };
      } finally {
        await other.stop();
      }
    };
    const loopback = await answerOf({ SIP_FETCH_HOSTS: new URL(server.url).host });
    expect([loopback.status, loopback.problem.type]).toEqual([422, problemType('package-refused')]);
    expect(new Set(loopback.problem.binaries!.map((b) => `${b.kind}: ${b.reason}`))).toEqual(
      new Set([
        'not-allowed: address 127.0.0.1 (loopback) is not public, and SIP_FETCH_ALLOW_NETWORKS does not admit it',
      ]),
    );
    const unset = await answerOf({});
    expect(new Set(unset.problem.binaries!.map((b) => b.reason))).toEqual(
      new Set([
        'SIP_FETCH_HOSTS is not set: the bridge fetches binaries from no host until it names the document stores',
      ]),
    );
  });
});
