import { signal } from '@preact/signals';

/** Where the page is: `#/agency/<code>?from=…&to=…`, so that a view can be linked to and reloaded. */
export interface Route {
  page: string;
  arg: string;
  params: URLSearchParams;
}

function parse(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page = '', ...rest] = path.split('/');
  return { page, arg: decodeURIComponent(rest.join('/')), params: new URLSearchParams(query) };
}

export const route = signal<Route>(parse(location.hash));
addEventListener('hashchange', () => (route.value = parse(location.hash)));

/** A link into the dashboard, keeping the chosen period. */
export function href(page: string, arg = '', params: Record<string, string> = {}): string {
  const keep = new URLSearchParams([...route.value.params].filter(([k]) => k === 'from' || k === 'to'));
  for (const [k, v] of Object.entries(params)) keep.set(k, v);
  const query = keep.toString();
  return `#/${page}${arg ? `/${encodeURIComponent(arg)}` : ''}${query ? `?${query}` : ''}`;
}

/** Rewrites the address without a new history entry (and without the hashchange that would follow). */
export function replaceAddress(url: string): void {
  history.replaceState(null, '', url);
  route.value = parse(location.hash);
}

export function navigate(to: string): void {
  location.hash = to;
}
