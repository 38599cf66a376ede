/**
 * The bad-input property tests of test/unit/properties/ with ten times the generated inputs per entry
 * point (PROPERTY_RUNS=1000; `npm test` runs 100 each): run as their own Jest process, as a developer
 * would run them.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

it(
  'every entry point answers 1,000 generated malformed inputs with its validation error and sends nothing',
  () => {
    const environment: NodeJS.ProcessEnv = { ...process.env, PROPERTY_RUNS: '1000' };
    // Its own Jest, not a worker of this one.
    delete environment.JEST_WORKER_ID;
    const run = spawnSync('npx', ['jest', '--selectProjects', 'unit', '--verbose', '--', 'test/unit/properties'], {
      cwd: root,
      encoding: 'utf8',
      env: environment,
      timeout: 20 * 60_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    expect({ status: run.status, tail: run.status === 0 ? '' : output.slice(-5000) }).toEqual({ status: 0, tail: '' });
    expect(output).toMatch(/answers 1000 malformed/);
  },
  25 * 60_000,
);
