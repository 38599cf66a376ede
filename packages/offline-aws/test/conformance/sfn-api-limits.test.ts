/**
 * The documented constraints of request members (the "Length Constraints", "Pattern" and "Valid
 * Values" under each request parameter of the API Reference,
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_<Operation>.html), through
 * `@aws-sdk/client-sfn` only: a value at the limit is taken, one past it is a ValidationException in
 * the service's words, and a refused call changes nothing (the task stays open, the execution runs on).
 */
import {
  CreateStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  UntagResourceCommand,
  type IncludedData,
} from '@aws-sdk/client-sfn';
import {
  callbackTask,
  createMachine,
  errorOf,
  history,
  nextToken,
  start,
  startConformance,
  waitForEnd,
  type Conformance,
} from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

/** An execution of a machine waiting for its callback task's token, and the token. */
async function waitingTask(): Promise<{ executionArn: string; taskToken: string }> {
  const arn = await createMachine(c, {
    StartAt: 'Ask',
    States: { Ask: callbackTask(c, { End: true }) },
  });
  const executionArn = await start(c, arn);
  return { executionArn, taskToken: await nextToken(c, executionArn) };
}

/** The error a call is refused with: its code and message. */
async function refusal(call: Promise<unknown>): Promise<{ name: string; message: string } | 'no error'> {
  try {
    await call;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  return 'no error';
}

const tooLong = (field: string, max: number, value?: string) => ({
  name: 'ValidationException',
  message: `1 validation error detected: Value ${value === undefined ? '' : `'${value}' `}at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
});

/** The execution still runs and its task has not ended: nothing of a refused answer was taken. */
async function stillWaiting(executionArn: string): Promise<void> {
  expect((await c.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
  const types = (await history(c, executionArn)).map((e) => e.type);
  expect(types.at(-1)).toBe('TaskSubmitted');
}

it('SendTaskSuccess: an output over 262,144 bytes of UTF-8 is a ValidationException and the task stays open; 262,144 bytes complete it (API_SendTaskSuccess.html)', async () => {
  const { executionArn, taskToken } = await waitingTask();
  // `é` is 2 bytes of UTF-8: the payload's size counts, not its 131,073 characters.
  const atLimit = JSON.stringify('é'.repeat(131_071));
  expect(Buffer.byteLength(atLimit, 'utf8')).toBe(262_144);
  const over = JSON.stringify(`${'é'.repeat(131_071)}a`);
  expect(await refusal(c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: over })))).toEqual(
    tooLong('output', 262_144),
  );
  await stillWaiting(executionArn);
  await c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: atLimit }));
  expect(await waitForEnd(c, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: atLimit });
});

it('SendTaskFailure: an error over 256 or a cause over 32,768 characters is a ValidationException naming each, and the task stays open; at the limits it fails the task (API_SendTaskFailure.html)', async () => {
  const { executionArn, taskToken } = await waitingTask();
  const fail = (error?: string, cause?: string) =>
    refusal(c.sfn.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  expect(await fail('E'.repeat(257))).toEqual(tooLong('error', 256));
  expect(await fail(undefined, 'c'.repeat(32_769))).toEqual(tooLong('cause', 32_768));
  expect(await fail('E'.repeat(257), 'c'.repeat(32_769))).toEqual({
    name: 'ValidationException',
    message:
      "2 validation errors detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256; " +
      "Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768",
  });
  await stillWaiting(executionArn);
  expect(await fail('E'.repeat(256), 'c'.repeat(32_768))).toBe('no error');
  expect(await waitForEnd(c, executionArn)).toMatchObject({
    status: 'FAILED',
    error: 'E'.repeat(256),
    cause: 'c'.repeat(32_768),
  });
});

it('StopExecution: an error over 256 or a cause over 32,768 characters is a ValidationException and the execution runs on; at the limits it stops (API_StopExecution.html)', async () => {
  const arn = await createMachine(c, { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } });
  const executionArn = await start(c, arn);
  const stop = (error?: string, cause?: string) =>
    refusal(c.sfn.send(new StopExecutionCommand({ executionArn, error, cause })));
  expect(await stop('E'.repeat(257))).toEqual(tooLong('error', 256));
  expect(await stop(undefined, 'c'.repeat(32_769))).toEqual(tooLong('cause', 32_768));
  expect((await c.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
  expect(await stop('E'.repeat(256), 'c'.repeat(32_768))).toBe('no error');
  expect(await waitForEnd(c, executionArn)).toMatchObject({
    status: 'ABORTED',
    error: 'E'.repeat(256),
    cause: 'c'.repeat(32_768),
  });
});

it('a taskToken is 1–2048 characters: longer or empty is a ValidationException quoting it, 2048 characters reach the token check (API_SendTaskSuccess.html, API_SendTaskFailure.html, API_SendTaskHeartbeat.html)', async () => {
  const answers = [
    (taskToken: string) => c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })),
    (taskToken: string) => c.sfn.send(new SendTaskFailureCommand({ taskToken })),
    (taskToken: string) => c.sfn.send(new SendTaskHeartbeatCommand({ taskToken })),
  ];
  const long = 'A'.repeat(2049);
  for (const answer of answers) {
    expect(await refusal(answer(long))).toEqual(tooLong('taskToken', 2048, long));
    expect(await refusal(answer(''))).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '' at 'taskToken' failed to satisfy constraint: Member must have length greater than or equal to 1",
    });
    expect(await errorOf(answer('A'.repeat(2048)))).toBe('InvalidToken');
  }
});

it('ARNs, names, trace headers, page tokens, included data and tag keys within their documented constraints, checked before the resource is looked up (API_StartExecution.html, API_CreateStateMachine.html, API_DescribeExecution.html, API_DescribeMapRun.html, API_DeleteStateMachineVersion.html, API_ListExecutions.html, API_ListStateMachines.html, API_GetExecutionHistory.html, API_UntagResource.html)', async () => {
  const { region, accountId } = c.runtime.stack.config;
  const stateMachineArn = await createMachine(c, { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  /** An ARN of exactly `length` characters (its last part padded). */
  const arnOf = (prefix: string, length: number) => `${prefix}${'x'.repeat(length - prefix.length)}`;
  const executionArn = (length: number) => arnOf(`arn:aws:states:${region}:${accountId}:execution:m:`, length);
  const mapRunArn = (length: number) => arnOf(`arn:aws:states:${region}:${accountId}:mapRun:m/map:`, length);
  const versionArn = (length: number) =>
    `${arnOf(`arn:aws:states:${region}:${accountId}:stateMachine:`, length - 2)}:1`;
  const name = (length: number) => 'n'.repeat(length);

  // [what, a call with the member `size` characters long, its limit, the member's path]
  const cases: [string, (size: number) => Promise<unknown>, number, string][] = [
    [
      'StartExecution name',
      (size) => c.sfn.send(new StartExecutionCommand({ stateMachineArn, name: name(size) })),
      80,
      'name',
    ],
    [
      'StartExecution traceHeader',
      (size) => c.sfn.send(new StartExecutionCommand({ stateMachineArn, traceHeader: name(size) })),
      256,
      'traceHeader',
    ],
    [
      'CreateStateMachine name',
      (size) =>
        c.sfn.send(
          new CreateStateMachineCommand({
            name: name(size),
            definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
            roleArn: c.roleArn,
          }),
        ),
      80,
      'name',
    ],
    [
      'DescribeExecution executionArn',
      (size) => c.sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(size) })),
      256,
      'executionArn',
    ],
    [
      'DescribeMapRun mapRunArn',
      (size) => c.sfn.send(new DescribeMapRunCommand({ mapRunArn: mapRunArn(size) })),
      2000,
      'mapRunArn',
    ],
    [
      'DeleteStateMachineVersion stateMachineVersionArn',
      (size) => c.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: versionArn(size) })),
      2000,
      'stateMachineVersionArn',
    ],
    [
      'ListExecutions nextToken',
      (size) => c.sfn.send(new ListExecutionsCommand({ stateMachineArn, nextToken: name(size) })),
      3096,
      'nextToken',
    ],
    [
      'ListStateMachines nextToken',
      (size) => c.sfn.send(new ListStateMachinesCommand({ nextToken: name(size) })),
      1024,
      'nextToken',
    ],
    [
      'GetExecutionHistory nextToken',
      (size) => c.sfn.send(new GetExecutionHistoryCommand({ executionArn: executionArn(100), nextToken: name(size) })),
      1024,
      'nextToken',
    ],
    [
      'UntagResource tagKeys',
      (size) => c.sfn.send(new UntagResourceCommand({ resourceArn: stateMachineArn, tagKeys: [name(size)] })),
      128,
      'tagKeys.1.member',
    ],
  ];
  for (const [what, call, limit, field] of cases) {
    const atLimit = await refusal(call(limit));
    expect({ what, atLimit: atLimit === 'no error' ? atLimit : atLimit.name }).not.toEqual({
      what,
      atLimit: 'ValidationException',
    });
    const over = await refusal(call(limit + 1));
    expect({ what, over }).toEqual({
      what,
      over: {
        name: 'ValidationException',
        message: expect.stringMatching(
          new RegExp(
            `^1 validation error detected: Value '[^']{${limit + 1}}' at '${field.replaceAll('.', '\\.')}' failed to satisfy constraint: Member must have length less than or equal to ${limit}$`,
          ),
        ) as string,
      },
    });
  }

  expect(await refusal(c.sfn.send(new StartExecutionCommand({ stateMachineArn, traceHeader: 'Root=é' })))).toEqual({
    name: 'ValidationException',
    message:
      "1 validation error detected: Value 'Root=é' at 'traceHeader' failed to satisfy constraint: Member must satisfy regular expression pattern: \\p{ASCII}*",
  });
  const everything = 'EVERYTHING' as IncludedData;
  expect(
    await refusal(
      c.sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(100), includedData: everything })),
    ),
  ).toEqual({
    name: 'ValidationException',
    message:
      "1 validation error detected: Value 'EVERYTHING' at 'includedData' failed to satisfy constraint: Member must satisfy enum value set: [ALL_DATA, METADATA_ONLY]",
  });
});
