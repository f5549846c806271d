import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project's name and version, from the package.json above this file (in the sources and in dist). */
export function buildInfo(): { name: string; version: string } {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (name === 'hoso-bridge' && version) return { name, version };
  }
  return { name: 'hoso-bridge', version: 'unknown' };
}
