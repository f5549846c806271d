export * from './check';
export * from './simulate';
export { type ExpectedDossier, vnTime } from './stories';
export { PROCEDURES } from './world';
