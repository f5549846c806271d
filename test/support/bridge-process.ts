import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { BRIDGE_MAIN, REPO_ROOT } from './paths';
import { waitFor } from './wait-for';

/** A free TCP port on loopback, as the OS hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The built bridge (dist/) running as a child process, with its JSON log lines collected. */
export class BridgeProcess {
  readonly lines: string[] = [];
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
  ) {
    const collect = (chunk: Buffer) => this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** The process id, to read its memory from /proc or kill it. */
  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the bridge with the given environment (on top of a clean one), on HTTP_PORT or a free port. */
  static async spawn(env: Record<string, string>): Promise<BridgeProcess> {
    if (!existsSync(BRIDGE_MAIN)) throw new Error(`${BRIDGE_MAIN} is missing: run "npm run build" first`);
    const port = env.HTTP_PORT ? Number(env.HTTP_PORT) : await freePort();
    const child = spawn(process.execPath, [BRIDGE_MAIN], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(port),
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new BridgeProcess(child, `http://127.0.0.1:${port}`);
  }

  /**
   * A request on a connection of its own (a pooled keep-alive socket may already be closed by the server);
   * GET unless a method is given, with a bearer token and a JSON body (or `raw` bytes of a type) when given.
   */
  request(
    path: string,
    options: {
      method?: string;
      token?: string;
      body?: unknown;
      raw?: { bytes: Buffer; contentType: string };
      timeoutMs?: number;
    } = {},
  ): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
    const payload =
      options.raw?.bytes ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const headers = {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(payload
        ? {
            'content-type': options.raw?.contentType ?? 'application/json',
            'content-length': Buffer.byteLength(payload),
          }
        : {}),
    };
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        this.baseUrl + path,
        { method: options.method ?? 'GET', headers, agent: false, timeout: options.timeoutMs ?? 15_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** A request whose answer must have this status; returns the parsed JSON body. */
  async json<T = Record<string, unknown>>(
    path: string,
    options: { method?: string; token?: string; body?: unknown; status?: number } = {},
  ): Promise<T> {
    const { status, body } = await this.request(path, options);
    if (status !== (options.status ?? 200)) throw new Error(`${path} answered ${status}: ${body}`);
    return JSON.parse(body) as T;
  }

  /** A counter from /metrics, summed over the series whose labels match. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    return (await this.request('/metrics')).body
      .split('\n')
      .filter(
        (line) =>
          line.startsWith(`${name}{`) &&
          Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)),
      )
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  }

  async status(path: string): Promise<number> {
    return (await this.request(path).catch(() => ({ status: 0 }))).status;
  }

  async waitForStatus(path: string, expected: number, timeoutMs = 60_000): Promise<void> {
    try {
      await waitFor(`${path} to answer ${expected}`, async () => (await this.status(path)) === expected, {
        timeoutMs,
      });
    } catch (error) {
      // The bridge's own last words are what explains a failure here.
      const exit = this.child.exitCode ?? this.child.signalCode ?? 'still running';
      const tail = this.lines.slice(-20).join('\n');
      throw new Error(`${(error as Error).message}\nbridge: ${exit}; last log lines:\n${tail}`, {
        cause: error,
      });
    }
  }

  /** Log records (parsed JSON lines) whose message contains `text`. */
  logged(text: string): Array<Record<string, unknown>> {
    return this.lines
      .filter((line) => line.includes(text))
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return { msg: line };
        }
      });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000) {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.waitForExit(timeoutMs);
  }

  waitForExit(timeoutMs = 30_000) {
    return Promise.race([
      this.exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`bridge did not exit within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
  }
}
