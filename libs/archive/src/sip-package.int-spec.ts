import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { drawnByBridge, type EFileAssembled } from '@hoso/contracts';
import { efileOf, sipDossier, zipOf } from '@test/fixtures';
import { FileServer, REPO_ROOT } from '@test/support';
import { expectedBinaries, fetchBinaries, type FetchLimits } from './binaries';
import { buildSip, sha256Of, sipSchemaProblems, type SubmissionPackage } from './sip-package';
import { docIdOf } from './sip-fields';
import { verifySip } from './verify/verify-sip';

const GOLDEN = join(REPO_ROOT, 'test/fixtures/golden-sip');
const FILE_CODE = '000.00.20.H17.2026.01.HT';
const PACKAGE_UUID = '0f203b84-6641-4cda-9f52-daae55fef6b1';
const CREATED_AT = new Date('2026-06-12T04:45:37.690Z');
let server: FileServer;
let dir: string;
/** The test's document store on loopback, which the policy must admit by name and by network. */
let LIMITS: FetchLimits;

beforeAll(async () => {
  server = await FileServer.start();
  dir = await mkdtemp(join(tmpdir(), 'hoso-sip-test-'));
  LIMITS = {
    timeoutMs: 2000,
    maxBytes: 1_000_000,
    concurrency: 3,
    policy: { hosts: [new URL(server.url).host], allowNetworks: ['127.0.0.1/32'], credentials: {} },
  };
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** The fixed dossier's e-file with its binaries served, and a package of it. */
async function packaged(seed: string, options: { packageUuid?: string; createdAt?: Date } = {}) {
  const dossier = sipDossier(seed, server.url);
  for (const [path, bytes] of dossier.binaries) server.files.set(path, { bytes });
  const efile = efileOf(dossier.events, dossier.dossierCode, FILE_CODE);
  const binDir = await mkdtemp(join(dir, 'bin-'));
  const fetched = await fetchBinaries(efile.documents, binDir, LIMITS);
  const sip = buildSip({
    efile,
    agencyName: 'UBND phường Hải Châu',
    fondCode: 'H17.01',
    binaries: fetched.binaries,
    packageUuid: options.packageUuid ?? PACKAGE_UUID,
    createdAt: options.createdAt ?? CREATED_AT,
  });
  return { dossier, efile, fetched, sip, binDir };
}

const partners = (efile: EFileAssembled) => efile.documents.filter((d) => !drawnByBridge(d));

const bytesOf = async (entry: SubmissionPackage['entries'][number]) =>
  Buffer.isBuffer(entry.bytes) ? entry.bytes : readFile(entry.bytes.file);

describe('a Circular 05/2025 submission package of a filed dossier', () => {
  it('fetches every partner binary from its URI and checks it against the event', async () => {
    const { efile, fetched, binDir } = await packaged('sip1');
    expect(fetched.problems).toEqual([]);
    expect(fetched.binaries.size).toBe(partners(efile).length);
    // What the bridge writes the package from while the binaries are still on their way.
    expect(fetched.binaries).toEqual(expectedBinaries(efile.documents, binDir));
    expect(partners(efile).length).toBeGreaterThanOrEqual(6);
  });

  it('holds the processing-control slip the e-file lists last, drawn again to the same bytes', async () => {
    const { efile, sip } = await packaged('sip1');
    const slip = efile.documents.at(-1)!;
    expect([slip.role, slip.source, slip.docOrdinal]).toEqual(['processing_slip', 'bridge', efile.docTotal]);
    const entry = sip.entries.find((e) => e.path.endsWith(`/data/${docIdOf(efile, slip)}.pdf`))!;
    const bytes = await bytesOf(entry);
    expect([bytes.length, sha256Of(bytes)]).toEqual([slip.file.sizeBytes, slip.file.sha256]);
    expect(bytes.subarray(0, 8).toString()).toBe('%PDF-1.7');
  });

  it('matches the golden package byte for byte (fixed UUID and time)', async () => {
    const { sip } = await packaged('sip1');
    // Text files are kept whole; every file is in the manifest with its size and SHA-256.
    const manifest = sip.entries.map(
      (e) => `${e.sha256.toUpperCase()} ${String(e.size).padStart(7)} ${e.path}`,
    );
    const texts = await Promise.all(
      sip.entries
        .filter((e) => /\.(xml|txt)$/.test(e.path))
        .map(async (e) => ({ path: e.path, text: (await bytesOf(e)).toString('utf8') })),
    );
    if (process.env.UPDATE_GOLDEN === '1') {
      await rm(GOLDEN, { recursive: true, force: true });
      for (const { path, text } of texts) {
        await mkdir(dirname(join(GOLDEN, path)), { recursive: true });
        await writeFile(join(GOLDEN, path), text);
      }
      await writeFile(join(GOLDEN, 'MANIFEST'), `${manifest.join('\n')}\n`);
    }
    expect(manifest.join('\n') + '\n').toBe(await readFile(join(GOLDEN, 'MANIFEST'), 'utf8'));
    for (const { path, text } of texts) expect(text).toBe(await readFile(join(GOLDEN, path), 'utf8'));
  });

  it('differs from another export of the same revision only by the package UUID and creation time', async () => {
    const first = await packaged('sip1');
    const second = await packaged('sip1', {
      packageUuid: '7d0d1987-0f1c-47a7-8fd6-cc5c7de4064f',
      createdAt: new Date('2026-12-01T10:00:00.000Z'),
    });
    expect(second.sip.entries.map((e) => e.path)).toEqual(first.sip.entries.map((e) => e.path));
    const binaryHashes = (sip: SubmissionPackage) =>
      sip.entries.filter((e) => e.path.includes('/data/')).map((e) => e.sha256);
    expect(binaryHashes(second.sip)).toEqual(binaryHashes(first.sip));
    const eadOf = async (sip: SubmissionPackage) =>
      Promise.all(
        sip.entries.filter((e) => e.path.includes('EAD')).map(async (e) => (await bytesOf(e)).toString()),
      );
    expect(await eadOf(second.sip)).toEqual(await eadOf(first.sip));
    const mets = (sip: SubmissionPackage) => bytesOf(sip.entries.find((e) => e.path === 'METS.xml')!);
    expect((await mets(second.sip)).toString()).not.toBe((await mets(first.sip)).toString());
  });

  it('says so in the package when a file still needs classification, and names its earlier codes', async () => {
    const { efile, fetched } = await packaged('sip7');
    const unclassified = {
      ...efile,
      classified: false,
      maintenance: null,
      aliases: ['000.00.20.H17.2026.03.TTHC'],
    };
    const sip = buildSip({
      efile: unclassified,
      agencyName: 'UBND phường Hải Châu',
      fondCode: null,
      binaries: fetched.binaries,
      packageUuid: PACKAGE_UUID,
      createdAt: CREATED_AT,
    });
    expect(await sipSchemaProblems(sip)).toEqual([]);
    const text = async (path: string) =>
      (await bytesOf(sip.entries.find((e) => e.path === path)!)).toString('utf8');
    const ead = await text('metadata/descriptive/EAD.xml');
    expect(ead).toContain('<maintenance>07</maintenance>');
    expect(ead).toContain('Hồ sơ chưa được phân loại theo danh mục hồ sơ');
    expect(ead).toContain('Mã hồ sơ trước khi phân loại lại: 000.00.20.H17.2026.03.TTHC');
    expect(await text('METS.xml')).toContain(
      '<altRecordID TYPE="PREVIOUSREFERENCECODE">000.00.20.H17.2026.03.TTHC</altRecordID>',
    );
  });

  it('writes XML that validates against the shipped METS and EAD schemas', async () => {
    const { sip } = await packaged('sip1');
    const xml = sip.entries.filter((e) => e.path.endsWith('.xml'));
    expect(xml.length).toBe(3 + sip.entries.filter((e) => e.path.includes('EAD_DOC_')).length);
    expect(await sipSchemaProblems(sip)).toEqual([]);
  });

  it('the schemas catch a field the circular does not allow', async () => {
    const { sip } = await packaged('sip1');
    const ead = sip.entries.find((e) => e.path === 'metadata/descriptive/EAD.xml')!;
    ead.bytes = Buffer.from(
      (ead.bytes as Buffer).toString().replace(/<maintenance>\d+</, '<maintenance>08<'),
    );
    const problems = await sipSchemaProblems(sip);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^metadata\/descriptive\/EAD\.xml: line \d+: .*maintenance/);
  });

  it('zips into one package folder whose every file METS lists with the right size and SHA-256', async () => {
    const { sip } = await packaged('sip1');
    const zip = await zipOf(sip);
    const check = await verifySip(zip);
    expect(check).toEqual({
      objid: 'uuid-0F203B84-6641-4CDA-9F52-DAAE55FEF6B1',
      files: sip.entries.length,
      problems: [],
    });
  });

  it('verification finds a binary changed inside the ZIP', async () => {
    const { sip } = await packaged('sip1');
    const data = sip.entries.find((e) => e.path.includes('/data/'))!;
    const tampered = Buffer.from(await bytesOf(data));
    tampered[tampered.length - 2] = tampered[tampered.length - 2]! ^ 1;
    data.bytes = tampered;
    const check = await verifySip(await zipOf(sip));
    expect(check.problems).toEqual([
      {
        check: 'fixity',
        path: data.path,
        message: `SHA-256 ${sha256Of(tampered).toUpperCase()}, representations/rep1/METS.xml says ${data.sha256.toUpperCase()}`,
      },
      // The first binary is a sealed scan, whose signature no longer matches either.
      {
        check: 'copy-signature',
        path: data.path,
        message: 'the file was changed after it was signed: its digest is not the signed one',
      },
    ]);
  });

  it('verification reports a METS that is not XML, and a file that is not a ZIP, rather than failing', async () => {
    const { sip } = await packaged('sip1');
    const mets = sip.entries.find((e) => e.path === 'representations/rep1/METS.xml')!;
    mets.bytes = Buffer.from('<mets');
    const check = await verifySip(await zipOf(sip));
    expect(check.problems[0]).toEqual({
      check: 'xml',
      path: 'representations/rep1/METS.xml',
      message: expect.stringMatching(/^not well-formed XML: /) as unknown,
    });
    expect(check.problems).toContainEqual({
      check: 'fixity',
      path: 'representations/rep1/METS.xml',
      message: `${mets.bytes.length} bytes, METS.xml says ${mets.size}`,
    });
    expect((await verifySip(Buffer.from('not a zip'))).problems).toEqual([
      { check: 'package', path: null, message: expect.stringMatching(/^not a readable ZIP: /) as unknown },
    ]);
  });

  it('refuses a tampered binary, a missing one and a slow one, each with its reason', async () => {
    const { dossier, efile } = await packaged('sip2');
    const [tampered, missing, slow] = efile.documents;
    const pathOf = (uri: string | undefined) => new URL(uri!).pathname;
    const bytes = Buffer.from(dossier.binaries.get(pathOf(tampered!.file.uri))!);
    bytes[20] = bytes[20]! ^ 1;
    server.files.set(pathOf(tampered!.file.uri), { bytes });
    server.files.delete(pathOf(missing!.file.uri));
    server.files.set(pathOf(slow!.file.uri), { bytes, stall: true });

    const binDir = await mkdtemp(join(dir, 'bin-'));
    const { binaries, problems } = await fetchBinaries(efile.documents, binDir, {
      ...LIMITS,
      timeoutMs: 500,
    });
    expect(binaries.size).toBe(partners(efile).length - 3);
    expect(problems.map((p) => [p.docCode, p.reason])).toEqual(
      [
        [tampered!.docCode, `SHA-256 is ${sha256Of(bytes)}, the events say ${tampered!.file.sha256}`],
        [missing!.docCode, 'HTTP 404 Not Found'],
        [slow!.docCode, 'no complete answer within 500 ms'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(problems.map((p) => p.kind).sort()).toEqual(['hash-mismatch', 'http-error', 'timeout']);
    expect(await readdir(binDir)).not.toContain(`${tampered!.docOrdinal}.bin`);
  });

  it('refuses a binary over the size limit, a host not allowed, and follows an allowed redirect', async () => {
    const { dossier, efile } = await packaged('sip3');
    const [big, redirected] = efile.documents;
    const pathOf = (uri: string | undefined) => new URL(uri!).pathname;
    server.files.set('/moved', { bytes: dossier.binaries.get(pathOf(redirected!.file.uri))! });
    server.files.set(pathOf(redirected!.file.uri), { bytes: Buffer.alloc(0), redirectTo: '/moved' });
    const limits = { ...LIMITS, maxBytes: big!.file.sizeBytes - 1 };
    const tooBig = await fetchBinaries([big!], await mkdtemp(join(dir, 'bin-')), limits);
    expect(tooBig.problems.map((p) => p.kind)).toEqual(['too-large']);
    expect(tooBig.problems.map((p) => p.reason)).toEqual([
      `larger than the limit of ${limits.maxBytes} bytes (${big!.file.sizeBytes} bytes)`,
    ]);
    const moved = await fetchBinaries([redirected!], await mkdtemp(join(dir, 'bin-')), LIMITS);
    expect(moved.problems).toEqual([]);
    expect(moved.binaries.has(redirected!.docCode)).toBe(true);

    const elsewhere = await fetchBinaries([big!], await mkdtemp(join(dir, 'bin-')), {
      ...LIMITS,
      policy: { ...LIMITS.policy, hosts: ['archive.example.vn'] },
    });
    expect(elsewhere.problems[0]!.kind).toBe('not-allowed');
    expect(elsewhere.problems[0]!.reason).toBe(`host ${new URL(server.url).host} is not in SIP_FETCH_HOSTS`);
  });

  it('records a binary by reference when it is left out (metadata only)', async () => {
    const { efile } = await packaged('sip1');
    const sip = buildSip({
      efile,
      agencyName: null,
      fondCode: null,
      binaries: new Map(),
      packageUuid: PACKAGE_UUID,
      createdAt: CREATED_AT,
    });
    const holey = sip.entries.filter((e) => e.path.endsWith('.fetch.txt'));
    // The slip is drawn, not fetched, so it is there even without the binaries.
    expect(holey).toHaveLength(partners(efile).length);
    expect((holey[0]!.bytes as Buffer).toString()).toContain(
      `sha256=${efile.documents[0]!.file.sha256.toUpperCase()}`,
    );
    expect(await sipSchemaProblems(sip)).toEqual([]);
    expect((await verifySip(await zipOf(sip))).problems).toEqual([]);
  });
});
