/**
 * `npm run test:slow`: test/slow/, the load and exhaustive runs (the full no-oversell race, the
 * whole fault matrix) and the process tests (`npm start`, `sls invoke local` with a stack of its
 * own, `npm run new:service` on a copy of the repository), with the stack project's setup:
 * jest-light-runner, one shared DynamoDB Local.
 */
const { projects, testTimeout, maxWorkers, workerGracefulExitTimeout } = require('./jest.config.cjs');

const stack = projects.find((project) => project.displayName === 'stack');

/** @type {import('jest').Config} */
module.exports = {
  ...stack,
  displayName: 'slow',
  roots: ['<rootDir>/test/slow'],
  testTimeout,
  maxWorkers,
  workerGracefulExitTimeout,
};
