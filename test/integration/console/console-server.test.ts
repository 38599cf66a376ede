/**
 * The console server on a running system: what it tells the page, the AWS calls it forwards and
 * the ones it refuses, and the local-only "skip the wait" (a Wait state ended early, the history
 * then reading as after a full wait).
 */
import { CONSOLE_KEY_HEADER } from 'offline-aws/console/guard';
import { expressExecution, expressExecutions } from 'offline-aws/console/page/express';
import { startConsole, type ConsoleServer } from 'offline-aws/console/server';
import { send } from 'offline-aws/testing';
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

/** A request to the console with its key, as the page (cookie) or a script (header) sends it. */
const call = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { ...init.headers, [CONSOLE_KEY_HEADER]: server.key } });

const aws = (service: string, target: string, body: unknown) =>
  call(`/aws/${service}`, {
    method: 'POST',
    headers: {
      'content-type': service === 'logs' ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0',
      'x-amz-target': target,
    },
    body: JSON.stringify(body),
  });

describe('the console guard (a local app: its key, and loopback names only)', () => {
  it('answers every route but the static files 401 without the key, and acts on nothing', async () => {
    for (const [path, method] of [
      ['/', 'GET'],
      ['/config.json', 'GET'],
      ['/local/token', 'POST'],
      ['/local/skip-wait', 'POST'],
      ['/aws/stepfunctions', 'POST'],
      ['/api/orders', 'POST'],
      ['/local/logs?function=x&requestId=y', 'GET'],
    ]) {
      const answer = await fetch(`${server.url}${path}`, { method, ...(method === 'POST' ? { body: '{}' } : {}) });
      expect({ path, status: answer.status }).toEqual({ path, status: 401 });
    }
    const wrongKey = await fetch(`${server.url}/config.json`, { headers: { [CONSOLE_KEY_HEADER]: `${server.key}x` } });
    expect(wrongKey.status).toBe(401);
    expect((await fetch(`${server.url}/console.js`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/health`)).json()).toEqual({ service: 'offline-aws console' });
  });

  it('turns the key of the URL it printed into a SameSite=Strict, HttpOnly cookie', async () => {
    expect(server.openUrl).toBe(`${server.url}/?key=${encodeURIComponent(server.key)}`);
    const opened = await fetch(server.openUrl, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    expect(opened.headers.get('location')).toBe('/');
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await fetch(`${server.url}/config.json`, { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(withCookie.status).toBe(200);
  });

  it('refuses a Host or an Origin that is not its own (DNS rebinding, a page of another site), key or not', async () => {
    const { port } = new URL(server.url);
    const withKey = { [CONSOLE_KEY_HEADER]: server.key };
    const rebound = await send(`${server.url}/config.json`, { headers: { ...withKey, host: `evil.example:${port}` } });
    expect(rebound.status).toBe(403);
    const otherPort = await send(`${server.url}/config.json`, { headers: { ...withKey, host: '127.0.0.1:1' } });
    expect(otherPort.status).toBe(403);
    const posted = await send(`${server.url}/local/skip-wait`, {
      method: 'POST',
      headers: { ...withKey, origin: 'http://evil.example' },
      body: '{"executionArn":"x"}',
    });
    expect(posted.status).toBe(403);
    expect(
      (await send(`${server.url}/config.json`, { headers: { ...withKey, host: `localhost:${port}` } })).status,
    ).toBe(200);
  });

  it('answers a body over 64 KiB 413, not 500', async () => {
    const body = JSON.stringify({ executionArn: 'x'.repeat(70_000) });
    const answer = await call('/local/skip-wait', { method: 'POST', body });
    expect(answer.status).toBe(413);
  });
});

describe('the console server', () => {
  it('serves the page, its script and what the page needs to know', async () => {
    expect((await (await call('/')).text()).includes('/console.js')).toBe(true);
    expect((await fetch(`${server.url}/console.js`)).status).toBe(200);
    const config = (await (await call('/config.json')).json()) as Record<string, unknown>;
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
    // Express executions are read from CloudWatch Logs.
    const groups = await aws('logs', 'Logs_20140328.DescribeLogGroups', {});
    expect(groups.status).toBe(200);
    expect(await groups.json()).toHaveProperty('logGroups');
    const missingGroup = await aws('logs', 'Logs_20140328.FilterLogEvents', { logGroupName: '/nope' });
    expect(((await missingGroup.json()) as { __type: string }).__type).toBe('ResourceNotFoundException');
  });

  it('refuses the calls the console does not make, writing nothing', async () => {
    const tables = runtime.stack.tableName('OrdersTable');
    const refused = await aws('dynamodb', 'DynamoDB_20120810.DeleteTable', { TableName: tables });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    expect((await aws('dynamodb', 'DynamoDB_20120810.DescribeTable', { TableName: tables })).status).toBe(200);
    const put = await aws('logs', 'Logs_20140328.CreateLogGroup', { logGroupName: '/console/written' });
    expect(((await put.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    expect(runtime.logs.store.hasGroup('/console/written')).toBe(false);
    const start = await aws('stepfunctions', 'AWSStepFunctions.StartExecution', {
      stateMachineArn: runtime.runner.workflow.stateMachineArn,
    });
    expect(start.status).toBe(400);
  });

  it('answers 503 for the API and tokens when the system runs no HTTP API', async () => {
    expect((await call('/api/orders')).status).toBe(503);
    const token = await call('/local/token', { method: 'POST', body: '{"sub":"x"}' });
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
      call('/local/skip-wait', {
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

  it("shows an Express execution from its machine's log group, as the page reads it (no DescribeExecution for Express)", async () => {
    const { region, accountId } = runtime.stack.config;
    runtime.logs.store.createGroup('/aws/vendedlogs/states/console-express');
    const machine = runtime.runner.machines.create({
      name: 'console-express',
      roleArn: 'arn:aws:iam::000000000000:role/local',
      type: 'EXPRESS',
      definition: JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', Result: 1, End: true } } }),
      loggingConfiguration: {
        level: 'ALL',
        includeExecutionData: true,
        destinations: [
          {
            cloudWatchLogsLogGroup: {
              logGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:/aws/vendedlogs/states/console-express:*`,
            },
          },
        ],
      },
    });
    const execution = await runtime.runner.startExecution('express-run', {}, machine.stateMachineArn).completion;
    // The page's relative calls, sent to this console with its key (the console's own calls pass unchanged).
    const pageFetch = globalThis.fetch;
    globalThis.fetch = ((input: string, init: RequestInit = {}) =>
      input.startsWith('/')
        ? pageFetch(`${server.url}${input}`, {
            ...init,
            headers: { ...(init.headers as Record<string, string>), [CONSOLE_KEY_HEADER]: server.key },
          })
        : pageFetch(input, init)) as typeof fetch;
    try {
      const shown = await expressExecution(execution.executionArn);
      expect(JSON.parse(shown.definition)).toMatchObject({ StartAt: 'Only' });
      expect(shown.events.map((event) => event.type)).toEqual([
        'ExecutionStarted',
        'PassStateEntered',
        'PassStateExited',
        'ExecutionSucceeded',
      ]);
      expect(shown.events.at(-1)).toMatchObject({ executionSucceededEventDetails: { output: '1' } });
      // The machine's list: ListExecutions does not serve Express machines; its log group has them.
      const second = await runtime.runner.startExecution('express-two', {}, machine.stateMachineArn).completion;
      const listed = await expressExecutions(machine.stateMachineArn);
      expect(listed.map(({ item }) => [item.name, item.executionArn])).toEqual([
        ['express-two', second.executionArn],
        ['express-run', execution.executionArn],
      ]);
      expect(listed[1]?.events).toEqual(shown.events);
    } finally {
      globalThis.fetch = pageFetch;
    }
  });
});

describe('POST /local/token (the page asks the issuer for its identity’s token)', () => {
  const asked: { sub: string; reviewer: boolean }[] = [];
  let withApi: ConsoleServer;
  beforeAll(async () => {
    // The issuer's side is the API's (identity/issuer.ts, its own tests): here only what the console passes it.
    const mintToken = (request: { sub: string; reviewer: boolean }) => {
      asked.push(request);
      return Promise.resolve(`token-of-${request.sub}`);
    };
    withApi = await startConsole({ runtime, api: { url: 'http://127.0.0.1:9', mintToken } });
  });
  afterAll(() => withApi.stop());
  const mint = (body: unknown) =>
    fetch(`${withApi.url}/local/token`, {
      method: 'POST',
      headers: { [CONSOLE_KEY_HEADER]: withApi.key },
      body: JSON.stringify(body),
    });

  it.each([
    [{}, 'sub must be a string'],
    [{ sub: 'cust_1001', reviewer: 'yes' }, 'reviewer must be true or false'],
    [{ sub: 'cust_1001', reviewer: 1 }, 'reviewer must be true or false'],
    [{ sub: '' }, 'sub must not be empty'],
    [{ sub: 'x'.repeat(129) }, 'sub must be at most 128 characters'],
    [{ sub: 'cust 1' }, 'sub must be printable ASCII without spaces'],
  ])('answers 400 naming what is wrong with %j, and asks the issuer nothing', async (body, message) => {
    const answer = await mint(body);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { message: string }).message).toContain(message);
    expect(asked).toEqual([]);
  });

  it('passes a valid identity on, a reviewer only when asked for as one', async () => {
    const answer = await mint({ sub: 'cust_1001', reviewer: true });
    expect(await answer.json()).toEqual({ token: 'token-of-cust_1001' });
    expect(asked).toEqual([{ sub: 'cust_1001', reviewer: true }]);
  });
});
