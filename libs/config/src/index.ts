export * from './config.namespaces';
export * from './environment';
export * from './hoso-config.module';
export * from './load-config';
export * from './failpoints';
