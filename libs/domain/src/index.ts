export * from './assemble';
export * from './correlation';
export * from './facts';
export * from './file-code';
export * from './file-plan';
export * from './notation';
export * from './revision';
export * from './text';
