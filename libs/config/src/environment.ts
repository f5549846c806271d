import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateBy } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

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

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables whose values are never echoed back in error messages. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(['DATABASE_URL']);

/**
 * Every environment variable the bridge and the CLI read, with its default and rule.
 * .env.example documents the same list (a unit test keeps them in step).
 */
export class Environment {
  @IsString()
  @Length(1, 255)
  HTTP_HOST = '127.0.0.1';

  @IntInRange(0, 65535)
  HTTP_PORT = 3000;

  @IntInRange(1000)
  SHUTDOWN_TIMEOUT_MS = 25000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^/\s]+\/[A-Za-z0-9_$-]+(\?\S*)?$/, {
    message: 'DATABASE_URL must look like mysql://user:password@host:3306/database',
  })
  DATABASE_URL?: string;

  @IsString()
  @Length(1, 1024)
  SQLITE_PATH = 'var/hoso-bridge.sqlite';

  @IntInRange(1, 500)
  DB_POOL_SIZE = 10;

  @IntInRange(100)
  DB_CONNECT_TIMEOUT_MS = 5000;

  @Transform(toBoolean)
  @IsBoolean({ message: 'DB_MIGRATE_ON_START must be true or false' })
  DB_MIGRATE_ON_START = true;

  @Matches(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS = '127.0.0.1:9092';

  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_CLIENT_ID must be 1-100 of A-Z a-z 0-9 . _ -' })
  KAFKA_CLIENT_ID = 'hoso-bridge';

  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_GROUP_ID must be 1-100 of A-Z a-z 0-9 . _ -' })
  KAFKA_GROUP_ID = 'hoso-bridge';

  @Transform(toBoolean)
  @IsBoolean({ message: 'KAFKA_CREATE_TOPICS must be true or false' })
  KAFKA_CREATE_TOPICS = true;

  @IntInRange(1, 1000)
  KAFKA_TOPIC_PARTITIONS = 12;

  @IntInRange(100)
  KAFKA_CONNECTION_TIMEOUT_MS = 3000;

  @IntInRange(100)
  KAFKA_REQUEST_TIMEOUT_MS = 30000;

  @IntInRange(100)
  HEALTH_CHECK_TIMEOUT_MS = 3000;
}
