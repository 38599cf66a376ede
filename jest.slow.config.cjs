/**
 * `npm run test:slow`: test/slow/, the load and exhaustive runs (the full no-oversell race, the
 * whole fault matrix) and the process tests (`npm start`, `sls invoke local` with a stack of its
 * own, `npm run new:service` on a copy of the repository), with the integration project's setup:
 * the same transform, one shared DynamoDB Local.
 */
const { projects, testTimeout, maxWorkers, workerGracefulExitTimeout } = require('./jest.config.cjs');

const integration = projects.find((project) => project.displayName === 'integration');

/** @type {import('jest').Config} */
module.exports = {
  ...integration,
  displayName: 'slow',
  roots: ['<rootDir>/test/slow'],
  testTimeout,
  maxWorkers,
  workerGracefulExitTimeout,
};
