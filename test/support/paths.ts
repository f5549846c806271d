import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const BRIDGE_MAIN = join(REPO_ROOT, 'dist/apps/bridge/src/main.js');
export const CLI_MAIN = join(REPO_ROOT, 'dist/apps/cli/src/hoso.js');
/** The lab (simulate, demo, bench): what feeds the bridge made-up data. */
export const LAB_MAIN = join(REPO_ROOT, 'dist/apps/lab/src/lab.js');
