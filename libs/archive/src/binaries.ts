import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type BinaryProblem,
  type BinaryProblemKind,
  drawnByBridge,
  type EFileDocument,
} from '@hoso/contracts';
import { type FetchPolicy, GuardedFetch, Refused } from './fetch-guard';

/** How binaries are fetched from the URIs the events give. */
export interface FetchLimits {
  /** For the whole transfer of one binary, headers and body. */
  timeoutMs: number;
  maxBytes: number;
  /** Where binaries may come from (closed by default). */
  policy: FetchPolicy;
  /** Binaries fetched at the same time. */
  concurrency: number;
}

/** A binary saved to disk and checked against the event's size and SHA-256. */
export interface FetchedBinary {
  path: string;
  size: number;
  sha256: string;
}

/** Where fetchBinaries saves a document's binary in `dir`. */
export const binaryPath = (dir: string, document: EFileDocument) => join(dir, `${document.docOrdinal}.bin`);

/** The binaries as fetchBinaries will have saved them when every one matches its event. */
export function expectedBinaries(
  documents: readonly EFileDocument[],
  dir: string,
): Map<string, FetchedBinary> {
  return new Map(
    documents
      .filter(fetched)
      .map((d) => [
        d.docCode,
        { path: binaryPath(dir, d), size: d.file.sizeBytes, sha256: d.file.sha256.toLowerCase() },
      ]),
  );
}

/** The documents whose binaries come from a partner's store; the slip the bridge draws is drawn again. */
const fetched = (document: EFileDocument) => !drawnByBridge(document);

/**
 * Fetches every partner document's binary into `dir`, checking size and SHA-256 against the event. Returns
 * the binaries by docCode, and a problem for each one that has no URI, cannot be fetched or does not match.
 */
export async function fetchBinaries(
  documents: readonly EFileDocument[],
  dir: string,
  limits: FetchLimits,
): Promise<{ binaries: Map<string, FetchedBinary>; problems: BinaryProblem[] }> {
  const binaries = new Map<string, FetchedBinary>();
  const problems: BinaryProblem[] = [];
  const queue = documents.filter(fetched);
  const guarded = new GuardedFetch(limits.policy);
  const worker = async () => {
    for (let document = queue.shift(); document; document = queue.shift()) {
      const { docCode, file } = document;
      const problem = ({ kind, reason }: { kind: BinaryProblemKind; reason: string }) =>
        problems.push({ docCode, fileName: file.fileName, uri: file.uri ?? null, kind, reason });
      if (!file.uri) {
        problem({ kind: 'no-uri', reason: 'the events give no URI for this binary' });
        continue;
      }
      const path = binaryPath(dir, document);
      try {
        const fetched = await fetchChecked(guarded, file.uri, path, file, limits);
        binaries.set(docCode, fetched);
      } catch (error) {
        await unlink(path).catch(() => undefined);
        problem(reasonOf(error, limits));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limits.concurrency) }, worker)).finally(() =>
    guarded.close(),
  );
  problems.sort((a, b) => a.docCode.localeCompare(b.docCode));
  return { binaries, problems };
}

async function fetchChecked(
  guarded: GuardedFetch,
  uri: string,
  path: string,
  expected: { sizeBytes: number; sha256: string },
  limits: FetchLimits,
): Promise<FetchedBinary> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const response = await guarded.get(uri, signal);
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Refused('http-error', `HTTP ${response.status} ${response.statusText}`.trim());
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel();
    throw new Refused('too-large', `larger than the limit of ${limits.maxBytes} bytes (${declared} bytes)`);
  }
  if (!response.body) throw new Refused('http-error', 'the answer has no body');

  const hash = createHash('sha256');
  let size = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limits.maxBytes)
        return done(new Refused('too-large', `larger than the limit of ${limits.maxBytes} bytes`));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as never), counted, createWriteStream(path));
  const sha256 = hash.digest('hex');
  if (size !== expected.sizeBytes) {
    throw new Refused('size-mismatch', `size is ${size} bytes, the events say ${expected.sizeBytes}`);
  }
  if (sha256 !== expected.sha256.toLowerCase()) {
    throw new Refused(
      'hash-mismatch',
      `SHA-256 is ${sha256}, the events say ${expected.sha256.toLowerCase()}`,
    );
  }
  return { path, size, sha256 };
}

function reasonOf(error: unknown, limits: FetchLimits): { kind: BinaryProblemKind; reason: string } {
  if (error instanceof Refused) return { kind: error.kind, reason: error.message };
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return { kind: 'timeout', reason: `no complete answer within ${limits.timeoutMs} ms` };
  }
  if (e instanceof TypeError && e.message === 'Invalid URL') {
    return { kind: 'not-allowed', reason: 'the URI is not a valid URL' };
  }
  // fetch hides the reason (ECONNREFUSED, ENOTFOUND, a TLS error) in its cause.
  return { kind: 'unreachable', reason: e.cause?.code ?? e.cause?.message ?? e.message };
}
