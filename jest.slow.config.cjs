/**
 * `npm run test:slow`: test/slow/ and packages/offline-aws/test/slow/, the load and exhaustive
 * runs (the full no-oversell race, the whole fault matrix, every execution recorded on AWS) and
 * the process tests (`npm start`, `sls invoke local` with a stack of its own, `npm run
 * new:service` on a copy of the repository), with the stack project's setup: jest-light-runner,
 * one shared DynamoDB Local.
 */
const { projects, testTimeout, workerGracefulExitTimeout } = require('./jest.config.cjs');

const stack = projects.find((project) => project.displayName === 'stack');

/** @type {import('jest').Config} */
module.exports = {
  ...stack,
  displayName: 'slow',
  // The runtime package's exhaustive runs (the executions recorded on AWS, every one) too.
  roots: ['<rootDir>/test/slow', '<rootDir>/packages/offline-aws/test/slow'],
  testTimeout,
  // Two: these files start whole processes (`npm start`, the framework) that use a core each.
  maxWorkers: 2,
  workerGracefulExitTimeout,
};
