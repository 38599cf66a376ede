/**
 * Nothing a definition, an input or an API call does can stop the process: callback tasks timing
 * out from TimeoutSecondsPath / HeartbeatSecondsPath (state-task.html), malformed task tokens
 * (API_SendTaskSuccess.html: InvalidToken), deeply nested execution input (StartExecution takes up
 * to 256 KiB: service-quotas.html) and malformed requests each get their answer, and the stack
 * still answers afterwards.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { ANSWERING, dynamoDbClient, oneTask, runMachine, stillAnswers } from './resilience-support';
import { createMachine, errorOf, nextToken, startConformance, waitForEnd, type Conformance } from './sfn-client';

let c: Conformance;
let dynamoDb: DynamoDBClient;
beforeAll(async () => {
  c = await startConformance();
  dynamoDb = dynamoDbClient(c);
}, 240_000);
afterAll(async () => {
  dynamoDb?.destroy();
  await c?.runtime.stop();
});
afterEach(async () => {
  expect(await stillAnswers(c, dynamoDb)).toEqual(ANSWERING);
});

const callback = (extra: object) =>
  oneTask(
    'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    { QueueUrl: c.queueUrl, MessageBody: { 'token.$': '$$.Task.Token' } },
    extra,
  );

it('a callback task past its TimeoutSecondsPath (1 s) fails with States.Timeout', async () => {
  const ended = await runMachine(c, callback({ TimeoutSecondsPath: '$.t' }), { t: 1 });
  expect(ended).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
});

it('a callback task without a heartbeat within HeartbeatSecondsPath (1 s) fails with States.HeartbeatTimeout', async () => {
  const ended = await runMachine(c, callback({ HeartbeatSecondsPath: '$.h', TimeoutSeconds: 30 }), { h: 1 });
  expect(ended).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
});

// setTimeout holds at most 2^31 - 1 ms (24.8 days) and fires at once past it; AWS takes up to
// 99999999 seconds (state-task.html).
it('a callback task with HeartbeatSeconds of 99999999 waits for its answer', async () => {
  const arn = await createMachine(c, callback({ HeartbeatSeconds: 99_999_999, TimeoutSeconds: 99_999_999 }));
  const started = await c.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
  const executionArn = started.executionArn ?? '';
  const taskToken = await nextToken(c, executionArn);
  await c.sfn.send(new SendTaskHeartbeatCommand({ taskToken }));
  await c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"answered":true}' }));
  expect(await waitForEnd(c, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"answered":true}' });
});

it.each([
  ['not a token', 'garbage'],
  ['empty-looking', ' '],
  ['base64 of nothing we issued', Buffer.from('{"a":1}').toString('base64')],
  ['very long', 'x'.repeat(1024)],
])(
  'a malformed task token (%s) is InvalidToken for SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat',
  async (_, taskToken) => {
    expect(await errorOf(c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })))).toBe('InvalidToken');
    expect(await errorOf(c.sfn.send(new SendTaskFailureCommand({ taskToken })))).toBe('InvalidToken');
    expect(await errorOf(c.sfn.send(new SendTaskHeartbeatCommand({ taskToken })))).toBe('InvalidToken');
  },
);

/** `[[[…{"leaf":true}…]]]`, `depth` arrays deep. */
const nested = (depth: number): string => `${'['.repeat(depth)}{"leaf":true}${']'.repeat(depth)}`;

const copy = {
  StartAt: 'Copy',
  States: { Copy: { Type: 'Pass', Parameters: { 'deep.$': '$.deep' }, ResultPath: '$.copy', End: true } },
};

it('an input nested 1,000 levels deep runs; DescribeExecution and the history answer with it', async () => {
  const arn = await createMachine(c, copy);
  // The outer object, 998 arrays and the leaf object: 1,000 levels in all.
  const input = `{"deep":${nested(998)}}`;
  const started = await c.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input }));
  const ended = await waitForEnd(c, started.executionArn ?? '');
  expect(ended.status).toBe('SUCCEEDED');
  expect(JSON.parse(ended.input ?? '')).toEqual(JSON.parse(input));
  const events = await c.sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn }));
  expect(events.events?.map((e) => e.type)).toEqual([
    'ExecutionStarted',
    'PassStateEntered',
    'PassStateExited',
    'ExecutionSucceeded',
  ]);
});

it.each([1_001, 10_000, 100_000])(
  'an input nested %i levels deep (within 256 KiB) is refused by name: InvalidExecutionInput, an offline limit',
  async (depth) => {
    const arn = await createMachine(c, copy);
    // The raw text, as a client sends it (a JSON.stringify of it would overflow this test's own stack).
    const input = `{"deep":${nested(depth)}}`;
    const refused = c.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input }));
    await expect(refused).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
      message: expect.stringMatching(/nested deeper than 1000 levels/) as unknown,
    });
  },
);

it('a nested execution given such an input fails its task with StepFunctions.InvalidExecutionInputException', async () => {
  const child = await createMachine(c, copy);
  const ended = await runMachine(
    c,
    oneTask('arn:aws:states:::states:startExecution', { StateMachineArn: child, Input: `{"deep":${nested(5_000)}}` }),
  );
  expect(ended).toMatchObject({ status: 'FAILED', error: 'StepFunctions.InvalidExecutionInputException' });
});

it('SendTaskSuccess with an output nested too deep is InvalidOutput, and the task still waits for a good one', async () => {
  const arn = await createMachine(c, callback({}));
  const executionArn =
    (await c.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }))).executionArn ?? '';
  const taskToken = await nextToken(c, executionArn);
  const deep = c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: nested(10_000) }));
  await expect(deep).rejects.toMatchObject({ name: 'InvalidOutput' });
  await c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{"ok":true}' }));
  expect(await waitForEnd(c, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"ok":true}' });
});

it.each([
  [
    'JSONPath States.StringToJson',
    { Type: 'Pass', Parameters: { 'v.$': 'States.StringToJson($.s)' }, End: true },
    'States.IntrinsicFailure',
    /nested too deep for the offline runtime/,
  ],
  [
    'JSONata $parse',
    { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% {"v": $parse($states.input.s)} %}', End: true },
    'States.Runtime',
    /Maximum call stack size exceeded/,
  ],
])(
  '%s of a string nested 20,000 levels deep fails its execution by name, not the process',
  async (_, state, error, cause) => {
    const ended = await runMachine(c, { StartAt: 'Parse', States: { Parse: state } }, { s: nested(20_000) });
    expect(ended).toMatchObject({ status: 'FAILED', error });
    expect(ended.cause).toMatch(cause);
  },
);

// A pattern with many stars once took V8's regex backtracking seconds for 50 characters, blocking
// the whole process; the choice-rules page defines only `*` and its escapes (state-choice.html).
it('StringMatches with many stars on a long value is decided, and the process keeps answering', async () => {
  const choice = (value: string) =>
    runMachine(
      c,
      {
        StartAt: 'Match',
        States: {
          Match: {
            Type: 'Choice',
            Choices: [{ Variable: '$.v', StringMatches: '*a*a*a*a*a*a*a*a*b', Next: 'Yes' }],
            Default: 'No',
          },
          Yes: { Type: 'Succeed' },
          No: { Type: 'Fail', Error: 'No.Match' },
        },
      },
      { v: value },
    );
  expect(await choice('a'.repeat(100_000))).toMatchObject({ status: 'FAILED', error: 'No.Match' });
  expect(await choice(`${'a'.repeat(100_000)}b`)).toMatchObject({ status: 'SUCCEEDED' });
});

/** A definition whose Pass state's Parameters nest `depth` objects. */
const deepParameters = (depth: number) =>
  `{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"End":true}}}`;

/** A definition of `depth` Parallel states, each the only state of the one branch of the one above. */
function nestedParallels(depth: number): string {
  let branch = '{"StartAt":"L","States":{"L":{"Type":"Pass","End":true}}}';
  for (let i = 0; i < depth; i += 1)
    branch = `{"StartAt":"P${i}","States":{"P${i}":{"Type":"Parallel","Branches":[${branch}],"End":true}}}`;
  return branch;
}

const create = (name: string, definition: string) =>
  c.sfn.send(new CreateStateMachineCommand({ name: `${name}-${Date.now()}`, definition, roleArn: c.roleArn }));

it.each([
  ['Parameters nested 2,000 levels', deepParameters(2_000), /nested deeper than 1000 levels/],
  ['Parameters nested 100,000 levels', deepParameters(100_000), /nested deeper than 1000 levels/],
  ['16 nested Parallel states', nestedParallels(16), /Parallel states nested more than 15 deep/],
  ['40 nested Parallel states', nestedParallels(40), /Parallel states nested more than 15 deep/],
])('CreateStateMachine refuses %s by name (InvalidDefinition)', async (_, definition, message) => {
  await expect(create('deep', definition)).rejects.toMatchObject({
    name: 'InvalidDefinition',
    message: expect.stringMatching(message) as unknown,
  });
});

it.each([
  ['Parameters nested 990 levels', deepParameters(990)],
  ['15 nested Parallel states', nestedParallels(15)],
])('CreateStateMachine takes %s, and the machine runs', async (_, definition) => {
  const made = await create('deep-ok', definition);
  const started = await c.sfn.send(new StartExecutionCommand({ stateMachineArn: made.stateMachineArn, input: '{}' }));
  expect(await waitForEnd(c, started.executionArn ?? '')).toMatchObject({ status: 'SUCCEEDED' });
});

it.each([
  ['ListStateMachines', 'a field nested 100,000 levels', 200, undefined, `{"extra":${nested(100_000)}}`],
  [
    'StartExecution',
    'an ARN nested 100,000 levels',
    400,
    'ValidationException',
    `{"stateMachineArn":${nested(100_000)}}`,
  ],
  [
    'SendTaskSuccess',
    'a token nested 100,000 levels',
    400,
    'ValidationException',
    `{"taskToken":${nested(100_000)},"output":"{}"}`,
  ],
  ['ListStateMachines', 'an array body', 400, 'SerializationException', '[1,2,3]'],
  ['NoSuchOperation', 'an empty body', 400, 'UnknownOperationException', '{}'],
])('%s with %s is answered %i %s', async (operation, _, status, type, body) => {
  const response = await fetch(process.env.AWS_ENDPOINT_URL_SFN ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
    body,
  });
  expect(response.status).toBe(status);
  const answer = (await response.json()) as { __type?: string };
  expect(answer.__type).toBe(type);
});
