import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MIGRATIONS } from '@hoso/persistence';
import { CLI_MAIN, REPO_ROOT, type TestDatabase, throwawayMariaDb } from '@test/support';

const run = promisify(execFile);

describe('hoso db (the migration CLI) on MariaDB', () => {
  let mariadb: TestDatabase;
  const hoso = async (...args: string[]) => {
    const env = {
      PATH: process.env.PATH,
      DATABASE_URL: mariadb.config.kind === 'mysql' ? mariadb.config.url : '',
    };
    return (await run(process.execPath, [CLI_MAIN, ...args], { cwd: REPO_ROOT, env })).stdout;
  };

  beforeAll(async () => {
    mariadb = await throwawayMariaDb('cli');
  });
  afterAll(() => mariadb.dispose());

  it('should apply, list, revert and re-apply the migrations', async () => {
    const names = MIGRATIONS.map((Migration) => new Migration().name);
    const [first, last] = [names[0]!, names.at(-1)!];
    expect(await hoso('db', 'status')).toMatch(
      new RegExp(names.map((n) => `pending\\s+${n}`).join('\\n\\s+')),
    );
    expect(await hoso('db', 'migrate')).toMatch(
      new RegExp(`${names.length} migration\\(s\\) applied\\n\\s+\\+ ${first}`),
    );
    expect(await hoso('db', 'migrate')).toMatch(/0 migration\(s\) applied/);
    expect(await hoso('db', 'status')).toMatch(new RegExp(`applied\\s+${first}[\\s\\S]*applied\\s+${last}`));
    expect(await hoso('db', 'revert')).toMatch(`reverted ${last}`);
    expect(await hoso('db', 'status')).toMatch(new RegExp(`pending\\s+${last}`));
  });

  it('should stop with the list of bad variables before touching the database', async () => {
    await expect(hoso('db', 'status', '--help')).resolves.toMatch(/Usage: hoso db status/);
    const failed = run(process.execPath, [CLI_MAIN, 'db', 'status'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: 'postgres://nope', KAFKA_BROKERS: 'x' },
    });
    const error = (await failed.catch((e: unknown) => e)) as { code?: number; stderr?: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/Invalid configuration \(2\)/);
  });
});
