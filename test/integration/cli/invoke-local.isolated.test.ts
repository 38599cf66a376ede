/**
 * `npx sls invoke local` offline, as a user runs it on a fresh clone: the project plugin brings the
 * embedded stack up, state persists between invocations, bad input gets a clear error, an order
 * runs its workflow, and no DynamoDB Local (java) process is left behind.
 *
 * These run what the plugin runs with no stack to join (local/offline-runtime.ts, then the
 * handler) in this process, on one data directory, restarting it in between as separate commands
 * do. The same as a process (the framework, the plugin and its bundle, its own stack, the workflow)
 * is test/slow/invoke-local.test.ts; joining a running stack as a process is invoke-local-join.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import { fakeContext } from '../../support/lambda-context';
import { javaProcessesFor } from '../../support/processes';

const root = resolve(__dirname, '../../..');
const dataDir = mkdtempSync(join(tmpdir(), 'invoke-local-'));
// A state directory of its own: a developer's running `npm start` must not be joined here.
const stateDir = mkdtempSync(join(tmpdir(), 'invoke-local-state-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

interface Invocation {
  result?: Record<string, unknown>;
  error?: Error;
}

/**
 * Invocations as `sls invoke local -f <function> -p <event file>` makes them, without the framework:
 * the plugin's offline runtime started on OFFLINE_DATA_DIR, the function's environment and the
 * shared one put in the process as the framework does (local/serverless-plugin.cjs), the handler
 * called in this process and the executions it started settled, then everything stopped. Modules
 * are fresh for each session, as in a new process, so the handlers' SDK clients find this
 * session's database.
 */
async function session(invocations: [functionName: string, eventFile: string][]): Promise<Invocation[]> {
  const outcomes: Invocation[] = [];
  process.env.OFFLINE_DATA_DIR = dataDir;
  await jest.isolateModulesAsync(async () => {
    // What the plugin runs when there is no local stack to join (local/offline-invoke.ts).
    const { startOwnStack } = await import('../../../local/offline-runtime');
    const { loadServerlessConfig } = await import('../../../local/serverless-config');
    const config = loadServerlessConfig({ root });
    const [first = ''] = invocations.map(([functionName]) => functionName);
    const offline = await startOwnStack({ root, stage: 'dev', functionName: first });
    try {
      for (const [functionName, eventFile] of invocations) {
        const event = JSON.parse(readFileSync(join(root, eventFile), 'utf8')) as unknown;
        const outcome: Invocation = {};
        try {
          Object.assign(process.env, offline.sharedEnvironment, offline.functionEnvironment);
          const handlerPath = config.functions[functionName]?.handler ?? '';
          const dot = handlerPath.lastIndexOf('.');
          const module = (await import(join(root, handlerPath.slice(0, dot)))) as Record<string, unknown>;
          const handler = module[handlerPath.slice(dot + 1)] as (event: unknown, context: Context) => Promise<unknown>;
          const result = await handler(event, fakeContext(functionName));
          outcome.result = result as Record<string, unknown>;
        } catch (error) {
          outcome.error = error as Error;
        }
        await offline.settle();
        outcomes.push(outcome);
      }
    } finally {
      await offline.stop();
    }
  });
  return outcomes;
}

let reserved: Invocation | undefined;
let released: Invocation | undefined;
let reservedAgain: Invocation | undefined;
let invalid: Invocation | undefined;
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
