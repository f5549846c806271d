import { type AdminRole } from '@hoso/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';
import { type FetchPolicy, type HostCredentials } from '@hoso/archive';
import ipaddr from 'ipaddr.js';
import { Environment, type SASL_MECHANISMS, SECRET_VARIABLES } from './environment';

export interface HttpConfig {
  host: string;
  port: number;
  shutdownTimeoutMs: number;
  healthCheckTimeoutMs: number;
}

export interface LogConfig {
  level: Environment['LOG_LEVEL'];
  /** OpenTelemetry traces over OTLP/HTTP; null when off (the default). */
  tracing: { endpoint: string; serviceName: string } | null;
}

export type DatabaseConfig = { migrateOnStart: boolean } & (
  | { kind: 'mysql'; url: string; poolSize: number; connectTimeoutMs: number; queryTimeoutMs: number }
  | { kind: 'sqlite'; path: string }
);

/** Topic names; each defaults to the contract's name (docs/events.md section 1). */
export interface TopicsConfig {
  dossierEvents: string;
  documentEvents: string;
  efileAssembled: string;
  efileAlerts: string;
  deadLetter: string;
  edxmlMessages: string;
  archiveReceipts: string;
}

/** TLS to the brokers: PEM texts read from the configured files; none given means the system's CAs. */
export interface KafkaTls {
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
}

export interface KafkaSasl {
  mechanism: (typeof SASL_MECHANISMS)[number];
  username: string;
  password: string;
}

export interface KafkaConfig {
  brokers: string[];
  topics: TopicsConfig;
  clientId: string;
  groupId: string;
  createTopics: boolean;
  topicPartitions: number;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  /** How long the group waits for a silent member before its partitions go to the others. */
  sessionTimeoutMs: number;
  tls: KafkaTls | null;
  sasl: KafkaSasl | null;
}

export interface IntakeConfig {
  /** Most messages stored in one database transaction. */
  batchSize: number;
  /** Partitions processed at the same time (each one in order). */
  concurrentPartitions: number;
  /** Longest pause before a partition retries after a transient failure. */
  retryMaxMs: number;
  /** Largest edXML message the adapter takes (docs/edxml.md). */
  edxmlMaxBytes: number;
  /** Where the files of edXML messages are served: the events name <url>/<sha256>. */
  edxmlFilesUrl: string;
}

export interface RelayConfig {
  intervalMs: number;
  batchSize: number;
}

export interface FilingConfig {
  /** Folder of the file-plan JSON files (danh mục hồ sơ). */
  filePlanDir: string;
  /** How long an ended dossier waits for the result documents it named before it is filed without them. */
  gracePeriodMs: number;
  /** How often stored deadlines are checked. */
  deadlinePollMs: number;
  /** How often documents that joined no file are matched for rule-4 suggestions. */
  suggestionSweepMs: number;
}

export interface AdminToken {
  role: AdminRole;
  /** Who holds it: written to the audit log and table. */
  name: string;
  /** The agency codes it may see; ['*'] for the whole province (the default). */
  agencies: string[];
  token: string;
}

/** OpenID Connect: bearer tokens an identity provider issues, checked against its published keys. */
export interface OidcConfig {
  /** The issuer (its discovery document is <issuer>/.well-known/openid-configuration). */
  issuerUrl: string;
  /** The audience a token must be for (the bridge's resource or client id). */
  audience: string;
  /** Dotted paths of the claims that list the roles and the agency codes (or *). */
  rolesClaim: string;
  agenciesClaim: string;
  /** Leeway for the expiry and not-before times of a token, in seconds. */
  clockToleranceS: number;
  /** How long after fetching the keys an unknown key id may fetch them again (rotation). */
  jwksCooldownMs: number;
  /** The dashboard signs in as this public client, with the authorization-code flow and PKCE. */
  clientId: string | null;
  scopes: string;
}

export interface AdminConfig {
  tokens: AdminToken[];
  /** Null: only the static tokens. */
  oidc: OidcConfig | null;
  /** A partition with lag whose committed offset has not moved for this long is reported as stalled. */
  consumerStallMs: number;
  /** Where the `hoso` CLI finds a running bridge, and the token it presents. */
  bridgeUrl: string;
  cliToken: string | null;
}

/** Submission packages for the archive: how the binaries the events point to are fetched. */
export interface ArchiveConfig {
  fetchTimeoutMs: number;
  maxBinaryBytes: number;
  fetchConcurrency: number;
  /** Packages made at the same time; more wait their turn. */
  concurrentExports: number;
  /** Where binaries may be fetched from: no host until SIP_FETCH_HOSTS names some, public addresses only. */
  fetchPolicy: FetchPolicy;
  /** The fond code (mã phông) of each agency that has been given one, by agency code. */
  fondCodes: Readonly<Record<string, string>>;
}

export interface HosoConfig {
  http: HttpConfig;
  log: LogConfig;
  database: DatabaseConfig;
  kafka: KafkaConfig;
  intake: IntakeConfig;
  relay: RelayConfig;
  filing: FilingConfig;
  admin: AdminConfig;
  archive: ArchiveConfig;
}

/** Thrown when one or more variables are invalid; the message lists every one of them. */
export class InvalidConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidConfigError';
  }
}

/** Validates the environment and returns the typed configuration, or throws InvalidConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HosoConfig {
  const known = Object.keys(new Environment());
  // An empty variable means "not set", so the default applies.
  const given = Object.fromEntries(
    known.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]),
  );
  const e = plainToInstance(Environment, given, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });

  const problems = validateSync(e, { stopAtFirstError: true }).map((error) => {
    const message = Object.values(error.constraints ?? {}).join('; ');
    return SECRET_VARIABLES.has(error.property)
      ? message
      : `${message} (got ${JSON.stringify(given[error.property])})`;
  });
  const security = kafkaSecurity(e);
  problems.push(...security.problems);
  const fetch = fetchPolicy(e);
  problems.push(...fetch.problems);
  if (Boolean(e.OIDC_ISSUER_URL) !== Boolean(e.OIDC_AUDIENCE))
    problems.push(
      'OIDC_ISSUER_URL and OIDC_AUDIENCE go together: the issuer to trust, and the audience a token must be for',
    );
  if (problems.length > 0) throw new InvalidConfigError(problems);

  return {
    http: {
      host: e.HTTP_HOST,
      port: e.HTTP_PORT,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      healthCheckTimeoutMs: e.HEALTH_CHECK_TIMEOUT_MS,
    },
    log: {
      level: e.LOG_LEVEL,
      tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
        ? { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME }
        : null,
    },
    database: e.DATABASE_URL
      ? {
          kind: 'mysql',
          url: e.DATABASE_URL,
          poolSize: e.DB_POOL_SIZE,
          connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
          queryTimeoutMs: e.DB_QUERY_TIMEOUT_MS,
          migrateOnStart: e.DB_MIGRATE_ON_START,
        }
      : { kind: 'sqlite', path: e.SQLITE_PATH, migrateOnStart: e.DB_MIGRATE_ON_START },
    kafka: {
      brokers: e.KAFKA_BROKERS.split(','),
      topics: {
        dossierEvents: e.KAFKA_TOPIC_DOSSIER_EVENTS,
        documentEvents: e.KAFKA_TOPIC_DOCUMENT_EVENTS,
        efileAssembled: e.KAFKA_TOPIC_EFILE_ASSEMBLED,
        efileAlerts: e.KAFKA_TOPIC_EFILE_ALERTS,
        deadLetter: e.KAFKA_TOPIC_DEAD_LETTER,
        edxmlMessages: e.KAFKA_TOPIC_EDXML,
        archiveReceipts: e.KAFKA_TOPIC_ARCHIVE_RECEIPTS,
      },
      clientId: e.KAFKA_CLIENT_ID,
      groupId: e.KAFKA_GROUP_ID,
      createTopics: e.KAFKA_CREATE_TOPICS,
      topicPartitions: e.KAFKA_TOPIC_PARTITIONS,
      connectionTimeoutMs: e.KAFKA_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: e.KAFKA_REQUEST_TIMEOUT_MS,
      sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
      tls: security.tls,
      sasl: security.sasl,
    },
    intake: {
      batchSize: e.INTAKE_BATCH_SIZE,
      concurrentPartitions: e.INTAKE_CONCURRENT_PARTITIONS,
      retryMaxMs: e.INTAKE_RETRY_MAX_MS,
      edxmlMaxBytes: e.EDXML_MAX_BYTES,
      edxmlFilesUrl: (
        e.EDXML_FILES_URL ??
        `${(e.HOSO_URL ?? `http://${e.HTTP_HOST}:${e.HTTP_PORT}`).replace(/\/$/, '')}/ingest/edxml/files`
      ).replace(/\/$/, ''),
    },
    relay: { intervalMs: e.RELAY_INTERVAL_MS, batchSize: e.RELAY_BATCH_SIZE },
    filing: {
      filePlanDir: e.FILE_PLAN_DIR,
      gracePeriodMs: e.EFILE_GRACE_PERIOD_MS,
      deadlinePollMs: e.DEADLINE_POLL_INTERVAL_MS,
      suggestionSweepMs: e.SUGGESTION_SWEEP_INTERVAL_MS,
    },
    admin: {
      tokens: (e.ADMIN_TOKENS ?? '').split(',').flatMap((entry) => {
        const [role, holder, ...token] = entry.split(':');
        const [name, agencies] = (holder ?? '').split('@');
        return role && name
          ? [
              {
                role: role as AdminRole,
                name,
                agencies: agencies?.split('|') ?? ['*'],
                token: token.join(':'),
              },
            ]
          : [];
      }),
      consumerStallMs: e.CONSUMER_STALL_MS,
      bridgeUrl: (e.HOSO_URL ?? `http://${e.HTTP_HOST}:${e.HTTP_PORT}`).replace(/\/$/, ''),
      cliToken: e.HOSO_TOKEN ?? null,
      oidc:
        e.OIDC_ISSUER_URL && e.OIDC_AUDIENCE
          ? {
              issuerUrl: e.OIDC_ISSUER_URL.replace(/\/$/, ''),
              audience: e.OIDC_AUDIENCE,
              rolesClaim: e.OIDC_ROLES_CLAIM,
              agenciesClaim: e.OIDC_AGENCIES_CLAIM,
              clockToleranceS: e.OIDC_CLOCK_TOLERANCE_S,
              jwksCooldownMs: e.OIDC_JWKS_COOLDOWN_MS,
              clientId: e.OIDC_CLIENT_ID ?? null,
              scopes: e.OIDC_SCOPES,
            }
          : null,
    },
    archive: {
      fetchTimeoutMs: e.SIP_FETCH_TIMEOUT_MS,
      maxBinaryBytes: e.SIP_MAX_BINARY_BYTES,
      fetchConcurrency: e.SIP_FETCH_CONCURRENCY,
      concurrentExports: e.SIP_CONCURRENT_EXPORTS,
      fetchPolicy: fetch.policy,
      fondCodes: Object.fromEntries(
        (e.ARCHIVE_FOND_CODES?.split(',') ?? []).map((pair) => pair.split('=') as [string, string]),
      ),
    },
  };
}

/** Where binaries may be fetched from, the client certificates read now so a bad path stops the start. */
function fetchPolicy(e: Environment): { policy: FetchPolicy; problems: string[] } {
  const problems: string[] = [];
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`SIP_FETCH_CREDENTIALS: ${path} cannot be read: ${(error as Error).message}`);
      return undefined;
    }
  };
  const allowNetworks = e.SIP_FETCH_ALLOW_NETWORKS?.split(',') ?? [];
  for (const cidr of allowNetworks)
    if (!ipaddr.isValidCIDR(cidr)) problems.push(`SIP_FETCH_ALLOW_NETWORKS: ${cidr} is no CIDR range`);
  const credentials = Object.fromEntries(
    (e.SIP_FETCH_CREDENTIALS?.split(',') ?? []).map((entry): [string, HostCredentials] => {
      const at = entry.indexOf('=');
      const [kind, ...rest] = entry.slice(at + 1).split(':');
      const host = entry.slice(0, at);
      if (kind === 'bearer') return [host, { bearer: rest.join(':') }];
      const [cert, key, ca] = rest;
      return [host, { cert: read(cert!), key: read(key!), ca: ca === undefined ? undefined : read(ca) }];
    }),
  );
  return {
    policy: { hosts: e.SIP_FETCH_HOSTS?.split(',') ?? [], allowNetworks, credentials },
    problems,
  };
}

/** The Kafka TLS and SASL settings, which only make sense together, with the PEM files read now so a bad path stops the start. */
function kafkaSecurity(e: Environment): { tls: KafkaTls | null; sasl: KafkaSasl | null; problems: string[] } {
  const problems: string[] = [];
  const read = (variable: 'KAFKA_SSL_CA_FILE' | 'KAFKA_SSL_CERT_FILE' | 'KAFKA_SSL_KEY_FILE') => {
    const path = e[variable];
    if (!path) return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${variable} cannot be read: ${(error as Error).message}`);
      return undefined;
    }
  };

  const files = [
    'KAFKA_SSL_CA_FILE',
    'KAFKA_SSL_CERT_FILE',
    'KAFKA_SSL_KEY_FILE',
    'KAFKA_SSL_KEY_PASSWORD',
  ] as const;
  const tlsOnly = files.filter((variable) => e[variable]);
  if (!e.KAFKA_SSL && tlsOnly.length > 0)
    problems.push(`${tlsOnly.join(', ')} apply only with KAFKA_SSL=true`);
  if (Boolean(e.KAFKA_SSL_CERT_FILE) !== Boolean(e.KAFKA_SSL_KEY_FILE)) {
    problems.push(
      'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE (a client certificate and its key) go together',
    );
  }
  const tls = e.KAFKA_SSL
    ? {
        ca: read('KAFKA_SSL_CA_FILE'),
        cert: read('KAFKA_SSL_CERT_FILE'),
        key: read('KAFKA_SSL_KEY_FILE'),
        passphrase: e.KAFKA_SSL_KEY_PASSWORD,
      }
    : null;

  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = e;
  if (mechanism && (!username || !password)) {
    problems.push('KAFKA_SASL_MECHANISM needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
  }
  if (!mechanism && (username || password)) {
    problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD apply only with KAFKA_SASL_MECHANISM');
  }
  const sasl = mechanism && username && password ? { mechanism, username, password } : null;
  return { tls, sasl, problems };
}
