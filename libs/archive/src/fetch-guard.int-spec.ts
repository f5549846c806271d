import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { efileOf, sipDossier } from '@test/fixtures';
import { FileServer } from '@test/support';
import { fetchBinaries, type FetchLimits } from './binaries';
import { addressRefusal, type FetchPolicy } from './fetch-guard';

describe('which addresses a binary may come from', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['192.168.1.20', 'private'],
    ['172.16.0.9', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['fd00::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['::ffff:127.0.0.1', 'loopback'],
  ])('should refuse %s (%s) unless a network admits it', (address, range) => {
    expect(addressRefusal(address, [])).toMatch(new RegExp(`\\(${range}\\) is not public`));
    expect(addressRefusal(address, ['10.0.0.0/8', '127.0.0.0/8', '::/0', '0.0.0.0/0'])).toBeUndefined();
  });

  it.each(['8.8.8.8', '203.113.131.1', '2001:4860:4860::8888'])('should allow the public address %s', (a) => {
    expect(addressRefusal(a, [])).toBeUndefined();
  });

  it('should admit a private address only in the network given', () => {
    expect(addressRefusal('10.20.1.5', ['10.20.0.0/16'])).toBeUndefined();
    expect(addressRefusal('10.21.1.5', ['10.20.0.0/16'])).toMatch(/is not public/);
  });
});

describe('fetching binaries under the policy, from a document store on loopback', () => {
  let server: FileServer;
  let dir: string;
  let document: ReturnType<typeof efileOf>['documents'][number];
  const limits = (policy: Partial<FetchPolicy>): FetchLimits => ({
    timeoutMs: 2000,
    maxBytes: 10_000_000,
    concurrency: 1,
    policy: { hosts: [new URL(server.url).host], allowNetworks: [], credentials: {}, ...policy },
  });
  const fetchOne = async (policy: Partial<FetchPolicy>, uri = document.file.uri!) => {
    const { binaries, problems } = await fetchBinaries(
      [{ ...document, file: { ...document.file, uri } }],
      await mkdtemp(join(dir, 'bin-')),
      limits(policy),
    );
    return { fetched: binaries.size, problems: problems.map((p) => `${p.kind}: ${p.reason}`) };
  };

  beforeAll(async () => {
    server = await FileServer.start();
    dir = await mkdtemp(join(tmpdir(), 'hoso-guard-test-'));
    const dossier = sipDossier('guard1', server.url);
    for (const [path, bytes] of dossier.binaries) server.files.set(path, { bytes });
    document = efileOf(dossier.events, dossier.dossierCode, '000.00.20.H17.2026.01.HT').documents[0]!;
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('should fetch from nowhere while SIP_FETCH_HOSTS is unset, and say so', async () => {
    expect(await fetchOne({ hosts: [], allowNetworks: ['127.0.0.0/8'] })).toEqual({
      fetched: 0,
      problems: [
        'not-allowed: SIP_FETCH_HOSTS is not set: the bridge fetches binaries from no host until it names the document stores',
      ],
    });
  });

  it('should refuse 127.0.0.1 though its host is listed, unless SIP_FETCH_ALLOW_NETWORKS admits it', async () => {
    const requests = server.requests.length;
    expect(await fetchOne({})).toEqual({
      fetched: 0,
      problems: [
        'not-allowed: address 127.0.0.1 (loopback) is not public, and SIP_FETCH_ALLOW_NETWORKS does not admit it',
      ],
    });
    expect(server.requests.length).toBe(requests);
    expect(await fetchOne({ allowNetworks: ['127.0.0.1/32'] })).toEqual({ fetched: 1, problems: [] });
  });

  it('should check the address a name resolves to, when it connects', async () => {
    const uri = document.file.uri!.replace('127.0.0.1', 'localhost');
    const host = new URL(uri).host;
    const refused = await fetchOne({ hosts: [host] }, uri);
    expect(refused.problems).toEqual([
      expect.stringMatching(/^not-allowed: localhost: address .* \(loopback\) is not public/),
    ]);
    expect(await fetchOne({ hosts: [host], allowNetworks: ['127.0.0.0/8', '::1/128'] }, uri)).toEqual({
      fetched: 1,
      problems: [],
    });
  });

  it('should hold every redirect to the policy', async () => {
    const path = new URL(document.file.uri!).pathname;
    server.files.set('/away', { bytes: Buffer.alloc(0), redirectTo: `http://169.254.169.254${path}` });
    const away = `${server.url}/away`;
    expect(await fetchOne({ allowNetworks: ['127.0.0.1/32'] }, away)).toEqual({
      fetched: 0,
      problems: ['not-allowed: host 169.254.169.254 is not in SIP_FETCH_HOSTS'],
    });
    const metadata = await fetchOne(
      { hosts: [new URL(server.url).host, '169.254.169.254'], allowNetworks: ['127.0.0.1/32'] },
      away,
    );
    expect(metadata.problems).toEqual([
      'not-allowed: address 169.254.169.254 (linkLocal) is not public, and SIP_FETCH_ALLOW_NETWORKS does not admit it',
    ]);
  });

  it("should present a store's bearer token to that store only", async () => {
    const host = new URL(server.url).host;
    const before = server.authorizations.length;
    await fetchOne({ allowNetworks: ['127.0.0.1/32'], credentials: { [host]: { bearer: 'store-token-1' } } });
    await fetchOne({ allowNetworks: ['127.0.0.1/32'], credentials: { 'other.example.vn': { bearer: 'x' } } });
    expect(server.authorizations.slice(before)).toEqual(['Bearer store-token-1', undefined]);
  });

  it('should present a client certificate to the store that demands one', async () => {
    const tls = await mkdtemp(join(dir, 'tls-'));
    const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: tls, stdio: 'pipe' });
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=store CA',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
    );
    writeFileSync(join(tls, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    for (const who of ['store', 'bridge']) {
      openssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        `/CN=${who}`,
        '-keyout',
        `${who}.key`,
        '-out',
        `${who}.csr`,
      );
      openssl(
        'x509',
        '-req',
        '-in',
        `${who}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-out',
        `${who}.pem`,
        ...(who === 'store' ? ['-extfile', 'san.cnf'] : []),
      );
    }
    const pem = (name: string) => readFileSync(join(tls, name), 'utf8');
    const bytes = server.files.get(new URL(document.file.uri!).pathname)!.bytes;
    const store: Server = createHttpsServer(
      {
        cert: pem('store.pem'),
        key: pem('store.key'),
        ca: pem('ca.pem'),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (_request, response) => response.writeHead(200, { 'content-length': bytes.length }).end(bytes),
    );
    await new Promise<void>((resolve) => store.listen(0, '127.0.0.1', resolve));
    try {
      const host = `127.0.0.1:${(store.address() as AddressInfo).port}`;
      const uri = `https://${host}/binary.pdf`;
      const policy = { hosts: [host], allowNetworks: ['127.0.0.1/32'] };
      const withCertificate = await fetchOne(
        {
          ...policy,
          credentials: { [host]: { cert: pem('bridge.pem'), key: pem('bridge.key'), ca: pem('ca.pem') } },
        },
        uri,
      );
      expect(withCertificate).toEqual({ fetched: 1, problems: [] });
      // Without it the store hangs up during the handshake (and the store's CA is not trusted either).
      const without = await fetchOne({ ...policy, credentials: {} }, uri);
      expect(without).toEqual({ fetched: 0, problems: [expect.stringMatching(/^unreachable: /)] });
    } finally {
      store.closeAllConnections();
      await new Promise((resolve) => store.close(resolve));
    }
  });
});
