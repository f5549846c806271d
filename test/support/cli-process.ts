import { execFile } from 'node:child_process';
import { CLI_MAIN, REPO_ROOT } from './paths';

/** Runs `hoso` against a bridge; resolves with its exit code and output, whatever the code. */
export const runHoso = (url: string, token: string | undefined, ...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env = { PATH: process.env.PATH, HOSO_URL: url, ...(token ? { HOSO_TOKEN: token } : {}) };
    execFile(process.execPath, [CLI_MAIN, ...args], { cwd: REPO_ROOT, env }, (error, stdout, stderr) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr }),
    );
  });
