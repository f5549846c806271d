import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Environment } from './environment';
import { InvalidConfigError, loadConfig } from './load-config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('loadConfig', () => {
  it('should fall back to the embedded SQLite database and a local broker when nothing is set', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'sqlite', path: 'var/hoso-bridge.sqlite', migrateOnStart: true });
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 3000 });
  });

  it('should select MySQL/MariaDB when DATABASE_URL is set', () => {
    const config = loadConfig({ DATABASE_URL: 'mysql://hoso:secret@db:3306/hoso', DB_POOL_SIZE: '20' });
    expect(config.database).toMatchObject({
      kind: 'mysql',
      url: 'mysql://hoso:secret@db:3306/hoso',
      poolSize: 20,
    });
  });

  it('should convert numbers, booleans and broker lists from their text form', () => {
    const config = loadConfig({
      HTTP_PORT: '8080',
      DB_MIGRATE_ON_START: 'false',
      KAFKA_BROKERS: 'k1:9092,k2:9093',
    });
    expect(config.http.port).toBe(8080);
    expect(config.database.migrateOnStart).toBe(false);
    expect(config.kafka.brokers).toEqual(['k1:9092', 'k2:9093']);
  });

  it('should read the agencies a token sees: those after @, else the whole province', () => {
    const tokens = loadConfig({
      ADMIN_TOKENS: `viewer:so.noi.vu:${'a'.repeat(16)},operator:phuong@000.00.20.H17|000.00.21.H17:${'b'.repeat(16)}`,
    }).admin.tokens;
    expect(tokens.map((t) => [t.name, t.agencies])).toEqual([
      ['so.noi.vu', ['*']],
      ['phuong', ['000.00.20.H17', '000.00.21.H17']],
    ]);
    expect(problemsOf({ ADMIN_TOKENS: `viewer:x@H17:${'c'.repeat(16)}` })).toEqual([
      expect.stringMatching(/^ADMIN_TOKENS must be a comma-separated list of role:name\[@agency/),
    ]);
  });

  it('should turn OpenID Connect on only with both an issuer and an audience', () => {
    expect(loadConfig({}).admin.oidc).toBeNull();
    expect(
      loadConfig({ OIDC_ISSUER_URL: 'https://sso.example.gov.vn/realms/h17/', OIDC_AUDIENCE: 'hoso-bridge' })
        .admin.oidc,
    ).toMatchObject({
      issuerUrl: 'https://sso.example.gov.vn/realms/h17',
      audience: 'hoso-bridge',
      rolesClaim: 'roles',
      agenciesClaim: 'agencies',
      clockToleranceS: 30,
      clientId: null,
    });
    expect(problemsOf({ OIDC_ISSUER_URL: 'https://sso.example.gov.vn' })).toEqual([
      expect.stringContaining('OIDC_ISSUER_URL and OIDC_AUDIENCE go together') as unknown,
    ]);
    expect(problemsOf({ OIDC_ISSUER_URL: 'sso.example.gov.vn', OIDC_AUDIENCE: 'x' })).toEqual([
      expect.stringContaining('OIDC_ISSUER_URL must be an http(s) URL') as unknown,
    ]);
  });

  it("should read each agency's fond code, and refuse a pair that is not agency=fond", () => {
    expect(loadConfig({}).archive.fondCodes).toEqual({});
    expect(
      loadConfig({ ARCHIVE_FOND_CODES: '000.00.20.H17=H17.01,000.00.10.H17=H17.02' }).archive.fondCodes,
    ).toEqual({ '000.00.20.H17': 'H17.01', '000.00.10.H17': 'H17.02' });
    expect(problemsOf({ ARCHIVE_FOND_CODES: '000.00.20.H17:H17.01' })).toEqual([
      expect.stringContaining('ARCHIVE_FOND_CODES must be agency=fond pairs') as unknown,
    ]);
  });

  it('should treat an empty variable as not set', () => {
    expect(loadConfig({ DATABASE_URL: '', HTTP_PORT: '' }).database.kind).toBe('sqlite');
  });

  it('should list every bad variable at once, one line each', () => {
    const problems = problemsOf({
      HTTP_PORT: 'abc',
      LOG_LEVEL: 'loud',
      KAFKA_BROKERS: 'no-port',
      DB_MIGRATE_ON_START: 'yes',
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/HTTP_PORT.*integer from 0 to 65535.*"abc"/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/KAFKA_BROKERS.*host:port/);
    expect(problems.join('\n')).toMatch(/DB_MIGRATE_ON_START must be true or false/);
  });

  it('should never echo a database URL, which may hold a password', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'postgres://user:hunter2@db/x' });
    expect(problem).toMatch(/DATABASE_URL/);
    expect(problem).not.toContain('hunter2');
  });

  describe('Kafka TLS and SASL', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hoso-config-'));
    const ca = join(folder, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('should connect in plain text, unauthenticated, when nothing is set', () => {
      expect(loadConfig({}).kafka).toMatchObject({ tls: null, sasl: null });
    });

    it('should read the CA file and take the SASL credentials', () => {
      const { kafka } = loadConfig({
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: ca,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'hoso',
        KAFKA_SASL_PASSWORD: 'secret',
      });
      expect(kafka.tls).toEqual({ ca: readFileSync(ca, 'utf8') });
      expect(kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'hoso', password: 'secret' });
    });

    it('should use the system CAs when TLS is on without a CA file', () => {
      expect(loadConfig({ KAFKA_SSL: 'true' }).kafka.tls).toEqual({});
    });

    it('should say which file it cannot read', () => {
      const problems = problemsOf({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(folder, 'missing.pem') });
      expect(problems).toEqual([expect.stringMatching(/^KAFKA_SSL_CA_FILE cannot be read: ENOENT/)]);
    });

    it('should refuse settings that do not go together, without echoing the password', () => {
      const problems = problemsOf({
        KAFKA_SSL_CA_FILE: ca,
        KAFKA_SSL_CERT_FILE: ca,
        KAFKA_SASL_MECHANISM: 'scram-sha-1',
        KAFKA_SASL_PASSWORD: 'hunter2',
      });
      expect(problems).toEqual([
        expect.stringMatching(/KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512/),
        'KAFKA_SSL_CA_FILE, KAFKA_SSL_CERT_FILE apply only with KAFKA_SSL=true',
        'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE (a client certificate and its key) go together',
        'KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
      ]);
      expect(problemsOf({ KAFKA_SASL_USERNAME: 'hoso', KAFKA_SASL_PASSWORD: 'hunter2' })).toEqual([
        'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD apply only with KAFKA_SASL_MECHANISM',
      ]);
      expect(problems.join('\n')).not.toContain('hunter2');
    });
  });

  describe('where binaries may be fetched from', () => {
    it('should be closed by default: no host, public addresses only, no credentials', () => {
      expect(loadConfig({}).archive.fetchPolicy).toEqual({ hosts: [], allowNetworks: [], credentials: {} });
    });

    it('should read hosts, networks, a bearer token and a client certificate', () => {
      const dir = mkdtempSync(join(tmpdir(), 'hoso-fetch-'));
      try {
        writeFileSync(join(dir, 'c.pem'), 'CERT');
        writeFileSync(join(dir, 'k.pem'), 'KEY');
        const policy = loadConfig({
          SIP_FETCH_HOSTS: 'docs.example.vn,10.20.1.5:8443',
          SIP_FETCH_ALLOW_NETWORKS: '10.20.0.0/16',
          SIP_FETCH_CREDENTIALS: `docs.example.vn=bearer:abc.def,10.20.1.5:8443=cert:${join(dir, 'c.pem')}:${join(dir, 'k.pem')}`,
        }).archive.fetchPolicy;
        expect(policy).toEqual({
          hosts: ['docs.example.vn', '10.20.1.5:8443'],
          allowNetworks: ['10.20.0.0/16'],
          credentials: {
            'docs.example.vn': { bearer: 'abc.def' },
            '10.20.1.5:8443': { cert: 'CERT', key: 'KEY', ca: undefined },
          },
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('should refuse a range that is none, and a certificate it cannot read', () => {
      expect(
        problemsOf({
          SIP_FETCH_ALLOW_NETWORKS: '10.20.0.0/40',
          SIP_FETCH_CREDENTIALS: 'a=cert:/no/cert.pem:/no/key.pem',
        }),
      ).toEqual([
        'SIP_FETCH_ALLOW_NETWORKS: 10.20.0.0/40 is no CIDR range',
        expect.stringMatching(/^SIP_FETCH_CREDENTIALS: \/no\/cert\.pem cannot be read: /),
        expect.stringMatching(/^SIP_FETCH_CREDENTIALS: \/no\/key\.pem cannot be read: /),
      ]);
    });
  });

  it('should document every variable in .env.example', () => {
    const example = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(Object.keys(new Environment()).filter((name) => !documented.has(name))).toEqual([]);
  });
});
