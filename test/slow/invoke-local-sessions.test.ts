/**
 * `npx sls invoke local` offline, as a user runs it on a fresh clone: the project plugin brings the
 * embedded stack up, state persists between invocations, bad input gets a clear error, an order
 * runs its workflow, and no DynamoDB Local (java) process is left behind.
 *
 * These run what the plugin runs with no stack to join (packages/offline-aws/src/invoke-local/own-stack.ts, then the
 * handler) in a worker thread per command (invoke-local-session.ts), on one data directory,
 * restarting it in between as separate commands do (each starts a DynamoDB Local of its own: in
 * `npm run test:slow` for its time). The same as a process (the framework, the plugin and its
 * bundle, its own stack, the workflow) is invoke-local.test.ts; joining a running stack as a process
 * is test/slow/invoke-local-join.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { javaProcessesFor } from '../support/processes';
import type { SessionOutcome } from '../integration/cli/invoke-local-session';

const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'invoke-local-'));
// A state directory of its own: a developer's running `npm start` must not be joined here.
const stateDir = mkdtempSync(join(tmpdir(), 'invoke-local-state-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

/**
 * Invocations as `sls invoke local -f <function> -p <event file>` makes them, one command after
 * another on one data directory: a session (invoke-local-session.ts) in a worker thread, with
 * modules of its own as a new process has.
 */
function session(invocations: [functionName: string, eventFile: string][]): Promise<SessionOutcome[]> {
  return new Promise((resolveOutcomes, reject) => {
    const worker = new Worker(join(import.meta.dirname, '..', 'integration', 'cli', 'invoke-local-session.mjs'), {
      workerData: { root, invocations },
      env: { ...process.env, OFFLINE_DATA_DIR: dataDir, LOCAL_STATE_DIR: stateDir },
      execArgv: [],
    });
    let outcomes: SessionOutcome[] | undefined;
    worker.once('message', (message: SessionOutcome[]) => (outcomes = message));
    worker.once('error', reject);
    worker.once('exit', (code) =>
      outcomes ? resolveOutcomes(outcomes) : reject(new Error(`the session ended (exit ${code}) without outcomes`)),
    );
  });
}

let reserved: SessionOutcome | undefined;
let released: SessionOutcome | undefined;
let reservedAgain: SessionOutcome | undefined;
let invalid: SessionOutcome | undefined;
beforeAll(async () => {
  [reserved] = await session([['reserveInventory', 'events/reserveInventory/valid.json']]);
  // A restart in between: what the second session sees, the data directory kept.
  [released, reservedAgain, invalid] = await session([
    ['releaseInventory', 'events/releaseInventory/valid.json'],
    ['reserveInventory', 'events/reserveInventory/valid.json'],
    ['reserveInventory', 'events/reserveInventory/invalid-negative-quantity.json'],
  ]);
}, 300_000);

it('reserves, releases and reserves again across invocations', () => {
  expect(reserved?.result).toMatchObject({ status: 'RESERVED' });
  expect(released?.result).toMatchObject({ status: 'RELEASED' });
  expect(released?.result?.lines).toEqual(
    expect.arrayContaining([expect.objectContaining({ sku: expect.any(String) })]),
  );
  // The same order was released: a late reservation for it cannot take stock (state persisted).
  expect(reservedAgain?.result).toMatchObject({ status: 'RELEASED' });
  expect(javaProcessesFor(dataDir)).toBe('');
});

it('rejects a bad Task input with a named ValidationError', () => {
  expect(invalid?.error?.name).toBe('ValidationError');
});
