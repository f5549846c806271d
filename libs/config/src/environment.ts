// Implicit conversion reads the property types that decorators record.
import 'reflect-metadata';
import { Topic } from '@hoso/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateBy } from 'class-validator';

// Implicit conversion would turn any non-empty text into true, so booleans are read from the raw text.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown =>
  obj[key] === 'true' ? true : obj[key] === 'false' ? false : obj[key];

/** An integer within [min, max], reported as one message. */
const IntInRange = (min: number, max?: number) =>
  ValidateBy({
    name: 'intInRange',
    validator: {
      validate: (value) => Number.isInteger(value) && value >= min && (max === undefined || value <= max),
      defaultMessage: (args) =>
        `${args?.property} must be an integer ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`,
    },
  });

const AGENCY = String.raw`\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}`;
/** role:name[@agency|agency…]:token, an entry of ADMIN_TOKENS. */
const ADMIN_TOKEN = String.raw`(viewer|operator):[^\s,:@]{1,100}(@(\*|${AGENCY})(\|${AGENCY})*)?:[^\s,]{16,200}`;
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const TOPIC_MESSAGE = (name: string) => `${name} must be a Kafka topic name: 1-249 of A-Z a-z 0-9 . _ -`;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables whose values are never echoed back in error messages. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'DATABASE_URL',
  'ADMIN_TOKENS',
  'HOSO_TOKEN',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SSL_KEY_PASSWORD',
]);

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/**
 * Every environment variable the bridge and the CLI read, with its default and rule.
 * .env.example documents the same list (a unit test keeps them in step). Types are written out because
 * conversion reads them from decorator metadata, which holds no inferred types.
 */
export class Environment {
  @IsString()
  @Length(1, 255)
  HTTP_HOST: string = '127.0.0.1';

  @IntInRange(0, 65535)
  HTTP_PORT: number = 3000;

  @IntInRange(1000)
  SHUTDOWN_TIMEOUT_MS: number = 25000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** OpenTelemetry's own variable: where spans go over OTLP/HTTP (…/v1/traces); tracing is off without it. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsString()
  @Length(1, 100)
  OTEL_SERVICE_NAME: string = 'hoso-bridge';

  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/\s]+\/[A-Za-z0-9_$-]+(\?\S*)?$/, {
    message: 'DATABASE_URL must look like mysql://user:password@host:3306/database',
  })
  DATABASE_URL?: string;

  @IsString()
  @Length(1, 1024)
  SQLITE_PATH: string = 'var/hoso-bridge.sqlite';

  @IntInRange(1, 500)
  DB_POOL_SIZE: number = 10;

  @IntInRange(100)
  DB_CONNECT_TIMEOUT_MS: number = 5000;

  /** A MySQL query unanswered this long fails and its connection is dropped (0: no limit). */
  @IntInRange(0)
  DB_QUERY_TIMEOUT_MS: number = 60000;

  @Transform(toBoolean)
  @IsBoolean({ message: 'DB_MIGRATE_ON_START must be true or false' })
  DB_MIGRATE_ON_START: boolean = true;

  @Matches(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS: string = '127.0.0.1:9092';

  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_CLIENT_ID must be 1-100 of A-Z a-z 0-9 . _ -' })
  KAFKA_CLIENT_ID: string = 'hoso-bridge';

  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_GROUP_ID must be 1-100 of A-Z a-z 0-9 . _ -' })
  KAFKA_GROUP_ID: string = 'hoso-bridge';

  @Transform(toBoolean)
  @IsBoolean({ message: 'KAFKA_CREATE_TOPICS must be true or false' })
  KAFKA_CREATE_TOPICS: boolean = true;

  @IntInRange(1, 1000)
  KAFKA_TOPIC_PARTITIONS: number = 12;

  @IntInRange(100)
  KAFKA_CONNECTION_TIMEOUT_MS: number = 3000;

  @IntInRange(100)
  KAFKA_REQUEST_TIMEOUT_MS: number = 30000;

  /** A member that stops heartbeating (killed) loses its partitions after this; kafkajs says 30 s. */
  @IntInRange(3000, 300000)
  KAFKA_SESSION_TIMEOUT_MS: number = 10000;

  /** TLS to the brokers; the CA, certificate and key files below apply only with it. */
  @Transform(toBoolean)
  @IsBoolean({ message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL: boolean = false;

  @IsOptional()
  @IsString()
  KAFKA_SSL_CA_FILE?: string;

  @IsOptional()
  @IsString()
  KAFKA_SSL_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  KAFKA_SSL_KEY_FILE?: string;

  @IsOptional()
  @IsString()
  KAFKA_SSL_KEY_PASSWORD?: string;

  @IsOptional()
  @IsIn(SASL_MECHANISMS, { message: `KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}` })
  KAFKA_SASL_MECHANISM?: (typeof SASL_MECHANISMS)[number];

  @IsOptional()
  @IsString()
  @Length(1, 255)
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @IsString()
  @Length(1, 1024)
  KAFKA_SASL_PASSWORD?: string;

  @IntInRange(100)
  HEALTH_CHECK_TIMEOUT_MS: number = 3000;

  @Matches(TOPIC_NAME, { message: TOPIC_MESSAGE('KAFKA_TOPIC_DOSSIER_EVENTS') })
  KAFKA_TOPIC_DOSSIER_EVENTS: string = Topic.dossierEvents;

  @Matches(TOPIC_NAME, { message: TOPIC_MESSAGE('KAFKA_TOPIC_DOCUMENT_EVENTS') })
  KAFKA_TOPIC_DOCUMENT_EVENTS: string = Topic.documentEvents;

  @Matches(TOPIC_NAME, { message: TOPIC_MESSAGE('KAFKA_TOPIC_EFILE_ASSEMBLED') })
  KAFKA_TOPIC_EFILE_ASSEMBLED: string = Topic.efileAssembled;

  @Matches(TOPIC_NAME, { message: TOPIC_MESSAGE('KAFKA_TOPIC_EFILE_ALERTS') })
  KAFKA_TOPIC_EFILE_ALERTS: string = Topic.efileAlerts;

  @Matches(TOPIC_NAME, { message: TOPIC_MESSAGE('KAFKA_TOPIC_DEAD_LETTER') })
  KAFKA_TOPIC_DEAD_LETTER: string = Topic.deadLetter;

  @Matches(TOPIC_NAME, { message: TOPIC_MESSAGE('KAFKA_TOPIC_EDXML') })
  KAFKA_TOPIC_EDXML: string = Topic.edxmlMessages;

  @Matches(TOPIC_NAME, { message: TOPIC_MESSAGE('KAFKA_TOPIC_ARCHIVE_RECEIPTS') })
  KAFKA_TOPIC_ARCHIVE_RECEIPTS: string = Topic.archiveReceipts;

  /** Largest edXML message taken, attachments included: under the 16 MiB a topic and its dead letter hold. */
  @IntInRange(1024, 15 << 20)
  EDXML_MAX_BYTES: number = 15 << 20;

  /** Where the files of edXML messages are served (GET <url>/<sha256>); default: this bridge's own route. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]{1,1000}$/, { message: 'EDXML_FILES_URL must be an http(s) URL' })
  EDXML_FILES_URL?: string;

  @IntInRange(1, 10000)
  INTAKE_BATCH_SIZE: number = 500;

  @IntInRange(1, 256)
  INTAKE_CONCURRENT_PARTITIONS: number = 16;

  @IntInRange(100)
  INTAKE_RETRY_MAX_MS: number = 5000;

  @IntInRange(10)
  RELAY_INTERVAL_MS: number = 1000;

  @IsString()
  @Length(1, 1024)
  FILE_PLAN_DIR: string = 'config/file-plans';

  @IntInRange(0)
  EFILE_GRACE_PERIOD_MS: number = 72 * 3_600_000;

  @IntInRange(100)
  DEADLINE_POLL_INTERVAL_MS: number = 5000;

  @IntInRange(100)
  SUGGESTION_SWEEP_INTERVAL_MS: number = 30_000;

  @IntInRange(1, 10000)
  RELAY_BATCH_SIZE: number = 500;

  @IsOptional()
  @Matches(new RegExp(`^${ADMIN_TOKEN}(,${ADMIN_TOKEN})*$`), {
    message:
      'ADMIN_TOKENS must be a comma-separated list of role:name[@agency|agency…]:token: role viewer or operator, agencies as 000.00.20.H17 (or * for the province, the default), token of 16 characters or more',
  })
  ADMIN_TOKENS?: string;

  @IntInRange(1000)
  CONSUMER_STALL_MS: number = 60_000;

  /** OpenID Connect issuer whose access tokens the admin API accepts (with OIDC_AUDIENCE). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_ISSUER_URL must be an http(s) URL' })
  OIDC_ISSUER_URL?: string;

  @IsOptional()
  @Length(1, 200)
  OIDC_AUDIENCE?: string;

  @Matches(/^[A-Za-z0-9_:./-]{1,200}$/, { message: 'OIDC_ROLES_CLAIM must be a claim name or a dotted path' })
  OIDC_ROLES_CLAIM: string = 'roles';

  @Matches(/^[A-Za-z0-9_:./-]{1,200}$/, {
    message: 'OIDC_AGENCIES_CLAIM must be a claim name or a dotted path',
  })
  OIDC_AGENCIES_CLAIM: string = 'agencies';

  @IntInRange(0, 300)
  OIDC_CLOCK_TOLERANCE_S: number = 30;

  @IntInRange(0, 3_600_000)
  OIDC_JWKS_COOLDOWN_MS: number = 30_000;

  /** The public client the dashboard signs in as (authorization code with PKCE). */
  @IsOptional()
  @Length(1, 200)
  OIDC_CLIENT_ID?: string;

  @IsString()
  @Length(1, 500)
  OIDC_SCOPES: string = 'openid profile';

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+\/?$/, { message: 'HOSO_URL must look like http://host:port' })
  HOSO_URL?: string;

  @IsOptional()
  @IsString()
  @Length(16, 200)
  HOSO_TOKEN?: string;

  @IntInRange(100, 3_600_000)
  SIP_FETCH_TIMEOUT_MS: number = 60_000;

  @IntInRange(1)
  SIP_MAX_BINARY_BYTES: number = 512 * 1024 * 1024;

  @IntInRange(1, 32)
  SIP_FETCH_CONCURRENCY: number = 4;

  @IntInRange(1, 64)
  SIP_CONCURRENT_EXPORTS: number = 2;

  @IsOptional()
  @Matches(/^[A-Za-z0-9.-]+(:\d{1,5})?(,[A-Za-z0-9.-]+(:\d{1,5})?)*$/, {
    message: 'SIP_FETCH_HOSTS must be a comma-separated list of host or host:port',
  })
  SIP_FETCH_HOSTS?: string;

  /** Ranges that are not public but may be reached (an intranet document store): 10.20.0.0/16,… */
  @IsOptional()
  @Matches(/^[0-9A-Fa-f.:]+\/\d{1,3}(,[0-9A-Fa-f.:]+\/\d{1,3})*$/, {
    message: 'SIP_FETCH_ALLOW_NETWORKS must be a comma-separated list of CIDR ranges, e.g. 10.20.0.0/16',
  })
  SIP_FETCH_ALLOW_NETWORKS?: string;

  /** What a document store wants: host=bearer:<token>, or host=cert:<cert file>:<key file>[:<CA file>]. */
  @IsOptional()
  @Matches(
    /^[A-Za-z0-9.:-]+=(bearer:[^,\s]+|cert:[^,:\s]+:[^,:\s]+(:[^,:\s]+)?)(,[A-Za-z0-9.:-]+=(bearer:[^,\s]+|cert:[^,:\s]+:[^,:\s]+(:[^,:\s]+)?))*$/,
    {
      message:
        'SIP_FETCH_CREDENTIALS must be host=bearer:<token> or host=cert:<cert file>:<key file>[:<CA file>] entries, comma-separated',
    },
  )
  SIP_FETCH_CREDENTIALS?: string;

  /** Each agency's fond code (mã phông) at its archive, as agency=fond pairs: 000.00.20.H17=H17.01,… */
  @IsOptional()
  @Matches(
    /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}=[A-Za-z0-9.-]{1,13}(,\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}=[A-Za-z0-9.-]{1,13})*$/,
    {
      message:
        'ARCHIVE_FOND_CODES must be agency=fond pairs, comma-separated, each fond code of 1 to 13 characters',
    },
  )
  ARCHIVE_FOND_CODES?: string;
}
