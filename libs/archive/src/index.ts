export * from './binaries';
export * from './inventory';
export * from './processing-slip';
export * from './schemas';
export * from './sip-fields';
export * from './sip-package';
export * from './verify/sip-checks';
export * from './verify/verify-sip';
