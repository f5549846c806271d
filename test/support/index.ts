export * from './bridge-process';
export * from './databases';
export * from './kafka-broker';
export * from './mariadb';
export * from './paths';
export * from './wait-for';
export * from './tcp-proxy';
export * from './kafka-io';
