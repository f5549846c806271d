import { registerAs } from '@nestjs/config';
import { loadConfig } from './load-config';

/** Typed configuration namespaces; inject with @Inject(kafkaConfig.KEY) and ConfigType<typeof kafkaConfig>. */
export const httpConfig = registerAs('http', () => loadConfig().http);
export const logConfig = registerAs('log', () => loadConfig().log);
export const databaseConfig = registerAs('database', () => loadConfig().database);
export const kafkaConfig = registerAs('kafka', () => loadConfig().kafka);
export const intakeConfig = registerAs('intake', () => loadConfig().intake);
export const relayConfig = registerAs('relay', () => loadConfig().relay);
export const filingConfig = registerAs('filing', () => loadConfig().filing);
export const adminConfig = registerAs('admin', () => loadConfig().admin);
export const archiveConfig = registerAs('archive', () => loadConfig().archive);
