/**
 * RedriveExecution through `@aws-sdk/client-sfn` only
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): an ended execution
 * continues from the state it failed in, with that state's input and the variables as they were,
 * under the same ARN; its history goes on after an ExecutionRedriven event; a Parallel redrives only
 * the branches that did not succeed, an inline Map only the iterations. DescribeExecution
 * (API_DescribeExecution.html) and ListExecutions (API_ListExecutions.html) report the redrives.
 * What fails once and succeeds on the redrive is a callback task (`.waitForTaskToken`) the test
 * answers with SendTaskFailure, then SendTaskSuccess.
 */
import {
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StopExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import {
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

/** A callback task sending its token (and `label`) in an SQS message to the fixture's queue. */
const callback = (label: string, extra: object = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
  Parameters: { QueueUrl: c.queueUrl, MessageBody: { label, 'token.$': '$$.Task.Token' } },
  ...extra,
});

const succeed = (taskToken: string, output: unknown) =>
  c.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
const fail = (taskToken: string) =>
  c.sfn.send(new SendTaskFailureCommand({ taskToken, error: 'Not.Yet', cause: 'try again later' }));
const redrive = (executionArn: string, clientToken?: string) =>
  c.sfn.send(new RedriveExecutionCommand({ executionArn, ...(clientToken ? { clientToken } : {}) }));
const describe_ = (executionArn: string) => c.sfn.send(new DescribeExecutionCommand({ executionArn }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The tokens sent so far, by the label of the task that sent them, oldest first. */
async function tokensByLabel(executionArn: string): Promise<Map<string, string[]>> {
  const byLabel = new Map<string, string[]>();
  for (const event of await history(c, executionArn)) {
    const parameters = event.taskScheduledEventDetails?.parameters;
    if (!parameters) continue;
    const body = (JSON.parse(parameters) as { MessageBody: { label: string; token: string } }).MessageBody;
    byLabel.set(body.label, [...(byLabel.get(body.label) ?? []), body.token]);
  }
  return byLabel;
}

/** Polls the history until `count` tokens of each label were sent. */
async function waitForTokens(executionArn: string, count: Record<string, number>): Promise<Map<string, string[]>> {
  for (let i = 0; i < 400; i += 1) {
    const tokens = await tokensByLabel(executionArn);
    if (Object.entries(count).every(([label, n]) => (tokens.get(label)?.length ?? 0) >= n)) return tokens;
    await sleep(25);
  }
  throw new Error(`${executionArn}: tokens ${JSON.stringify(count)} never sent`);
}

/** Polls the history until `predicate` holds for one of its events. */
async function waitForEvent(executionArn: string, predicate: (event: HistoryEvent) => boolean): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if ((await history(c, executionArn)).some(predicate)) return;
    await sleep(25);
  }
  throw new Error(`${executionArn}: the awaited event never came`);
}

const after = (events: HistoryEvent[], type: string) => events.slice(events.findIndex((e) => e.type === type) + 1);
const entered = (events: HistoryEvent[]) =>
  events.filter((e) => e.type?.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails?.name);

it('a failed execution continues from its failed state with its input and variables; $$.Execution.RedriveCount is 1 (API_RedriveExecution.html)', async () => {
  const arn = await createMachine(c, {
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Result: 'prepared', ResultPath: '$.stage', Assign: { before: 'kept' }, Next: 'Ask' },
      Ask: callback('ask', { ResultPath: '$.answer', Next: 'Report' }),
      Report: {
        Type: 'Pass',
        Parameters: {
          'stage.$': '$.stage',
          'answer.$': '$.answer',
          'before.$': '$before',
          'redriveCount.$': '$$.Execution.RedriveCount',
          'redriveTime.$': '$$.Execution.RedriveTime',
        },
        End: true,
      },
    },
  });
  const executionArn = await start(c, arn, { order: 7 });
  await fail(await nextToken(c, executionArn));
  const failed = await waitForEnd(c, executionArn);
  expect(failed).toMatchObject({ status: 'FAILED', error: 'Not.Yet', redriveCount: 0, redriveStatus: 'REDRIVABLE' });
  expect(failed.redriveDate).toBeUndefined();
  const before = await history(c, executionArn);

  const { redriveDate } = await redrive(executionArn);
  expect(redriveDate).toBeInstanceOf(Date);
  const running = await describe_(executionArn);
  expect(running).toMatchObject({ status: 'RUNNING', redriveCount: 1, redriveDate });
  expect(running.stopDate).toBeUndefined();
  const [first] = (await tokensByLabel(executionArn)).get('ask') ?? [];
  await succeed(await nextToken(c, executionArn, [first ?? '']), { yes: true });
  const ended = await waitForEnd(c, executionArn);

  expect(ended.status).toBe('SUCCEEDED');
  expect(JSON.parse(ended.output ?? '')).toEqual({
    stage: 'prepared',
    answer: { yes: true },
    before: 'kept',
    redriveCount: 1,
    redriveTime: redriveDate?.toISOString(),
  });
  // The history goes on: same first events, ids continuing, ExecutionRedriven after ExecutionFailed.
  const events = await history(c, executionArn);
  expect(events.slice(0, before.length)).toEqual(before);
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  const redriven = events[before.length];
  expect(redriven).toMatchObject({
    type: 'ExecutionRedriven',
    previousEventId: before.length,
    executionRedrivenEventDetails: { redriveCount: 1 },
  });
  const resumed = events[before.length + 1];
  expect(resumed).toMatchObject({ type: 'TaskStateEntered', previousEventId: redriven?.id });
  expect(JSON.parse(resumed?.stateEnteredEventDetails?.input ?? '')).toEqual({ order: 7, stage: 'prepared' });
  // Prepare succeeded: it is not run again.
  expect(entered(events)).toEqual(['Prepare', 'Ask', 'Ask', 'Report']);
  expect(events.at(-1)?.type).toBe('ExecutionSucceeded');

  // Succeeded now: not redrivable, with AWS's reason, in DescribeExecution as in RedriveExecution.
  const reason = 'Execution is SUCCEEDED and cannot be redriven';
  expect(await describe_(executionArn)).toMatchObject({ redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: reason });
  await expect(redrive(executionArn)).rejects.toMatchObject({ name: 'ExecutionNotRedrivable', message: reason });

  const list = async (redriveFilter: 'REDRIVEN' | 'NOT_REDRIVEN') =>
    (await c.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, redriveFilter }))).executions ?? [];
  expect(await list('REDRIVEN')).toEqual([expect.objectContaining({ executionArn, redriveCount: 1, redriveDate })]);
  expect(await list('NOT_REDRIVEN')).toEqual([]);
  // PENDING_REDRIVE is a Map Run child's status: with a stateMachineArn, a ValidationException (API_ListExecutions.html).
  expect(
    await errorOf(c.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'PENDING_REDRIVE' }))),
  ).toBe('ValidationException');
});

it('a RUNNING execution is not redrivable; once stopped (ABORTED) it is, and continues in the stopped state (API_DescribeExecution.html)', async () => {
  const arn = await createMachine(c, { StartAt: 'Ask', States: { Ask: callback('ask', { End: true }) } });
  const executionArn = await start(c, arn);
  const first = await nextToken(c, executionArn);
  const reason = 'Execution is RUNNING and cannot be redriven';
  expect(await describe_(executionArn)).toMatchObject({ redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: reason });
  await expect(redrive(executionArn)).rejects.toMatchObject({ name: 'ExecutionNotRedrivable', message: reason });

  await c.sfn.send(new StopExecutionCommand({ executionArn, error: 'Halt', cause: 'stopped by the test' }));
  expect(await waitForEnd(c, executionArn)).toMatchObject({ status: 'ABORTED', redriveStatus: 'REDRIVABLE' });
  await redrive(executionArn);
  await succeed(await nextToken(c, executionArn, [first]), 'done');
  const ended = await waitForEnd(c, executionArn);
  expect(ended).toMatchObject({ status: 'SUCCEEDED', output: '"done"', redriveCount: 1 });
  const types = (await history(c, executionArn)).map((e) => e.type);
  expect(types.slice(types.indexOf('ExecutionAborted'))).toEqual([
    'ExecutionAborted',
    'ExecutionRedriven',
    'TaskStateEntered',
    'TaskScheduled',
    'TaskStarted',
    'TaskSubmitted',
    'TaskSucceeded',
    'TaskStateExited',
    'ExecutionSucceeded',
  ]);
});

it('unknown and malformed execution ARNs, a clientToken too long: ExecutionDoesNotExist, InvalidArn, ValidationException (API_RedriveExecution.html, Errors)', async () => {
  const arn = await createMachine(c, { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
  const missing = `${arn.replace(':stateMachine:', ':execution:')}:never-started`;
  expect(await errorOf(redrive(missing))).toBe('ExecutionDoesNotExist');
  expect(await errorOf(redrive('not-an-arn'))).toBe('InvalidArn');
  // clientToken: 1 to 64 printable ASCII characters (API_RedriveExecution.html).
  expect(await errorOf(redrive(missing, 'x'.repeat(65)))).toBe('ValidationException');
});

it("a state that fails again fails the redrive; each redrive is counted; a deleted machine's execution is not redrivable (API_RedriveExecution.html)", async () => {
  const arn = await createMachine(c, {
    StartAt: 'Note',
    States: {
      Note: { Type: 'Pass', Next: 'Stop' },
      Stop: { Type: 'Fail', Error: 'Always', Cause: 'every time' },
    },
  });
  const executionArn = await start(c, arn);
  expect(await waitForEnd(c, executionArn)).toMatchObject({ status: 'FAILED', error: 'Always' });
  for (const count of [1, 2]) {
    await redrive(executionArn);
    expect(await waitForEnd(c, executionArn)).toMatchObject({ status: 'FAILED', error: 'Always', redriveCount: count });
  }
  const events = await history(c, executionArn);
  expect(events.map((e) => e.type)).toEqual([
    'ExecutionStarted',
    'PassStateEntered',
    'PassStateExited',
    'FailStateEntered',
    'ExecutionFailed',
    'ExecutionRedriven',
    'FailStateEntered',
    'ExecutionFailed',
    'ExecutionRedriven',
    'FailStateEntered',
    'ExecutionFailed',
  ]);
  expect(events.filter((e) => e.type === 'ExecutionRedriven').map((e) => e.executionRedrivenEventDetails)).toEqual([
    { redriveCount: 1 },
    { redriveCount: 2 },
  ]);

  await c.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
  await expect(redrive(executionArn)).rejects.toMatchObject({
    name: 'ExecutionNotRedrivable',
    message: 'State machine is in DELETING status',
  });
});

it('a Parallel redrives only the branch that failed; a repeated clientToken redrives once (API_RedriveExecution.html)', async () => {
  const arn = await createMachine(c, {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Left', States: { Left: callback('left', { End: true }) } },
          {
            StartAt: 'Mark',
            States: {
              Mark: { Type: 'Pass', Result: 'marked', ResultPath: '$.mark', Next: 'Right' },
              Right: callback('right', { End: true }),
            },
          },
        ],
        End: true,
      },
    },
  });
  const executionArn = await start(c, arn);
  const tokens = await waitForTokens(executionArn, { left: 1, right: 1 });
  await succeed(tokens.get('left')?.[0] ?? '', 'left done');
  await waitForEvent(executionArn, (e) => e.type === 'TaskStateExited' && e.stateExitedEventDetails?.name === 'Left');
  await fail(tokens.get('right')?.[0] ?? '');
  expect(await waitForEnd(c, executionArn)).toMatchObject({ status: 'FAILED', error: 'Not.Yet' });

  const once = await redrive(executionArn, 'redrive-once');
  const again = await redrive(executionArn, 'redrive-once');
  expect(again.redriveDate).toEqual(once.redriveDate);
  const retried = await waitForTokens(executionArn, { right: 2 });
  await succeed(retried.get('right')?.[1] ?? '', 'right done');
  const ended = await waitForEnd(c, executionArn);

  expect(ended).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
  expect(JSON.parse(ended.output ?? '')).toEqual(['left done', 'right done']);
  const events = await history(c, executionArn);
  expect(events.filter((e) => e.type === 'ExecutionRedriven')).toHaveLength(1);
  expect((await tokensByLabel(executionArn)).get('left')).toHaveLength(1);
  // The right branch continues in the state it failed in, with that state's input: Mark is not run again.
  const redriven = after(events, 'ExecutionRedriven');
  expect(entered(redriven)).toEqual(['Both', 'Right']);
  const right = redriven.find((e) => e.stateEnteredEventDetails?.name === 'Right');
  expect(JSON.parse(right?.stateEnteredEventDetails?.input ?? '')).toEqual({ mark: 'marked' });
});

it('an inline Map redrives only the iteration that failed (API_RedriveExecution.html)', async () => {
  const arn = await createMachine(c, {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Ask',
          States: {
            Ask: {
              ...callback('item'),
              Parameters: { QueueUrl: c.queueUrl, MessageBody: { 'label.$': '$.label', 'token.$': '$$.Task.Token' } },
              End: true,
            },
          },
        },
        End: true,
      },
    },
  });
  const executionArn = await start(c, arn, [{ label: 'a' }, { label: 'b' }, { label: 'c' }]);
  const tokens = await waitForTokens(executionArn, { a: 1, b: 1, c: 1 });
  await succeed(tokens.get('a')?.[0] ?? '', 'A');
  await succeed(tokens.get('c')?.[0] ?? '', 'C');
  await waitForEvent(
    executionArn,
    (e) => e.type === 'MapIterationSucceeded' && e.mapIterationSucceededEventDetails?.index === 0,
  );
  await waitForEvent(
    executionArn,
    (e) => e.type === 'MapIterationSucceeded' && e.mapIterationSucceededEventDetails?.index === 2,
  );
  await fail(tokens.get('b')?.[0] ?? '');
  expect(await waitForEnd(c, executionArn)).toMatchObject({ status: 'FAILED' });

  await redrive(executionArn);
  await succeed((await waitForTokens(executionArn, { b: 2 })).get('b')?.[1] ?? '', 'B');
  const ended = await waitForEnd(c, executionArn);
  expect(ended.status).toBe('SUCCEEDED');
  expect(JSON.parse(ended.output ?? '')).toEqual(['A', 'B', 'C']);
  const redriven = after(await history(c, executionArn), 'ExecutionRedriven');
  expect(
    redriven.filter((e) => e.type === 'MapIterationStarted').map((e) => e.mapIterationStartedEventDetails?.index),
  ).toEqual([1]);
  expect(redriven.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails?.length).toBe(3);
});

it('a distributed Map redrives its Map Run: only the child that failed runs again (API_RedriveExecution.html, redrive-map-run.html)', async () => {
  const arn = await createMachine(c, {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Stamp',
          States: {
            Stamp: {
              Type: 'Pass',
              Parameters: { 'label.$': '$.label', 'stampedAt.$': '$$.Execution.RedriveCount' },
              Next: 'Check',
            },
            // Item b fails here (no choice matches) until the execution has been redriven.
            Check: {
              Type: 'Choice',
              Choices: [
                {
                  Or: [
                    { Not: { Variable: '$.label', StringEquals: 'b' } },
                    { Variable: '$$.Execution.RedriveCount', NumericGreaterThan: 0 },
                  ],
                  Next: 'Done',
                },
              ],
            },
            Done: {
              Type: 'Pass',
              Parameters: {
                'label.$': '$.label',
                'stampedAt.$': '$.stampedAt',
                'ranAt.$': '$$.Execution.RedriveCount',
              },
              End: true,
            },
          },
        },
        End: true,
      },
    },
  });
  const executionArn = await start(c, arn, [{ label: 'a' }, { label: 'b' }, { label: 'c' }]);
  expect(await waitForEnd(c, executionArn)).toMatchObject({
    status: 'FAILED',
    error: 'States.ExceedToleratedFailureThreshold',
  });
  await redrive(executionArn);
  const ended = await waitForEnd(c, executionArn);

  expect(ended.status).toBe('SUCCEEDED');
  // a and c succeeded in the first attempt and were not run again; the STANDARD child b is redriven:
  // it continues in Check, where it failed, with the input Stamp gave it in the first attempt.
  expect(JSON.parse(ended.output ?? '')).toEqual([
    { label: 'a', stampedAt: 0, ranAt: 0 },
    { label: 'b', stampedAt: 0, ranAt: 1 },
    { label: 'c', stampedAt: 0, ranAt: 0 },
  ]);
  const events = await history(c, executionArn);
  const started = events.find((e) => e.type === 'MapRunStarted')?.mapRunStartedEventDetails?.mapRunArn;
  expect(after(events, 'ExecutionRedriven').map((e) => e.type)).toEqual([
    'MapStateEntered',
    'MapStateStarted',
    'MapRunRedriven',
    'MapRunSucceeded',
    'MapStateSucceeded',
    'MapStateExited',
    'ExecutionSucceeded',
  ]);
  expect(events.find((e) => e.type === 'MapRunRedriven')?.mapRunRedrivenEventDetails).toEqual({
    mapRunArn: started,
    redriveCount: 1,
  });
});
