/** Prints rows as an aligned text table with a header, numbers on the right. */
export function printTable(list: readonly object[], columns?: string[]): void {
  const rows = list as ReadonlyArray<Record<string, unknown>>;
  const keys = columns ?? Object.keys(rows[0] ?? {});
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const cell = (v: unknown) =>
    v === null || v === undefined ? '-' : typeof v === 'string' ? v : JSON.stringify(v);
  const cells = rows.map((r) => keys.map((k) => cell(r[k])));
  const widths = keys.map((k, i) => Math.max(k.length, ...cells.map((c) => [...c[i]!].length)));
  const numeric = keys.map((_, i) =>
    rows.every((r) => typeof r[keys[i]!] === 'number' || r[keys[i]!] == null),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(keys));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}
