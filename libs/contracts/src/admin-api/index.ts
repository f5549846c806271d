// The admin API's every request and response shape: the bridge, the CLI and the dashboard use these.
export * from './actions';
export * from './archive';
export * from './common';
export * from './dead-letters';
export * from './fields';
export * from './health';
export * from './ingest';
export * from './problem';
export * from './records';
export * from './replay';
export * from './statistics';
export * from './transfers';
