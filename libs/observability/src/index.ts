export * from './health/consumer-monitor';
export * from './health/health.module';
export * from './logging/logging.module';
export * from './metrics/metrics.module';
export * from './process-memory';
export * from './tracing/tracing';
export * from './build-info';
