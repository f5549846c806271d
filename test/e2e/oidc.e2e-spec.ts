import { type EFileAssembled, type Principal, type Problem, type SignInOptions } from '@hoso/contracts';
import {
  atOtherWard,
  dossierHistory,
  type FixtureEvent,
  PLAIN_HISTORY,
  structured,
  topicOf,
  WARD,
} from '@test/fixtures';
import { type Browser, type Page } from 'playwright-core';
import {
  BridgeProcess,
  claimsOf,
  collect,
  createTopics,
  freePort,
  launchChromium,
  OidcProvider,
  produceTo,
  suiteTopics,
  type TestDatabase,
  throwawayMariaDb,
  waitFor,
} from '@test/support';

const AUDIENCE = 'urn:hoso:admin';
const SECRET = 'client-secret-0123456789abcdefghijklmnop';
const STATIC = 'static-viewer-0123456789abcdef';
const OFFICIAL = 'can.bo.phuong';

/** A JWT with these parts re-encoded (and the signature kept or replaced). */
const jwt = (header: object, claims: object, signature = '') =>
  [header, claims].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') +
  `.${signature}`;

describe('OpenID Connect: tokens from a real provider, checked by the bridge against its published keys', () => {
  const { topics, env } = suiteTopics('o');
  const ours = dossierHistory({ ...PLAIN_HISTORY, seed: 'oid1', styles: [1], terminal: 'returned' });
  const theirs = atOtherWard(
    dossierHistory({ ...PLAIN_HISTORY, seed: 'oid2', styles: [1], terminal: 'returned' }),
  );
  let provider: OidcProvider;
  let db: TestDatabase;
  let bridge: BridgeProcess;
  let efiles: Awaited<ReturnType<typeof collect>>;
  const codeOf = (events: FixtureEvent[]) => events[0]!.subject;
  const fileOf = (code: string) =>
    efiles.messages
      .map((m) => (JSON.parse(String(m.value)) as { data: EFileAssembled }).data)
      .find((e) => e.dossier.dossierCode === code)!.fileCode;
  /** Status, WWW-Authenticate and problem detail of a GET with this token. */
  const get = async (token: string, path: string) => {
    const answer = await bridge.request(path, { token });
    const body = JSON.parse(answer.body) as Partial<Problem> & Record<string, unknown>;
    return { status: answer.status, challenge: answer.headers['www-authenticate'], body };
  };

  beforeAll(async () => {
    // The dashboard's address is its redirect URI, registered with the provider before the bridge starts.
    const port = await freePort();
    provider = await OidcProvider.start({
      resources: [AUDIENCE, 'urn:another:api'],
      clients: [
        { id: 'phuong-hai-chau', secret: SECRET, roles: ['viewer'], agencies: [WARD] },
        { id: 'so-noi-vu', secret: SECRET, roles: ['viewer', 'operator'], agencies: ['*'] },
        { id: 'short-lived', secret: SECRET, roles: ['viewer'], agencies: [WARD], ttlS: 1 },
        { id: 'no-role', secret: SECRET, roles: ['auditor'], agencies: ['*'] },
        { id: 'hoso-dashboard', redirectUri: `http://127.0.0.1:${port}/`, roles: [], agencies: [] },
      ],
      accounts: { [OFFICIAL]: { roles: ['viewer'], agencies: [WARD] } },
    });
    await createTopics(Object.values(topics), 3);
    db = await throwawayMariaDb('e2e_oidc');
    efiles = await collect(topics.efiles);
    bridge = await BridgeProcess.spawn({
      ...env,
      HTTP_PORT: String(port),
      DATABASE_URL: db.config.kind === 'mysql' ? db.config.url : '',
      ADMIN_TOKENS: `viewer:may.bao.cao:${STATIC}`,
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_CLIENT_ID: 'hoso-dashboard',
      // Expiry to the second, and a new key fetched at once: the tests need not wait out a leeway.
      OIDC_CLOCK_TOLERANCE_S: '0',
      OIDC_JWKS_COOLDOWN_MS: '0',
      RELAY_INTERVAL_MS: '200',
    });
    await bridge.waitForStatus('/health/ready', 200);
    const events = [...ours, ...theirs];
    const dossierTopic = topicOf(ours[0]!);
    await produceTo(topics.dossier, events.filter((e) => topicOf(e) === dossierTopic).map(structured));
    await produceTo(topics.document, events.filter((e) => topicOf(e) !== dossierTopic).map(structured));
    await waitFor('both wards filed', () => efiles.messages.length >= 2, { timeoutMs: 60_000 });
  });
  afterAll(async () => {
    await efiles?.stop();
    await bridge?.stop();
    await provider?.stop();
    await db?.dispose();
  });

  it("should give a ward's token 200 on its own ward's files and 404 on the other's", async () => {
    const token = await provider.clientToken('phuong-hai-chau');
    expect((await get(token, '/admin/whoami')).body).toEqual({
      name: 'phuong-hai-chau',
      role: 'viewer',
      agencies: [WARD],
    } satisfies Principal);
    expect((await get(token, `/admin/dossiers/${codeOf(ours)}`)).status).toBe(200);
    expect((await get(token, `/admin/efiles/${fileOf(codeOf(ours))}`)).status).toBe(200);
    expect((await get(token, `/admin/dossiers/${codeOf(theirs)}`)).status).toBe(404);
    expect((await get(token, `/admin/efiles/${fileOf(codeOf(theirs))}`)).status).toBe(404);
    const province = await provider.clientToken('so-noi-vu');
    expect((await get(province, '/admin/whoami')).body).toMatchObject({ role: 'operator', agencies: ['*'] });
    expect((await get(province, `/admin/dossiers/${codeOf(theirs)}`)).status).toBe(200);
  });

  it('should answer 401 with WWW-Authenticate to an expired token', async () => {
    const token = await provider.clientToken('short-lived');
    expect((await get(token, '/admin/whoami')).status).toBe(200);
    const expires = claimsOf(token).exp as number;
    await waitFor('the token to expire', () => Date.now() / 1000 > expires + 1, { timeoutMs: 30_000 });
    const refused = await get(token, '/admin/whoami');
    expect(refused).toMatchObject({
      status: 401,
      body: { detail: expect.stringMatching(/"exp"/) as unknown },
    });
    expect(refused.challenge).toBe('Bearer realm="hoso-bridge", error="invalid_token"');
  });

  it('should answer 401 to a token for another audience', async () => {
    const token = await provider.clientToken('phuong-hai-chau', 'urn:another:api');
    expect(claimsOf(token).aud).toBe('urn:another:api');
    const refused = await get(token, '/admin/whoami');
    expect(refused).toMatchObject({
      status: 401,
      body: { detail: expect.stringMatching(/"aud"/) as unknown },
    });
    expect(refused.challenge).toContain('error="invalid_token"');
  });

  it('should answer 401 to an unsigned token and to one whose claims were changed after signing', async () => {
    const token = await provider.clientToken('phuong-hai-chau');
    const [header, , signature] = token.split('.');
    const claims = { ...claimsOf(token), agencies: ['*'] };
    const header0 = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as object;
    for (const forged of [
      jwt({ ...header0, alg: 'none' }, claims),
      jwt({ alg: 'HS256', typ: 'JWT' }, claims, signature),
      jwt(header0, claims, signature),
    ]) {
      const refused = await get(forged, `/admin/dossiers/${codeOf(theirs)}`);
      expect(refused.status).toBe(401);
      expect(refused.challenge).toContain('error="invalid_token"');
    }
  });

  it('should answer 403 to a valid token that holds neither role', async () => {
    const refused = await get(await provider.clientToken('no-role'), '/admin/whoami');
    expect(refused).toMatchObject({
      status: 403,
      body: { detail: expect.stringMatching(/neither role/) as unknown },
    });
  });

  it("should accept tokens signed with the provider's new key after it rotates, without a restart", async () => {
    const before = provider.kid;
    await provider.rotateKey();
    expect(provider.kid).not.toBe(before);
    const token = await provider.clientToken('phuong-hai-chau');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'))).toMatchObject({
      kid: provider.kid,
    });
    expect((await get(token, `/admin/dossiers/${codeOf(ours)}`)).status).toBe(200);
  });

  it('should keep the static tokens, and tell the dashboard where to sign in', async () => {
    expect((await get(STATIC, '/admin/whoami')).body).toEqual({
      name: 'may.bao.cao',
      role: 'viewer',
      agencies: ['*'],
    });
    expect((await get('not.a.token', '/admin/whoami')).status).toBe(401);
    const signIn = await bridge.json<SignInOptions>('/admin/sign-in');
    expect(signIn).toEqual({
      oidc: {
        issuer: provider.issuer,
        clientId: 'hoso-dashboard',
        scopes: 'openid profile',
        audience: AUDIENCE,
      },
    });
  });

  describe('the dashboard, signing a person in at the provider (authorization code with PKCE)', () => {
    let browser: Browser;
    let page: Page;
    const signInButton = 'button:has-text("Đăng nhập bằng tài khoản một lần (SSO)")';
    /** Opens the dashboard on this view, in a new tab with nothing stored, and goes to the provider. */
    const toProvider = async (view: string) => {
      await page?.close();
      page = await browser.newPage({ locale: 'vi-VN' });
      await page.goto(`${bridge.baseUrl}/${view}`);
      await page.click(signInButton);
      await page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`));
    };

    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('should sign an official in, back on the view they asked for, with a token scoped to their ward', async () => {
      const ourFile = fileOf(codeOf(ours));
      await toProvider(`#/efile/${encodeURIComponent(ourFile)}`);
      // The provider's own pages: any password for a known login, then the consent.
      await page.fill('input[name=login]', OFFICIAL);
      await page.fill('input[name=password]', 'mat-khau');
      await page.click('button[type=submit]');
      await page.click('button:has-text("Continue")');
      await page.waitForURL((url) => url.origin === bridge.baseUrl && url.hash.startsWith('#/efile/'));
      await page.waitForSelector(`header :text("${OFFICIAL} (xem)")`);
      // The code is gone from the address, and the e-file asked for is shown.
      expect(new URL(page.url()).search).toBe('');
      expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/efile/${ourFile}`);
      await page.waitForSelector(`main :text("${ourFile}")`);

      // The token the tab now holds: the admin API's audience, the official, their ward alone.
      const token = await page.evaluate<string>("sessionStorage.getItem('hoso.token')");
      expect(claimsOf(token)).toMatchObject({ aud: AUDIENCE, sub: OFFICIAL, agencies: [WARD] });
      expect((await get(token, `/admin/efiles/${ourFile}`)).status).toBe(200);
      expect((await get(token, `/admin/efiles/${fileOf(codeOf(theirs))}`)).status).toBe(404);
    });

    it('should say why when the official cancels at the provider, and still offer the token', async () => {
      await toProvider('');
      await page.click('a:has-text("Cancel")');
      await page.waitForURL((url) => url.origin === bridge.baseUrl);
      const failure = await page.waitForSelector('.sign-in .error');
      expect(await failure.textContent()).toMatch(/^Không đăng nhập được: access_denied: End-User aborted/);
      expect(new URL(page.url()).search).toBe('');
      await page.fill('input[name=token]', STATIC);
      await page.click('button[type=submit]');
      await page.waitForSelector('header :text("may.bao.cao (xem)")');
    });
  });
});
