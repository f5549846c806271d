import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { adminConfig } from '@hoso/config';
import { type Page, type Problem } from '@hoso/contracts';
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
    /** The bridge's JSON answer, when there was one. */
    readonly body: unknown = null,
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
      throw this.unreachable(error);
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : null;
    if (response.ok || allow.includes(response.status)) return json as T;
    throw callError(response.status, json, text);
  }

  /** Every item of a list, following its pages ({items, next}) to the last. */
  async everyItem<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let after: string | null | undefined; after !== null;) {
      const separator = path.includes('?') ? '&' : '?';
      const page = await this.call<Page<T>>(
        after === undefined ? path : `${path}${separator}after=${encodeURIComponent(after)}`,
      );
      items.push(...page.items);
      after = page.next;
    }
    return items;
  }

  /**
   * Streams a GET's answer into `dir`, under the file name its Content-Disposition gives, written whole or
   * not at all. An error answer throws BridgeCallError, with the answer's JSON as `body`.
   */
  async download(path: string, dir: string): Promise<{ file: string; headers: Headers }> {
    let response: Response;
    try {
      response = await fetch(this.url + path, {
        headers: this.admin.cliToken ? { authorization: `Bearer ${this.admin.cliToken}` } : {},
        signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
      });
    } catch (error) {
      throw this.unreachable(error);
    }
    if (!response.ok || !response.body) {
      const text = await response.text();
      throw callError(response.status, parsed(text), text);
    }
    const name = /filename="([\w.-]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
    if (!name) throw new BridgeCallError(`the answer to ${path} names no file`, EXIT.failed);
    const file = join(dir, name);
    try {
      await pipeline(Readable.fromWeb(response.body as never), createWriteStream(`${file}.part`));
      await rename(`${file}.part`, file);
    } catch (error) {
      await rm(`${file}.part`, { force: true });
      throw new BridgeCallError(
        `the download of ${path} broke off: ${(error as Error).message}`,
        EXIT.failed,
      );
    }
    return { file, headers: response.headers };
  }

  private unreachable(error: unknown): BridgeCallError {
    // fetch hides the reason (ECONNREFUSED, a timeout) in its cause.
    const reason = (error as Error).cause ?? error;
    return new BridgeCallError(`cannot reach the bridge at ${this.url}: ${String(reason)}`, EXIT.failed);
  }
}

/** A whole package of thousands of documents may take this long to fetch and stream. */
const DOWNLOAD_TIMEOUT_MS = 3_600_000;

function parsed(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

/** The error an answer's status means, with its problem's detail; the whole answer is kept as `body`. */
function callError(status: number, json: unknown, text: string): BridgeCallError {
  const detail = `${status}: ${(json as Partial<Problem> | null)?.detail ?? text}`;
  if (status === 401 || status === 403)
    return new BridgeCallError(
      `refused (${detail}); set HOSO_TOKEN to a token of ADMIN_TOKENS`,
      EXIT.refused,
      json,
    );
  return new BridgeCallError(detail, status < 500 ? EXIT.usage : EXIT.failed, json);
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
