#!/usr/bin/env node
// `npx hoso …` from the repository: runs the built CLI, or says how to build it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'apps', 'cli', 'src', 'hoso.js');
if (!existsSync(main)) {
  console.error('hoso: the CLI is not built yet; run "npm run build" first');
  process.exit(1);
}
require(main);
