/**
 * `npm test`: two projects, `unit` (no I/O) and `integration` (the real handlers on the embedded
 * stack, one spawned smoke test per CLI), with coverage. The load and exhaustive runs
 * (*.slow.test.ts) are left out here: `npm run test:slow` runs them (jest.slow.config.cjs).
 */

/** What every project shares: the TypeScript transform and the ESM-only packages. */
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }] },
  // middy 7 and fauxqs are ESM-only: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|fauxqs)/)'],
  moduleNameMapper: {
    '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
    '^fauxqs$': '<rootDir>/node_modules/fauxqs/dist/app.js',
  },
  setupFiles: ['<rootDir>/test/support/env.ts'],
  // Per project as well as globally: a project instruments the files its own setting names.
  collectCoverageFrom: ['services/**/*.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
    },
    {
      ...base,
      displayName: 'integration',
      roots: ['<rootDir>/test/integration'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$'],
      // One DynamoDB Local for every file of the run instead of one per file (test/support/shared-dynamodb.ts).
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  collectCoverageFrom: base.collectCoverageFrom,
  // Applied to each domain file: business rules stay covered file by file.
  coverageThreshold: { './services/*/domain/**/*.ts': { lines: 90 } },
  coverageReporters: ['text-summary', 'lcov'],
  // Jest reads the timeout from here only (not per project). Generous, for a loaded CI runner: an
  // integration file's first requests wait for the JIT; the slow tests set longer ones themselves.
  testTimeout: 120_000,
  // Integration files mostly wait on DynamoDB Local and timers: two workers use both cores.
  maxWorkers: 2,
  // A worker has nothing left open when the run ends (only its stdio), but freeing what it loaded
  // (a heap of 300-400 MB, a VM context per test file) took 0.6-1.5 s on a busy machine, past
  // Jest's default of 0.5 s: Jest then killed it and reported "a worker process has failed to exit
  // gracefully". A real leak still gets that report, 10 s later.
  workerGracefulExitTimeout: 10_000,
};
