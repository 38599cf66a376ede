/**
 * The console server on a running system: what it tells the page, the AWS calls it forwards and
 * the ones it refuses, and the local-only "skip the wait" (a Wait state ended early, the history
 * then reading as after a full wait).
 */
import { startConsole, type ConsoleServer } from 'offline-aws/console/server';
import type { Runtime } from 'offline-aws/runtime';
import { loadServices } from '../../../tools/offline/services';
import { startTestRuntime } from '../../support/runtime';

let runtime: Runtime;
let server: ConsoleServer;
beforeAll(async () => {
  runtime = await startTestRuntime();
  server = await startConsole({ runtime });
}, 240_000);
afterAll(async () => {
  await server?.stop();
  await runtime?.stop();
});

const aws = (service: string, target: string, body: unknown) =>
  fetch(`${server.url}/aws/${service}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body: JSON.stringify(body),
  });

describe('the console server', () => {
  it('serves the page, its script and what the page needs to know', async () => {
    expect((await (await fetch(`${server.url}/`)).text()).includes('/console.js')).toBe(true);
    expect((await fetch(`${server.url}/console.js`)).status).toBe(200);
    const config = (await (await fetch(`${server.url}/config.json`)).json()) as Record<string, unknown>;
    expect(config.stateMachineArn).toBe(runtime.runner.workflow.stateMachineArn);
    expect(config.api).toBe(false);
    // What the workflow's executions are about (offline.config.ts console().subject): the header's words.
    expect(config.subject).toEqual({ noun: 'order', idField: 'orderId' });
    // Every record a service declares (services/<name>/service.ts `orderRecord`), a generated one included.
    const declared = (await loadServices()).flatMap((service) =>
      service.orderRecord ? [service.orderRecord.reportAs] : [],
    );
    expect((config.tables as { reportAs: string }[]).map((t) => t.reportAs).sort()).toEqual(declared.sort());
    expect(declared).toEqual(expect.arrayContaining(['inventory', 'notifications', 'payment', 'shipping']));
    // An undo step's tombstone reads as what it is (services/shared/schemas.ts NothingToUndoSchema).
    for (const table of config.tables as { placeholder?: unknown }[]) {
      expect(table.placeholder).toEqual({ field: 'nothingToUndo', label: 'nothing to undo' });
    }
  });

  it('forwards the read calls to the local endpoints unchanged', async () => {
    const list = await aws('stepfunctions', 'AWSStepFunctions.ListStateMachines', {});
    expect(list.status).toBe(200);
    expect(JSON.stringify(await list.json())).toContain(runtime.runner.workflow.stateMachineArn);
    const missing = await aws('stepfunctions', 'AWSStepFunctions.DescribeExecution', {
      executionArn: runtime.runner.executionArn('nope'),
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { __type: string }).__type).toBe('ExecutionDoesNotExist');
    // The definition an execution runs (the page draws it): forwarded, not refused as unknown.
    const forExecution = await aws('stepfunctions', 'AWSStepFunctions.DescribeStateMachineForExecution', {
      executionArn: runtime.runner.executionArn('nope'),
    });
    expect(((await forExecution.json()) as { __type: string }).__type).toBe('ExecutionDoesNotExist');
    const table = await aws('dynamodb', 'DynamoDB_20120810.DescribeTable', {
      TableName: runtime.stack.tableName('OrdersTable'),
    });
    expect(table.status).toBe(200);
  });

  it('refuses the calls the console does not make, writing nothing', async () => {
    const tables = runtime.stack.tableName('OrdersTable');
    const refused = await aws('dynamodb', 'DynamoDB_20120810.DeleteTable', { TableName: tables });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    expect((await aws('dynamodb', 'DynamoDB_20120810.DescribeTable', { TableName: tables })).status).toBe(200);
    const start = await aws('stepfunctions', 'AWSStepFunctions.StartExecution', {
      stateMachineArn: runtime.runner.workflow.stateMachineArn,
    });
    expect(start.status).toBe(400);
  });

  it('answers 503 for the API and tokens when the system runs no HTTP API', async () => {
    expect((await fetch(`${server.url}/api/orders`)).status).toBe(503);
    const token = await fetch(`${server.url}/local/token`, { method: 'POST', body: '{"sub":"x"}' });
    expect(token.status).toBe(503);
  });

  it('skips a Wait the execution is waiting in (local only), and refuses when it waits in none', async () => {
    const machine = runtime.runner.machines.create({
      name: 'console-skip-wait',
      roleArn: 'arn:aws:iam::000000000000:role/local',
      type: 'STANDARD',
      definition: JSON.stringify({
        StartAt: 'Hold',
        States: { Hold: { Type: 'Wait', Seconds: 3600, Next: 'Done' }, Done: { Type: 'Pass', End: true } },
      }),
    });
    const execution = runtime.runner.startExecution('hold', {}, machine.stateMachineArn);
    const skip = () =>
      fetch(`${server.url}/local/skip-wait`, {
        method: 'POST',
        body: JSON.stringify({ executionArn: execution.executionArn }),
      });
    // The Wait state is entered right after the start; ask until it is.
    let answer = await skip();
    while (answer.status === 400) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer = await skip();
    }
    expect(await answer.json()).toEqual({ skipped: ['Hold'] });
    await execution.completion;
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.history.events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    const again = await skip();
    expect(again.status).toBe(400);
    expect(((await again.json()) as { message: string }).message).toContain('not in a Wait state');
  });
});
