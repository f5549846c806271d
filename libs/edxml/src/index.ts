export * from './adapt';
export * from './codes';
export { type EdxmlOrgan } from './read';
export { edxmlSchema } from './schema';
export * from './write';
