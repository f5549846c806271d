import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './bridge-process';
import { REPO_ROOT } from './paths';
import { waitFor } from './wait-for';

/** Who a client or an account is to the bridge: the roles and agencies its tokens carry. */
export interface OidcHolder {
  roles: string[];
  agencies: string[];
}

export interface OidcClient extends OidcHolder {
  id: string;
  /** A confidential machine client (client credentials)… */
  secret?: string;
  /** …or a public one that signs a person in (authorization code with PKCE). */
  redirectUri?: string;
  /** Lifetime of its access tokens (600 s unless given). */
  ttlS?: number;
}

export interface OidcSettings {
  /** Resource indicators tokens may be issued for: each one is a token's audience. */
  resources: string[];
  clients: OidcClient[];
  accounts?: Record<string, OidcHolder>;
}

/** A real OpenID provider (test/support/oidc-provider-process.mjs) on a loopback port, signing with a new key each start. */
export class OidcProvider {
  private child?: ChildProcess;
  private output = '';
  /** The id of the key it signs with now. */
  kid = '';

  private constructor(
    private readonly settings: OidcSettings & { port: number },
    readonly issuer: string,
  ) {}

  static async start(settings: OidcSettings): Promise<OidcProvider> {
    const port = await freePort();
    const provider = new OidcProvider({ accounts: {}, ...settings, port }, `http://127.0.0.1:${port}`);
    await provider.run();
    return provider;
  }

  private async run(): Promise<void> {
    this.output = '';
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'test/support/oidc-provider-process.mjs'), JSON.stringify(this.settings)],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.kid = await waitFor(
      'the OpenID provider to listen',
      () => {
        if (child.exitCode !== null) throw new Error(`it exited ${child.exitCode}: ${this.output}`);
        return /^listening \S+ (\S+)$/m.exec(this.output)?.[1];
      },
      { timeoutMs: 30_000 },
    );
  }

  /** Stops and starts again on the same port with a new signing key: a key rotation. */
  async rotateKey(): Promise<void> {
    await this.stop();
    await this.run();
  }

  /** An access token by client credentials, for the given resource (the token's audience). */
  async clientToken(clientId: string, resource = this.settings.resources[0]!): Promise<string> {
    const client = this.settings.clients.find((c) => c.id === clientId);
    if (!client?.secret) throw new Error(`${clientId} is not a machine client of this provider`);
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${client.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'admin', resource }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!response.ok || !body.access_token)
      throw new Error(`the token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** The claims of a JWT, read without checking it (to know when a test's token expires). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}
