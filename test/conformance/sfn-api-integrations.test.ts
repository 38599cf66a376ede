/**
 * Task integrations of locally created state machines, through `@aws-sdk/client-sfn` only: a Lambda
 * error's Cause as AWS builds it (parsed with States.StringToJson in a Catch), DynamoDB items,
 * nested executions and Express workflows. Each test names the page it follows in the Step
 * Functions Developer Guide (https://docs.aws.amazon.com/step-functions/latest/dg/<page>) or the
 * API Reference (https://docs.aws.amazon.com/step-functions/latest/apireference/<page>).
 */
import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
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
        Resource: c.functionArn('reserveInventory'),
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
        Parameters: { FunctionName: c.functionArn('reserveInventory'), Payload: { orderId: 'not-an-order' } },
        Catch: catchAll,
        End: true,
      },
      Parse: parseCause,
    },
  });
  const ended = await waitForEnd(c, await start(c, arn));
  const parsed = JSON.parse(ended.output ?? '{}') as Parsed;
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
  const table = `${c.prefix}-inventory`;
  const key = { pk: { S: 'SKU#SKU-MOUSE' } };
  const arn = await createMachine(c, {
    StartAt: 'Get',
    States: {
      Get: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:getItem',
        Parameters: { TableName: table, Key: key },
        ResultSelector: { 'sku.$': '$.Item.sku.S' },
        ResultPath: '$.got',
        Next: 'PutNew',
      },
      PutNew: {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        Parameters: {
          TableName: table,
          Item: { pk: key.pk, sku: { S: 'SKU-MOUSE' } },
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
    got: { sku: string };
    failure: { Error: string; Cause: string };
  };
  expect(output.got).toEqual({ sku: 'SKU-MOUSE' });
  expect(output.failure.Error).toBe('DynamoDB.ConditionalCheckFailedException');
  expect(output.failure.Cause).toMatch(/Service: DynamoDb, Status Code: 400/);
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
