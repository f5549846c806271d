import { signal } from '@preact/signals';
import { type Problem } from './types';

/** The admin API token, kept for this browser tab only. */
export const token = signal<string | null>(sessionStorage.getItem('hoso.token'));

export function signIn(value: string | null): void {
  if (value) sessionStorage.setItem('hoso.token', value);
  else sessionStorage.removeItem('hoso.token');
  token.value = value;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The answer's JSON, for errors that say more than a message. */
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

type Params = Record<string, string | number | undefined>;

function url(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  const q = query.toString();
  return `admin/${path}${q ? `?${q}` : ''}`;
}

async function call(path: string, init: RequestInit = {}, params?: Params): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url(path, params), {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${token.value ?? ''}` },
    });
  } catch (error) {
    throw new ApiError(0, (error as Error).message);
  }
  if (response.status === 401) signIn(null);
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Partial<Problem>;
    throw new ApiError(response.status, body.detail ?? response.statusText, body);
  }
  return response;
}

export async function get<T>(path: string, params?: Params): Promise<T> {
  return (await call(path, {}, params)).json() as Promise<T>;
}

export async function post<T>(path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method: 'POST' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  return (await call(path, init)).json() as Promise<T>;
}

/** Fetches a file of the API (it needs the token, so no plain link) and hands it to the browser. */
export async function download(path: string, params: Params): Promise<void> {
  const response = await call(path, {}, params);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}
