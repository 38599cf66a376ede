/**
 * `npx sls invoke local` with a local stack running (as `npm start` serves it: its endpoints file
 * in the state directory): the invocation joins that stack instead of starting its own, so what it
 * writes and starts is the running system's. Without a running stack it starts its own
 * (invoke-local.test.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { runtimeEndpoints } from 'offline-aws/endpoints/probes';
import { removeEndpointsFile, writeEndpointsFile } from 'offline-aws/endpoints/file';
import { executionPageUrl } from 'offline-aws/console/model/routes';
import type { Runtime } from 'offline-aws/runtime';
import { orderKey } from '../../services/orders/adapters/dynamodb-order-repository';
import { PROCESS_TIMEOUT_MS } from '../support/processes';
import { startTestRuntime } from '../support/runtime';

const CONSOLE = 'http://127.0.0.1:9';
const stateDir = mkdtempSync(join(tmpdir(), 'invoke-local-join-'));
let runtime: Runtime;
beforeAll(async () => {
  // The stage's table names as `npm start` has them (no suffix): the invocation joins only a stack
  // that serves this stage's tables. No other test file uses unsuffixed tables on the run's shared
  // DynamoDB Local.
  runtime = await startTestRuntime({ tableSuffix: '' });
  // No console runs here; the invocation only builds links to it (console/model/routes.ts).
  writeEndpointsFile(stateDir, { pid: process.pid, endpoints: { ...runtimeEndpoints(runtime), console: CONSOLE } });
}, 240_000);
afterAll(async () => {
  removeEndpointsFile(stateDir, process.pid);
  rmSync(stateDir, { recursive: true, force: true });
  await runtime.stop();
});

/** Asynchronous: the stack it joins runs in this process, which must keep serving meanwhile. */
function invokeLocal(fn: string, eventFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['sls', 'invoke', 'local', '-f', fn, '-p', eventFile],
      {
        encoding: 'utf8',
        timeout: PROCESS_TIMEOUT_MS,
        env: { ...process.env, LOCAL_STATE_DIR: stateDir, POWERTOOLS_LOG_LEVEL: 'WARN' },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

it('an order placed by sls invoke local is the running stack’s: its table, its state machine', async () => {
  const { code, stdout, stderr } = await invokeLocal('createOrder', 'events/createOrder/valid.json');
  expect({ code, stderr }).toMatchObject({ code: 0 });
  const start = stdout.lastIndexOf('\n{');
  const result = JSON.parse(stdout.slice(start)) as { statusCode: number; body: string };
  expect(result.statusCode).toBe(202);
  const { orderId } = JSON.parse(result.body) as { orderId: string };

  // The execution runs in the running stack's runner, named by the order; the command says where
  // to follow it: the console's page of that execution.
  const execution = runtime.runner.listExecutions().find((candidate) => candidate.name === orderId);
  expect(execution).toBeDefined();
  const line = stderr.split('\n').find((text) => text.startsWith(`execution ${orderId} `));
  expect(line).toContain(`in the local stack of npm start (pid ${process.pid}), where it goes on`);
  expect(line).toContain(`follow it at ${executionPageUrl(CONSOLE, execution?.executionArn ?? '')}`);
  // Lambda's REPORT line: the function's configured memory and its cold start.
  expect(stderr).toMatch(
    /^REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tInit Duration: [\d.]+ ms\t$/m,
  );
  await expect(
    runtime.stack.documentClient.send(
      new GetCommand({ TableName: runtime.stack.environment.ORDERS_TABLE, Key: orderKey(orderId) }),
    ),
  ).resolves.toMatchObject({ Item: { orderId } });
}, 180_000);
