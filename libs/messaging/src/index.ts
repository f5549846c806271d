export * from './kafka-options';
export * from './kafka-probe';
export * from './messaging.module';
export * from './topic-provisioner';
