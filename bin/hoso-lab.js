#!/usr/bin/env node
// `npx hoso-lab …` from the repository: runs the built lab (simulate, demo, bench), or says how to build it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const main = join(__dirname, '..', 'dist', 'apps', 'lab', 'src', 'lab.js');
if (!existsSync(main)) {
  console.error('hoso-lab: the lab is not built yet; run "npm run build" first');
  process.exit(1);
}
require(main);
