/**
 * Task integrations of locally created state machines, through `@aws-sdk/client-sfn` only: a Lambda
 * error's Cause as AWS builds it (parsed with States.StringToJson in a Catch), DynamoDB items,
 * nested executions and Express workflows. Each test names the page it follows in the Step
 * Functions Developer Guide (https://docs.aws.amazon.com/step-functions/latest/dg/<page>) or the
 * API Reference (https://docs.aws.amazon.com/step-functions/latest/apireference/<page>). The
 * functions and the table are the fixture project's (sfn-client.ts, test/fixtures/sfn-project).
 */
import {
  DescribeExecutionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { createMachine, errorOf, history, start, startConformance, waitForEnd, type Conformance } from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

const parseCause = {
  Type: 'Pass',
  Parameters: { 'error.$': '$.failure.Error', 'cause.$': 'States.StringToJson($.failure.Cause)' },
  End: true,
};
const catchAll = [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Parse' }];

interface Parsed {
  error: string;
  cause: { errorType: string; errorMessage: string; trace: string[] };
}

it("a Lambda error's Cause is Lambda's JSON, parsed with States.StringToJson in a Catch (concepts-error-handling.html)", async () => {
  const arn = await createMachine(c, {
    StartAt: 'Reserve',
    States: {
      Reserve: {
        Type: 'Task',
        Resource: c.functionArn('refuse'),
        Parameters: { orderId: 'not-an-order' },
        Catch: catchAll,
        End: true,
      },
      Parse: parseCause,
    },
  });
  const ended = await waitForEnd(c, await start(c, arn));
  expect(ended.status).toBe('SUCCEEDED');
  const parsed = JSON.parse(ended.output ?? '{}') as Parsed;
  expect(parsed.error).toBe('Refused');
  expect(parsed.cause.errorType).toBe(parsed.error);
  expect(parsed.cause.errorMessage).toEqual(expect.any(String));
  expect(parsed.cause.trace).toEqual(expect.arrayContaining([expect.any(String)]));
  const failed = (await history(c, ended.executionArn ?? '')).find((e) => e.type === 'LambdaFunctionFailed');
  expect(failed?.lambdaFunctionFailedEventDetails?.error).toBe(parsed.error);
  expect(JSON.parse(failed?.lambdaFunctionFailedEventDetails?.cause ?? '{}')).toEqual(parsed.cause);
});

it('lambda:invoke reports the same Error and Cause through TaskFailed (connect-lambda.html)', async () => {
  const arn = await createMachine(c, {
    StartAt: 'Reserve',
    States: {
      Reserve: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: c.functionArn('refuse'), Payload: { orderId: 'not-an-order' } },
        Catch: catchAll,
        End: true,
      },
      Parse: parseCause,
    },
  });
  const ended = await waitForEnd(c, await start(c, arn));
  const parsed = JSON.parse(ended.output ?? '{}') as Parsed;
  expect(parsed.error).toBe('Refused');
  expect(parsed.cause.errorType).toBe(parsed.error);
  const events = await history(c, ended.executionArn ?? '');
  expect(events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
    resourceType: 'lambda',
    resource: 'invoke',
    region: expect.any(String),
  });
  expect(events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toMatchObject({
    resourceType: 'lambda',
    resource: 'invoke',
    error: parsed.error,
  });
});

it('dynamodb:getItem reads DynamoDB Local; a failed condition is DynamoDB.ConditionalCheckFailedException (connect-ddb.html)', async () => {
  // The stack's own name for it: a test run gives every stack's tables a suffix of their own.
  const table = c.runtime.stack.tableName('ItemsTable');
  // Seeded by the fixture project (its offline.config.ts: seed.json).
  const key = { pk: { S: 'ITEM#widget' } };
  const arn = await createMachine(c, {
    StartAt: 'Get',
    States: {
      Get: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:getItem',
        Parameters: { TableName: table, Key: key },
        ResultSelector: { 'name.$': '$.Item.name.S' },
        ResultPath: '$.got',
        Next: 'PutNew',
      },
      PutNew: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: {
          TableName: table,
          Item: { pk: key.pk, name: { S: 'widget' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
        Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.failure', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  });
  const ended = await waitForEnd(c, await start(c, arn));
  expect(ended.status).toBe('SUCCEEDED');
  const output = JSON.parse(ended.output ?? '{}') as {
    got: { name: string };
    failure: { Error: string; Cause: string };
  };
  expect(output.got).toEqual({ name: 'widget' });
  expect(output.failure.Error).toBe('DynamoDB.ConditionalCheckFailedException');
  expect(output.failure.Cause).toMatch(
    /Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException;/,
  );
});

it('states:startExecution.sync:2 runs a child execution and returns its description with JSON output (connect-stepfunctions.html)', async () => {
  const child = await createMachine(c, {
    StartAt: 'Echo',
    States: { Echo: { Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' }, End: true } },
  });
  const parent = await createMachine(c, {
    StartAt: 'Child',
    States: {
      Child: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Parameters: { StateMachineArn: child, Input: { n: 21 }, Name: `child-${randomUUID()}` },
        Next: 'Fire',
      },
      Fire: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution',
        Parameters: { StateMachineArn: child, Input: { n: 1 } },
        ResultPath: '$.fired',
        End: true,
      },
    },
  });
  const ended = await waitForEnd(c, await start(c, parent));
  expect(ended.status).toBe('SUCCEEDED');
  const output = JSON.parse(ended.output ?? '{}') as {
    Output: unknown;
    Status: string;
    fired: { ExecutionArn: string };
  };
  expect(output).toMatchObject({ Status: 'SUCCEEDED', Output: { doubled: 42 } });
  expect(output.fired.ExecutionArn).toContain(':execution:');
  const types = (await history(c, ended.executionArn ?? '')).map((e) => e.type);
  expect(types.slice(1, 7)).toEqual([
    'TaskStateEntered',
    'TaskScheduled',
    'TaskStarted',
    'TaskSubmitted',
    'TaskSucceeded',
    'TaskStateExited',
  ]);
});

it("a failed Express child fails its .sync:2 task with States.TaskFailed, the child's description (its Error and Cause) as Cause (connect-stepfunctions.html)", async () => {
  const child = await createMachine(
    c,
    { StartAt: 'Out', States: { Out: { Type: 'Fail', Error: 'OutOfStock', Cause: 'none left' } } },
    'EXPRESS',
  );
  const parent = await createMachine(c, {
    QueryLanguage: 'JSONata',
    StartAt: 'Child',
    States: {
      Child: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Arguments: { StateMachineArn: child, Input: { n: 1 } },
        Catch: [
          {
            ErrorEquals: ['States.TaskFailed'],
            Output: {
              error: '{% $states.errorOutput.Error %}',
              child: '{% $parse($states.errorOutput.Cause) %}',
            },
            Next: 'Caught',
          },
        ],
        End: true,
      },
      Caught: { Type: 'Succeed' },
    },
  });
  const ended = await waitForEnd(c, await start(c, parent));
  expect(ended.status).toBe('SUCCEEDED');
  const output = JSON.parse(ended.output ?? '{}') as { error: string; child: Record<string, unknown> };
  expect(output.error).toBe('States.TaskFailed');
  expect(output.child).toMatchObject({
    Status: 'FAILED',
    Error: 'OutOfStock',
    Cause: 'none left',
    Input: { n: 1 },
    StateMachineArn: child,
  });
  expect(output.child.ExecutionArn).toEqual(expect.stringContaining(':express:'));
  expect(Number(output.child.StopDate)).toBeGreaterThanOrEqual(Number(output.child.StartDate));
});

/** A child machine that waits an hour, and a parent that runs it with `.sync:2` (optionally with a task timeout). */
async function slowChildAndParent(timeoutSeconds?: number) {
  const child = await createMachine(c, {
    StartAt: 'Hold',
    States: { Hold: { Type: 'Wait', Seconds: 3600, End: true } },
  });
  const childName = `child-${randomUUID()}`;
  const parent = await syncParent(
    child,
    { Name: childName },
    timeoutSeconds === undefined ? {} : { TimeoutSeconds: timeoutSeconds },
  );
  return { parent, childArn: `${child.replace(':stateMachine:', ':execution:')}:${childName}` };
}

/** A parent whose one Task runs `child` with `.sync:2` (its input `{}`), with more Parameters or Task fields. */
function syncParent(child: string, parameters: object = {}, task: object = {}): Promise<string> {
  return createMachine(c, {
    StartAt: 'Child',
    States: {
      Child: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Parameters: { StateMachineArn: child, Input: {}, ...parameters },
        ...task,
        End: true,
      },
    },
  });
}

/** Polls DescribeExecution until the execution exists and is RUNNING. */
async function running(executionArn: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    const status = await c.sfn
      .send(new DescribeExecutionCommand({ executionArn }))
      .then((d) => d.status)
      .catch(() => undefined);
    if (status === 'RUNNING') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${executionArn} never ran`);
}

it('stopping a parent stops its .sync child execution (connect-to-resource.html "Run a Job (.sync)"; stepfunctions-iam.html)', async () => {
  const { parent, childArn } = await slowChildAndParent();
  const parentArn = await start(c, parent);
  await running(childArn);
  await c.sfn.send(
    new StopExecutionCommand({ executionArn: parentArn, error: 'Operator', cause: 'stopped by a test' }),
  );
  expect((await waitForEnd(c, parentArn)).status).toBe('ABORTED');
  expect((await waitForEnd(c, childArn)).status).toBe('ABORTED');
});

it('stopping a parent leaves its Express .sync child running to its end: StopExecution does not support Express executions (API_StopExecution.html; stepfunctions-iam.html)', async () => {
  const table = c.runtime.stack.tableName('ItemsTable');
  const pk = { S: `ITEM#late-${randomUUID()}` };
  const child = await createMachine(
    c,
    {
      StartAt: 'Hold',
      States: {
        Hold: { Type: 'Wait', Seconds: 1, Next: 'Write' },
        Write: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName: table, Item: { pk, name: { S: 'written after the parent stopped' } } },
          End: true,
        },
      },
    },
    'EXPRESS',
  );
  const parentArn = await start(c, await syncParent(child));
  for (let i = 0; i < 400 && !(await history(c, parentArn)).some((e) => e.type === 'TaskSubmitted'); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await c.sfn.send(new StopExecutionCommand({ executionArn: parentArn }));
  expect((await waitForEnd(c, parentArn)).status).toBe('ABORTED');
  const read = () =>
    c.runtime.stack.documentClient.send(new GetCommand({ TableName: table, Key: { pk: pk.S } })).then((r) => r.Item);
  expect(await read()).toBeUndefined();
  let item = await read();
  for (let i = 0; i < 200 && item === undefined; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    item = await read();
  }
  expect(item?.name).toBe('written after the parent stopped');
});

it('a .sync task that times out fails with States.Timeout and its child execution is stopped (state-task.html; connect-to-resource.html)', async () => {
  const { parent, childArn } = await slowChildAndParent(1);
  const ended = await waitForEnd(c, await start(c, parent));
  expect(ended).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  expect((await waitForEnd(c, childArn)).status).toBe('ABORTED');
});

it('StartExecution refuses an input over 256 KiB of UTF-8 with ValidationException (API_StartExecution.html; service-quotas.html)', async () => {
  const arn = await createMachine(c, { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  // 131,073 two-byte characters: under 262,144 characters, over 262,144 bytes.
  const input = JSON.stringify({ text: 'é'.repeat(131_073) });
  const refused = c.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input }));
  expect(await errorOf(refused)).toBe('ValidationException');
  const fits = JSON.stringify({ text: 'x'.repeat(200_000) });
  const started = await c.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: fits }));
  expect((await waitForEnd(c, started.executionArn ?? '')).status).toBe('SUCCEEDED');
});

it('a Map state records MapStateStarted with its length, each iteration, then MapStateSucceeded or MapStateFailed (API_HistoryEvent.html; state-map-inline.html)', async () => {
  const map = (iteration: object) => ({
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        InputPath: '$.order',
        ItemsPath: '$.lines',
        ItemProcessor: { StartAt: 'Line', States: { Line: iteration } },
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Caught' }],
        End: true,
      },
      Caught: { Type: 'Pass', End: true },
    },
  });
  const input = { order: { lines: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }] } };
  const ok = await waitForEnd(c, await start(c, await createMachine(c, map({ Type: 'Pass', End: true })), input));
  const events = await history(c, ok.executionArn ?? '');
  const types = events.map((e) => e.type);
  expect(events.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 3 });
  const started = events.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails);
  expect(started).toEqual(expect.arrayContaining([0, 1, 2].map((index) => ({ name: 'Each', index }))));
  expect(types.filter((t) => t === 'MapIterationSucceeded')).toHaveLength(3);
  expect(types.slice(-3)).toEqual(['MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);

  const failing = map({ Type: 'Fail', Error: 'LineRefused', Cause: 'no stock' });
  const caught = await waitForEnd(c, await start(c, await createMachine(c, failing), input));
  const caughtTypes = (await history(c, caught.executionArn ?? '')).map((e) => e.type);
  expect(caughtTypes).toContain('MapIterationFailed');
  expect(caughtTypes).toContain('MapStateFailed');
  expect(caughtTypes).not.toContain('MapStateSucceeded');
  expect(JSON.parse(caught.output ?? '{}')).toMatchObject({ failure: { Error: 'LineRefused' } });
});

it('StartSyncExecution runs an EXPRESS machine to the end; a STANDARD one is StateMachineTypeNotSupported (API_StartSyncExecution.html)', async () => {
  const definition = { StartAt: 'P', States: { P: { Type: 'Pass', Result: { ok: true }, End: true } } };
  const express = await createMachine(c, definition, 'EXPRESS');
  const answer = await c.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express, input: '{}' }));
  expect(answer).toMatchObject({ status: 'SUCCEEDED', output: '{"ok":true}' });
  expect(answer.executionArn).toContain(':express:');
  expect(answer.billingDetails?.billedDurationInMilliseconds).toBeGreaterThanOrEqual(100);
  const standard = await createMachine(c, definition);
  expect(await errorOf(c.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard })))).toBe(
    'StateMachineTypeNotSupported',
  );
});
