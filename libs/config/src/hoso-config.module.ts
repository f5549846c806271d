import { existsSync } from 'node:fs';
import { ConfigModule } from '@nestjs/config';
import {
  adminConfig,
  archiveConfig,
  databaseConfig,
  filingConfig,
  httpConfig,
  intakeConfig,
  kafkaConfig,
  logConfig,
  relayConfig,
} from './config.namespaces';

/** The global configuration module shared by both applications. */
export const HosoConfigModule = ConfigModule.forRoot({
  isGlobal: true,
  ignoreEnvFile: true,
  load: [
    httpConfig,
    logConfig,
    databaseConfig,
    kafkaConfig,
    intakeConfig,
    relayConfig,
    filingConfig,
    adminConfig,
    archiveConfig,
  ],
});

/** Reads ./.env when present; variables already set in the environment win. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
