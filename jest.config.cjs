/**
 * `npm test`: two projects. `unit` (test/unit/: no I/O, with coverage) and `stack` (the files that
 * start what they test: packages/offline-aws/test/conformance/, the offline runtime against the AWS
 * documentation, and test/integration/, the real handlers on the embedded stack, and the CLIs: in
 * this process on the run's stack, or spawned where they are quick).
 * test/slow/ (the load and exhaustive runs, the
 * process tests of `npm start`, `npm run workflow`, `sls invoke local` and `npm run new:service`) is left out: `npm run test:slow` runs it
 * (jest.slow.config.cjs).
 */

// Lambda runs functions in UTC (TZ=:UTC). The offline execution environments are worker threads,
// which share their process's time zone; jest gives each test file a copy of process.env, so the
// time zone is set here, before the test processes start.
process.env.TZ = 'UTC';

/** What every project shares: the TypeScript transform and the ESM-only packages. */
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }] },
  // middy 7, fauxqs and jose 6 are ESM-only: let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|fauxqs|jose)/)'],
  moduleNameMapper: {
    '^@middy/([^/]+)$': '<rootDir>/node_modules/@middy/$1/index.js',
    '^fauxqs$': '<rootDir>/node_modules/fauxqs/dist/app.js',
    // The offline runtime package (packages/offline-aws): its exports map `./*` to `./src/*.ts`.
    '^offline-aws/serverless-plugin$': '<rootDir>/packages/offline-aws/src/serverless-plugin.cjs',
    '^offline-aws/(.*)$': '<rootDir>/packages/offline-aws/src/$1',
  },
  setupFiles: ['<rootDir>/test/support/env.ts'],
  // Per project as well as globally: a project instruments the files its own setting names.
  collectCoverageFrom: ['services/**/*.ts'],
};

/**
 * The projects that start stacks: one DynamoDB Local for the whole run instead of one per file
 * (test/support/shared-dynamodb.ts). Jest runs a global setup module once however many projects
 * name it, before any test; this one returns at once and does its work in the background.
 */
const sharedDynamoDb = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/**
 * The files that start stacks run on jest-light-runner (patched: patches/jest-light-runner+*.patch):
 * plain Node processes, one per worker, in which each module is loaded once for all the files that
 * worker runs. On jest's own runner every file loads the AWS SDK, the emulators, the state machine
 * engine and its validators again, in a fresh module registry, which cost about 1.7 s of CPU per
 * file. TypeScript comes from tsx's loader (test/support/typescript.mjs); no coverage is collected
 * there (the unit tests cover services/ on their own: the figure did not change without them).
 * These files must not depend on module state being fresh: what needs modules of its own runs in a
 * worker thread (test/integration/cli/invoke-local-session.ts).
 */
const sharedProcess = {
  runner: 'jest-light-runner/child-process',
  // Last: wait for the global setup, which starts the database and builds the bundles in the
  // background while the unit files run (test/support/setup-ready.ts).
  setupFiles: ['<rootDir>/test/support/typescript.mjs', ...base.setupFiles, '<rootDir>/test/support/wait-for-setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...base, displayName: 'unit', roots: ['<rootDir>/test/unit', '<rootDir>/packages/offline-aws/test/unit'] },
    // One project for these directories: one pool of processes, whose loaded modules and warm
    // execution environments serve the files of all of them.
    {
      ...base,
      ...sharedDynamoDb,
      ...sharedProcess,
      displayName: 'stack',
      roots: [
        '<rootDir>/test/integration',
        '<rootDir>/packages/offline-aws/test/conformance',
        '<rootDir>/packages/offline-aws/test/stack',
      ],
    },
  ],
  collectCoverageFrom: base.collectCoverageFrom,
  // Applied to each domain file: business rules stay covered file by file.
  coverageThreshold: { './services/*/domain/**/*.ts': { lines: 90 } },
  coverageReporters: ['text-summary', 'lcov'],
  // Jest reads the timeout from here only (not per project). Generous: a test must not fail
  // because the machine is busy (speed is measured by the bench and docs/benchmarks.md).
  testTimeout: 240_000,
  // Integration files often wait (DynamoDB Local, fulfilment windows, retry backoffs): a third
  // worker fills those waits on two cores (measured: 111 s with two workers, 102 s with three).
  maxWorkers: 3,
  // The unit files first (while the global setup works), then the stack files; without cached
  // timings (a fresh clone), each by recorded durations: test/support/sequencer.cjs.
  testSequencer: '<rootDir>/test/support/sequencer.cjs',
  // A worker has nothing left open when the run ends (only its stdio), but freeing what it loaded
  // (a heap of 300-400 MB, a VM context per test file) took 0.6-1.5 s on a busy machine, past
  // Jest's default of 0.5 s: Jest then killed it and reported "a worker process has failed to exit
  // gracefully". A real leak still gets that report, 10 s later.
  workerGracefulExitTimeout: 10_000,
};
