/**
 * Fault injection for the test suites. HOSO_FAILPOINTS="intake.after-store=3" makes the third pass through
 * the point named intake.after-store kill the process outright (SIGKILL: no cleanup, like a power cut).
 * Unset, as in production, failpoint() does nothing.
 */
const armed = new Map<string, number>(
  (process.env.HOSO_FAILPOINTS ?? '')
    .split(',')
    .map((entry) => entry.split('='))
    .filter(([name, count]) => name && Number(count) > 0)
    .map(([name, count]) => [name!.trim(), Number(count)]),
);

export function failpoint(name: string): void {
  const remaining = armed.get(name);
  if (remaining === undefined) return;
  if (remaining > 1) armed.set(name, remaining - 1);
  else process.kill(process.pid, 'SIGKILL');
}
