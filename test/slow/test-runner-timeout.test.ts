/**
 * The stack tests' runner (jest-light-runner, patched: patches/jest-light-runner+0.8.2.patch)
 * fails a test or hook that runs past its timeout, with jest's message, and goes on with the
 * next file; and every one of its processes gets its worker data, however late it starts. Run as
 * jest processes on fixture files in a temporary directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROCESS_TEST_TIMEOUT_MS, PROCESS_TIMEOUT_MS } from '../support/processes';

const root = resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'order-processing-runner-'));
  mkdirSync(join(dir, 'workers'));
  writeFileSync(
    join(dir, 'hangs.test.mjs'),
    [
      "it('never ends', () => new Promise(() => {}), 300);",
      "it('fails its own way', () => { throw new Error('plain failure'); });",
      "it('still runs after them', () => {});",
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'hook.test.mjs'),
    ['beforeAll(() => new Promise(() => {}), 300);', "it('needs the hook', () => {});"].join('\n'),
  );
  writeFileSync(
    join(dir, 'late.mjs'),
    // Preloaded in every process: the second pool process starts 1.5 s after the others.
    "if (process.env.TINYPOOL_WORKER_ID === '2') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);",
  );
  for (const name of ['a', 'b', 'c', 'd'])
    writeFileSync(join(dir, 'workers', `${name}.test.mjs`), "it('runs', () => {});", { flag: 'w' });
  writeFileSync(
    join(dir, 'workers', 'jest.config.cjs'),
    `module.exports = ${JSON.stringify({
      rootDir: join(dir, 'workers'),
      runner: join(root, 'node_modules/jest-light-runner/src/child-process.js'),
      testMatch: ['**/*.test.mjs'],
      maxWorkers: 3,
    })};`,
  );
  writeFileSync(
    join(dir, 'jest.config.cjs'),
    `module.exports = ${JSON.stringify({
      rootDir: dir,
      runner: join(root, 'node_modules/jest-light-runner/src/child-process.js'),
      testMatch: ['<rootDir>/*.test.mjs'],
      maxWorkers: 2,
    })};`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it(
  'reports "Exceeded timeout" for a test and for a hook, and runs every other test',
  () => {
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules/jest/bin/jest.js'), '--config', join(dir, 'jest.config.cjs'), '--json'],
      { cwd: dir, encoding: 'utf8', timeout: PROCESS_TIMEOUT_MS },
    );
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as {
      testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    };
    const outcomes = Object.fromEntries(
      report.testResults.flatMap((file) =>
        file.assertionResults.map((test) => [test.title, [test.status, test.failureMessages.join('\n')]]),
      ),
    );
    expect(outcomes['never ends']).toEqual([
      'failed',
      expect.stringContaining('Exceeded timeout of 300 ms for a test.'),
    ]);
    expect(outcomes['fails its own way']).toEqual(['failed', expect.stringContaining('plain failure')]);
    expect(outcomes['still runs after them']).toEqual(['passed', '']);
    expect(outcomes['(beforeAll)']).toEqual([
      'failed',
      expect.stringContaining('Exceeded timeout of 300 ms for a hook.'),
    ]);
  },
  PROCESS_TEST_TIMEOUT_MS,
);

it(
  'gives a pool process that starts late its worker data (the released runner answered every process at the first one’s request, and a late one waited for ever)',
  () => {
    const run = spawnSync(
      process.execPath,
      [join(root, 'node_modules/jest/bin/jest.js'), '--config', join(dir, 'workers', 'jest.config.cjs'), '--json'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: `--import ${join(dir, 'late.mjs')}` },
        // Seconds when it works; the released runner never ends.
        timeout: 60_000,
      },
    );
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 0, signal: null });
    expect(JSON.parse(run.stdout)).toMatchObject({ numPassedTests: 4, numTotalTests: 4 });
  },
  PROCESS_TEST_TIMEOUT_MS,
);
