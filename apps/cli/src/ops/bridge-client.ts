import { adminConfig } from '@hoso/config';
import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';

/** Exit codes that mean something to scripts. */
export const EXIT = {
  ok: 0,
  /** The bridge could not be reached, or failed. */
  failed: 1,
  /** The request was wrong: bad options, or nothing with that id. */
  usage: 2,
  /** The bridge answers but is not ready (status). */
  notReady: 3,
  /** No token, or one without the role. */
  refused: 4,
} as const;

/** A failed call, with the exit code it should end the command with. */
export class BridgeCallError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The running bridge's HTTP API (HOSO_URL), with the CLI's token (HOSO_TOKEN). */
@Injectable()
export class BridgeClient {
  constructor(@Inject(adminConfig.KEY) private readonly admin: ConfigType<typeof adminConfig>) {}

  get url(): string {
    return this.admin.bridgeUrl;
  }

  /** GET or POST; returns the status and JSON body, or throws BridgeCallError for an error answer. */
  async call<T>(path: string, body?: unknown, { allow = [] as number[] } = {}): Promise<T> {
    const send = () =>
      fetch(this.url + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          ...(this.admin.cliToken ? { authorization: `Bearer ${this.admin.cliToken}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
    let response: Response;
    try {
      // A GET is tried twice: a kept-alive connection may be closed by the bridge just as it is reused.
      response = await send().catch((error: Error) => {
        if (body !== undefined || error.name === 'TimeoutError') throw error;
        return send();
      });
    } catch (error) {
      // fetch hides the reason (ECONNREFUSED, a timeout) in its cause.
      const reason = (error as Error).cause ?? error;
      throw new BridgeCallError(`cannot reach the bridge at ${this.url}: ${String(reason)}`, EXIT.failed);
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : null;
    if (response.ok || allow.includes(response.status)) return json as T;
    const message = (json as { message?: unknown } | null)?.message ?? text;
    const detail = `${response.status}: ${Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : JSON.stringify(message)}`;
    if (response.status === 401 || response.status === 403)
      throw new BridgeCallError(
        `refused (${detail}); set HOSO_TOKEN to a token of ADMIN_TOKENS`,
        EXIT.refused,
      );
    throw new BridgeCallError(detail, response.status < 500 ? EXIT.usage : EXIT.failed);
  }
}

/** Runs a command's work, prints its error and sets the exit code from it. */
export async function exitWith(work: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await work()) ?? EXIT.ok;
  } catch (error) {
    console.error(`hoso: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof BridgeCallError ? error.exitCode : EXIT.failed;
  }
}
