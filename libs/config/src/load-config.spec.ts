import { readFileSync } from 'node:fs';
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

  it('should document every variable in .env.example', () => {
    const example = readFileSync(join(__dirname, '../../../.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(Object.keys(new Environment()).filter((name) => !documented.has(name))).toEqual([]);
  });
});
