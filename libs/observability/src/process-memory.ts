import { readFileSync } from 'node:fs';

/** A process's resident set size now (VmRSS), in MB; Linux's /proc says it. */
export const rssMb = (pid: number): number => statusMb(pid, 'VmRSS');

/** The most a process has held resident so far (VmHWM), in MB. */
export const peakRssMb = (pid: number): number => statusMb(pid, 'VmHWM');

function statusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
}
