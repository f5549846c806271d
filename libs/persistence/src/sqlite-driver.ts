/**
 * The better-sqlite3 build for the Node.js running: 13 (Node-API) on Node 22 and later, where 12 aborts the
 * process when a collected statement's node::ObjectWrap removes its cleanup hook (Node 24); 12, installed
 * as better-sqlite3-node20, on Node 20, where 13 crashes. The alias goes with Node 20.
 */
export function sqliteDriver(): unknown {
  const major = Number(process.versions.node.split('.')[0]);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- chosen at run time, by Node.js version
  return major >= 22 ? require('better-sqlite3') : require('better-sqlite3-node20');
}
