// Four tiers: unit (*.spec.ts, no I/O), integration (*.int-spec.ts, real Kafka and databases),
// e2e (*.e2e-spec.ts, the built processes), faults (*.fault-spec.ts: the built processes under
// crashes and outages, short unless HOSO_FAULTS=full). Jest runs a project's global setup only when that project
// has tests to run, so unit-only runs start no services.
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^@hoso/(.*)$': '<rootDir>/libs/$1/src',
    '^@test/support$': '<rootDir>/test/support',
    '^@test/fixtures$': '<rootDir>/test/fixtures',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/var/'],
};

const withServices = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 90_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    {
      ...shared,
      ...withServices,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      slowTestThreshold: 30,
    },
    {
      ...shared,
      ...withServices,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      slowTestThreshold: 60,
    },
    {
      ...shared,
      ...withServices,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      slowTestThreshold: 120,
    },
  ],
};
