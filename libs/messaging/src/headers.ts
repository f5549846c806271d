import { type MessageHeaders } from './message';

/** Headers as JSON text for storage: [name, base64] pairs in order, so repeated names and raw bytes survive. */
export function encodeHeaders(headers: MessageHeaders): string {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      pairs.push([name, Buffer.from(item).toString('base64')]);
    }
  }
  return JSON.stringify(pairs);
}

/** The inverse of encodeHeaders: a repeated name becomes a list, in its original order. */
export function decodeHeaders(text: string): MessageHeaders {
  const headers: Record<string, Buffer | Buffer[]> = {};
  for (const [name, base64] of JSON.parse(text) as Array<[string, string]>) {
    const value = Buffer.from(base64, 'base64');
    const existing = headers[name];
    headers[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return headers;
}

/** A header's text (the first, when the name repeats), or undefined when it is not there. */
export function headerText(headers: MessageHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString('utf8');
}
