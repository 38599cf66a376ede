/**
 * `npm run test:slow`: the load and exhaustive runs (*.slow.test.ts, next to the tests they
 * extend), with the integration project's setup: the same transform, one shared DynamoDB Local.
 */
const {
  projects: [, integration],
  testTimeout,
  maxWorkers,
  workerGracefulExitTimeout,
} = require('./jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...integration,
  displayName: 'slow',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.slow.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout,
  maxWorkers,
  workerGracefulExitTimeout,
};
