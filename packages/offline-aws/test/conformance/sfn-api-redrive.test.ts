/**
 * RedriveExecution through `@aws-sdk/client-sfn` only
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html,
 * https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html): an ended execution
 * continues from the state it failed in, with that state's input and the variables as they were,
 * under the same ARN; its history goes on after an ExecutionRedriven event. DescribeExecution
 * (API_DescribeExecution.html) and ListExecutions (API_ListExecutions.html) report the redrives.
 * Parallel and Map states in a redrive: sfn-api-redrive-containers.test.ts.
 * What fails once and succeeds on the redrive is a callback task (`.waitForTaskToken`) the test
 * answers with SendTaskFailure, then SendTaskSuccess.
 */
import { DeleteStateMachineCommand, ListExecutionsCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { entered, redriveHelpers } from './redrive-client';
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

const { callback, succeed, fail, redrive, describe: describe_, tokensByLabel } = redriveHelpers(() => c);

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
