export * from './check';
export * from './files';
export * from './simulate';
export { type ExpectedDossier, vnTime } from './stories';
export { PROCEDURES } from './world';
export * from './feed';
