// Lambda runs functions in UTC (TZ=:UTC). The offline execution environments are worker threads,
// which share their process's time zone; jest gives each test file a copy of process.env, so the
// time zone is set here, before the test processes start.
process.env.TZ = 'UTC';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/slow/ takes minutes: `npm run test:slow` runs it (that script lifts this pattern), `npm test` does not.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/slow/'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }] },
  // middy 7, fauxqs and jose 6 are ESM-only: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|fauxqs|jose)/)'],
  moduleNameMapper: {
    '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
    '^fauxqs$': '<rootDir>/node_modules/fauxqs/dist/app.js',
  },
  setupFiles: ['<rootDir>/test/support/env.ts'],
  collectCoverageFrom: ['services/**/*.ts'],
  // Applied to each domain file: business rules stay covered file by file.
  coverageThreshold: { './services/*/domain/**/*.ts': { lines: 90 } },
  coverageReporters: ['text-summary', 'lcov'],
  // Generous: a test must not fail because the machine is busy (speed is measured by the bench).
  testTimeout: 240_000,
  // Integration files mostly wait on DynamoDB Local and timers: two workers use both cores.
  maxWorkers: 2,
};
