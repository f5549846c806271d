/**
 * JSON with object keys sorted at every level and undefined members left out, so that equal content
 * always gives the same text (and the same hash), whatever order its keys arrived in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalCopy(value));
}

/** A deep copy with the keys of every object in sorted order and undefined members left out. */
export function canonicalCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalCopy);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  // Intake runs this on every event: a plain loop, not entries/filter/sort/fromEntries (7 % of its CPU).
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    // Assigning "__proto__" would set the prototype; defined, it stays plain data.
    if (key === '__proto__')
      Object.defineProperty(copy, key, { value: canonicalCopy(member), enumerable: true, writable: true });
    else copy[key] = canonicalCopy(member);
  }
  return copy;
}
