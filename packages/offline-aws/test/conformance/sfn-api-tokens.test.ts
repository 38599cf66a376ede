/**
 * Task tokens of callback tasks (`.waitForTaskToken`) through `@aws-sdk/client-sfn` only: one token
 * per attempt, per task, heartbeats, and the errors of SendTaskSuccess / SendTaskFailure /
 * SendTaskHeartbeat (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html,
 * API_SendTaskFailure.html, API_SendTaskHeartbeat.html). The token reaches the test the way it
 * reaches a worker: in the message the task sends, read here from the TaskScheduled parameters.
 */
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StopExecutionCommand,
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

const callback = (extra: object = {}) => callbackTask(c, extra);

const succeed = (taskToken: string, output: unknown) =>
  c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));

it('each attempt gets its own token; a stale one gets TaskTimedOut and completes nothing (API_SendTaskSuccess.html)', async () => {
  const arn = await createMachine(c, {
    StartAt: 'Ask',
    States: {
      Ask: callback({ Retry: [{ ErrorEquals: ['Try.Again'], MaxAttempts: 1, IntervalSeconds: 1 }], End: true }),
    },
  });
  const executionArn = await start(c, arn);
  const first = await nextToken(c, executionArn);
  expect(first.length).toBeLessThanOrEqual(1024);
  await c.sfn.send(new SendTaskFailureCommand({ taskToken: first, error: 'Try.Again', cause: 'once more' }));
  const second = await nextToken(c, executionArn, [first]);
  expect(second).not.toBe(first);
  expect(await errorOf(succeed(first, { from: 'first' }))).toBe('TaskTimedOut');
  await succeed(second, { from: 'second' });
  const ended = await waitForEnd(c, executionArn);
  expect(ended.status).toBe('SUCCEEDED');
  expect(JSON.parse(ended.output ?? '')).toEqual({ from: 'second' });
  expect(await errorOf(succeed(second, { again: true }))).toBe('TaskTimedOut');
  const types = (await history(c, executionArn)).map((e) => e.type);
  expect(types).toEqual([
    'ExecutionStarted',
    'TaskStateEntered',
    'TaskScheduled',
    'TaskStarted',
    'TaskSubmitted',
    'TaskFailed',
    'TaskScheduled',
    'TaskStarted',
    'TaskSubmitted',
    'TaskSucceeded',
    'TaskStateExited',
    'ExecutionSucceeded',
  ]);
});

it('stopping an execution that waits for a token ends its history with TaskStateAborted and ExecutionAborted; the closed token is TaskTimedOut (API_StopExecution.html; API_SendTaskSuccess.html)', async () => {
  const arn = await createMachine(c, { StartAt: 'Ask', States: { Ask: callback({ End: true }) } });
  const executionArn = await start(c, arn);
  const token = await nextToken(c, executionArn);
  await c.sfn.send(new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'no answer needed' }));
  expect((await waitForEnd(c, executionArn)).status).toBe('ABORTED');
  expect(await errorOf(succeed(token, { late: true }))).toBe('TaskTimedOut');
  const types = (await history(c, executionArn)).map((e) => e.type);
  // The abandoned task records nothing after the stop (no TaskFailed of its closed token).
  expect(types.slice(-2)).toEqual(['TaskStateAborted', 'ExecutionAborted']);
  expect(types).not.toContain('TaskFailed');
});

it('two callbacks in a Parallel each get their own token (API_SendTaskSuccess.html)', async () => {
  const arn = await createMachine(c, {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Left', States: { Left: callback({ End: true }) } },
          { StartAt: 'Right', States: { Right: callback({ End: true }) } },
        ],
        End: true,
      },
    },
  });
  const executionArn = await start(c, arn);
  const one = await nextToken(c, executionArn);
  const two = await nextToken(c, executionArn, [one]);
  const scheduled = (await history(c, executionArn)).filter((e) => e.type === 'TaskScheduled');
  const stateOf = (token: string) =>
    scheduled.find((e) => e.taskScheduledEventDetails?.parameters?.includes(token))?.previousEventId;
  expect(stateOf(one)).not.toBe(stateOf(two));
  await succeed(two, { answer: 2 });
  await succeed(one, { answer: 1 });
  const ended = await waitForEnd(c, executionArn);
  expect(ended.status).toBe('SUCCEEDED');
  const outputs = JSON.parse(ended.output ?? '[]') as { answer: number }[];
  expect(outputs.map((o) => o.answer).sort()).toEqual([1, 2]);
  const types = (await history(c, executionArn)).map((e) => e.type);
  expect(types.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
  expect(types.slice(-3)).toEqual(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']);
});

it('without a heartbeat in HeartbeatSeconds the task fails with States.HeartbeatTimeout; heartbeats keep it alive (API_SendTaskHeartbeat.html)', async () => {
  const arn = await createMachine(c, { StartAt: 'Ask', States: { Ask: callback({ HeartbeatSeconds: 1, End: true }) } });
  const silent = await start(c, arn);
  const silentToken = await nextToken(c, silent);
  const failed = await waitForEnd(c, silent);
  expect(failed).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
  expect((await history(c, silent)).map((e) => e.type)).toContain('TaskTimedOut');
  expect(await errorOf(c.sfn.send(new SendTaskHeartbeatCommand({ taskToken: silentToken })))).toBe('TaskTimedOut');

  const alive = await start(c, arn);
  const token = await nextToken(c, alive);
  // 1.6 s in all, past HeartbeatSeconds, a beat every 200 ms: a loaded machine's timer lag stays inside the second.
  for (let beat = 0; beat < 8; beat += 1) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await c.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
  }
  await succeed(token, { alive: true });
  expect(await waitForEnd(c, alive)).toMatchObject({ status: 'SUCCEEDED', output: '{"alive":true}' });
});

it('a malformed token is InvalidToken, an unknown one TaskDoesNotExist, output that is not JSON InvalidOutput (API_SendTaskSuccess.html)', async () => {
  expect(await errorOf(succeed('not-a-token', {}))).toBe('InvalidToken');
  expect(await errorOf(succeed('x'.repeat(1025), {}))).toBe('InvalidToken');
  expect(await errorOf(succeed(`AQ${'A'.repeat(86)}`, {}))).toBe('TaskDoesNotExist');
  const arn = await createMachine(c, { StartAt: 'Ask', States: { Ask: callback({ End: true }) } });
  const executionArn = await start(c, arn);
  const token = await nextToken(c, executionArn);
  expect(await errorOf(c.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{nope' })))).toBe(
    'InvalidOutput',
  );
  await c.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Worker.Failed', cause: 'no luck' }));
  expect(await waitForEnd(c, executionArn)).toMatchObject({
    status: 'FAILED',
    error: 'Worker.Failed',
    cause: 'no luck',
  });
});

it('TimeoutSecondsPath is read from the state input: a callback task times out with States.Timeout; a path that resolves to nothing fails the execution, never the process (concepts-error-handling.html)', async () => {
  const arn = await createMachine(c, {
    StartAt: 'Ask',
    // Parameters leave `t` out: the path must be read from the state input, not the task's input.
    States: { Ask: callback({ TimeoutSecondsPath: '$.t', End: true }) },
  });
  const timedOut = await waitForEnd(c, await start(c, arn, { t: 1 }));
  expect(timedOut).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  const stopDate = timedOut.stopDate?.getTime() ?? 0;
  // About the 1 s the input names, not at once: the two dates are taken by different clocks' reads
  // (and a timer may fire a millisecond early against them), so a margin below 1,000 ms.
  expect(stopDate - (timedOut.startDate?.getTime() ?? 0)).toBeGreaterThanOrEqual(900);

  for (const input of [{}, { t: 'soon' }, { t: 0 }]) {
    const ended = await waitForEnd(c, await start(c, arn, input));
    expect({ input, status: ended.status, error: ended.error }).toEqual({
      input,
      status: 'FAILED',
      error: 'States.Runtime',
    });
  }
  // The stack still answers.
  const again = await waitForEnd(c, await start(c, arn, { t: 1 }));
  expect(again.error).toBe('States.Timeout');
});
