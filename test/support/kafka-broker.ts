import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths';

const run = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'infra/kafka/kafka.sh');

/** Drives the project's own broker script (infra/kafka/kafka.sh) for the broker on `port`; `env` adds its options. */
export async function kafkaBroker(
  action: 'start' | 'stop' | 'status' | 'reset',
  port: number,
  env: { KAFKA_SECURE?: '1' } = {},
): Promise<string> {
  try {
    const { stdout } = await run('bash', [SCRIPT, action], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, KAFKA_PORT: String(port) },
    });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`kafka.sh ${action} (port ${port}) failed:\n${stdout}${stderr}`, { cause: error });
  }
}
