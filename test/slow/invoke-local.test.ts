/**
 * `npx sls invoke local` as a process with no local stack running, as a user runs it on a fresh
 * clone: the framework, the project plugin and its bundle, an embedded stack of its own on a data
 * directory, the handler, the workflow it starts, and no DynamoDB Local (java) left behind. The
 * same steps in-process (state kept across restarts, bad input) are
 * invoke-local-sessions.test.ts; joining a running stack is invoke-local-join.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { javaProcessesFor, PROCESS_TEST_TIMEOUT_MS, PROCESS_TIMEOUT_MS } from '../support/processes';

const dataDir = mkdtempSync(join(tmpdir(), 'invoke-local-'));
// A state directory of its own: a developer's running `npm start` must not be joined here.
const stateDir = mkdtempSync(join(tmpdir(), 'invoke-local-state-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

it(
  'places an order and runs its workflow to the end (as a process)',
  () => {
    const run = spawnSync(
      'npx',
      ['sls', 'invoke', 'local', '-f', 'createOrder', '-p', 'events/createOrder/valid.json'],
      {
        encoding: 'utf8',
        timeout: PROCESS_TIMEOUT_MS,
        env: { ...process.env, OFFLINE_DATA_DIR: dataDir, LOCAL_STATE_DIR: stateDir, POWERTOOLS_LOG_LEVEL: 'WARN' },
      },
    );
    if (run.status !== 0) throw new Error(`exit ${String(run.status ?? run.signal)}\n${run.stdout}${run.stderr}`);
    // The framework prints the handler's result as indented JSON at the end of stdout.
    const start = run.stdout.lastIndexOf('\n{');
    const result = JSON.parse(run.stdout.slice(start === -1 ? run.stdout.indexOf('{') : start)) as unknown;
    expect(result).toMatchObject({ statusCode: 202 });
    // The saga's parent, its Express children under it (the last one publishes OrderCompleted).
    expect(run.stderr).toMatch(
      /workflow ord_[a-z0-9]{32}: AssessRisk → .*CompleteAndAnnounce\n(\s+↳ .*\n)*\s+↳ [\w-]*complete-order: CompleteOrder → PublishOrderCompleted → SUCCEEDED\n\s+→ SUCCEEDED/,
    );
    expect(javaProcessesFor(dataDir)).toBe('');
  },
  PROCESS_TEST_TIMEOUT_MS,
);

it.each([
  ['that does not exist', () => join(dataDir, 'no-such-event.json'), /The file you provided does not exist/],
  [
    'that is not JSON',
    () => {
      const file = join(dataDir, 'not-json.json');
      writeFileSync(file, '{not json');
      return file;
    },
    /Parsing of ".*not-json\.json" failed/,
  ],
])(
  'an event file %s: the framework says so, exit 1, and the stack it started is stopped (no java left)',
  (_what, file, message) => {
    const run = spawnSync('npx', ['sls', 'invoke', 'local', '-f', 'getOrder', '-p', file()], {
      encoding: 'utf8',
      // Seconds when it exits; a hang is cut short here rather than at PROCESS_TIMEOUT_MS.
      timeout: 180_000,
      env: { ...process.env, OFFLINE_DATA_DIR: dataDir, LOCAL_STATE_DIR: stateDir, POWERTOOLS_LOG_LEVEL: 'WARN' },
    });
    // A hang (the stack kept the process alive) ends at the timeout with a signal, not exit 1.
    expect([run.status, run.signal]).toEqual([1, null]);
    expect(`${run.stdout}${run.stderr}`).toMatch(message);
    expect(javaProcessesFor(dataDir)).toBe('');
  },
  PROCESS_TEST_TIMEOUT_MS,
);
