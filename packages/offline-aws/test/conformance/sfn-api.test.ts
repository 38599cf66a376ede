/**
 * The local Step Functions API against the AWS Step Functions API Reference, through
 * `@aws-sdk/client-sfn` only: executions, history and errors (state machines:
 * sfn-api-machines.test.ts). Each test names the
 * reference page (https://docs.aws.amazon.com/step-functions/latest/apireference/<page>) it follows.
 * Tokens and callbacks: sfn-api-tokens.test.ts; integrations: sfn-api-integrations.test.ts. The
 * machines call the fixture project's functions (sfn-client.ts, test/fixtures/sfn-project).
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { randomUUID } from 'node:crypto';
import {
  type Conformance,
  createMachine,
  errorOf,
  exampleFlow,
  history,
  start,
  startConformance,
  waitForEnd,
} from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

/** Pass, Choice, Wait, a Lambda Task and Succeed/Fail (sfn-client.ts). */
const flow = () => exampleFlow(c);

const orderId = () => `ord_${randomUUID().replaceAll('-', '')}`;

describe('executions and their history', () => {
  it('runs Pass/Choice/Wait/Task/Succeed; GetExecutionHistory has AWS event types, ids and previousEventId (API_GetExecutionHistory.html)', async () => {
    const arn = await createMachine(c, flow());
    const executionArn = await start(c, arn, { orderId: orderId() });
    const ended = await waitForEnd(c, executionArn);
    expect(ended.status).toBe('SUCCEEDED');
    expect(JSON.parse(ended.output ?? '{}')).toMatchObject({
      prepared: { go: true },
      reservation: { echoed: { orderId: expect.any(String), items: [{ sku: 'SKU-MOUSE' }] } },
    });

    const events = await history(c, executionArn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    events.forEach((event, index) => {
      expect(event.id).toBe(index + 1);
      expect(event.timestamp).toBeInstanceOf(Date);
      expect(event.previousEventId).toBeLessThan(event.id ?? 0);
    });
    expect(events[0]?.executionStartedEventDetails).toMatchObject({ roleArn: c.roleArn });
    // The start state's entry follows no event: 0, as AWS records it (recorded histories).
    expect(events[0]?.previousEventId).toBe(0);
    expect(events[1]?.previousEventId).toBe(0);
    expect(events[2]?.previousEventId).toBe(2); // PassStateExited follows its entry
    expect(events[7]?.previousEventId).toBe(7); // TaskStateEntered follows WaitStateExited
    expect(events[8]?.previousEventId).toBe(8); // LambdaFunctionScheduled follows its state's entry
    expect(events[7]?.stateEnteredEventDetails?.name).toBe('Reserve');
    expect(events[8]?.lambdaFunctionScheduledEventDetails).toMatchObject({
      resource: c.functionArn('echo'),
    });
    expect(JSON.parse(events[8]?.lambdaFunctionScheduledEventDetails?.input ?? '{}')).toMatchObject({
      items: [{ sku: 'SKU-MOUSE' }],
    });
    expect(JSON.parse(events.at(-1)?.executionSucceededEventDetails?.output ?? '{}')).toEqual(
      JSON.parse(ended.output ?? ''),
    );
  });

  it('GetExecutionHistory pages, reverses and leaves out execution data on request (API_GetExecutionHistory.html)', async () => {
    const executionArn = await start(c, await createMachine(c, flow()), { orderId: orderId() });
    await waitForEnd(c, executionArn);
    const all = await history(c, executionArn);
    const first = await c.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 4 }));
    expect(first.events?.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    const second = await c.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 4, nextToken: first.nextToken }),
    );
    expect(second.events?.map((e) => e.id)).toEqual([5, 6, 7, 8]);
    const reversed = await c.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }),
    );
    expect(reversed.events?.map((e) => e.id)).toEqual([all.length, all.length - 1]);
    const bare = await c.sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
    expect(bare.events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();
    expect(bare.events?.[0]?.executionStartedEventDetails?.roleArn).toBe(c.roleArn);
    expect(await errorOf(c.sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken: 'bm9wZQ' })))).toBe(
      'InvalidToken',
    );
  });

  it('a Fail state fails the execution with its Error and Cause (API_DescribeExecution.html)', async () => {
    const definition = { StartAt: 'Stop', States: { Stop: flow().States.Stop } };
    const ended = await waitForEnd(c, await start(c, await createMachine(c, definition)));
    expect(ended).toMatchObject({ status: 'FAILED', error: 'Stopped', cause: 'not going' });
    const events = await history(c, ended.executionArn ?? '');
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
    expect(events[2]?.executionFailedEventDetails).toEqual({ error: 'Stopped', cause: 'not going' });
  });

  it('a Fail state without Error or Cause fails the execution without them, not with invented ones (executions recorded on AWS)', async () => {
    const cases: [object, Record<string, string>][] = [
      [{ Cause: 'Condition is false' }, { cause: 'Condition is false' }],
      [{ Error: 'Only.Error' }, { error: 'Only.Error' }],
      [{}, {}],
    ];
    for (const [fields, details] of cases) {
      const definition = { StartAt: 'Stop', States: { Stop: { Type: 'Fail', ...fields } } };
      const ended = await waitForEnd(c, await start(c, await createMachine(c, definition)));
      expect({ fields, status: ended.status, error: ended.error, cause: ended.cause }).toEqual({
        fields,
        status: 'FAILED',
        error: details.error,
        cause: details.cause,
      });
      const events = await history(c, ended.executionArn ?? '');
      expect(events.at(-1)?.executionFailedEventDetails).toEqual(details);
    }
  });

  it('a Parallel whose branch fails is caught: ParallelStateFailed, then ParallelStateExited (API_HistoryEvent.html)', async () => {
    const arn = await createMachine(c, {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Broken', States: { Broken: { Type: 'Fail', Error: 'Branch.Broke', Cause: 'on purpose' } } },
          ],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'After' }],
          End: true,
        },
        After: { Type: 'Pass', End: true },
      },
    });
    const ended = await waitForEnd(c, await start(c, arn));
    expect(JSON.parse(ended.output ?? '{}')).toEqual({ failure: { Error: 'Branch.Broke', Cause: 'on purpose' } });
    expect((await history(c, ended.executionArn ?? '')).map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'FailStateEntered',
      'ParallelStateFailed',
      'ParallelStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('accepts every name AWS accepts, a UUID when none is given, and refuses the others: InvalidName, over 80 characters ValidationException (API_StartExecution.html)', async () => {
    const arn = await createMachine(c, { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
    for (const name of ['a.b@c', 'ümlaut', '注文-1', 'x'.repeat(80)]) {
      const executionArn = await start(c, arn, {}, name);
      expect(executionArn.endsWith(`:${name}`)).toBe(true);
      expect((await waitForEnd(c, executionArn)).name).toBe(name);
    }
    const unnamed = await c.sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    expect(unnamed.executionArn).toMatch(/:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const name of ['a b', 'a/b', 'a:b', 'a$b', 'a\u0001b']) {
      expect(await errorOf(start(c, arn, {}, name))).toBe('InvalidName');
    }
    // `name` is 1–80 characters in the API model: a longer one is refused before the name's rules.
    expect(await errorOf(start(c, arn, {}, 'x'.repeat(81)))).toBe('ValidationException');
  });

  it('the same name and input while running is the same execution, else ExecutionAlreadyExists (API_StartExecution.html)', async () => {
    const arn = await createMachine(c, { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } });
    const first = await start(c, arn, { n: 1 }, 'same-name');
    expect(await start(c, arn, { n: 1 }, 'same-name')).toBe(first);
    expect(await errorOf(start(c, arn, { n: 2 }, 'same-name'))).toBe('ExecutionAlreadyExists');
    await c.sfn.send(new StopExecutionCommand({ executionArn: first }));
    expect(await errorOf(start(c, arn, { n: 1 }, 'same-name'))).toBe('ExecutionAlreadyExists');
  });

  it('StopExecution aborts the execution with its error and cause; the history ends in ExecutionAborted (API_StopExecution.html)', async () => {
    const arn = await createMachine(c, { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } });
    const executionArn = await start(c, arn);
    const stopped = await c.sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'changed my mind' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    expect(await c.sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
      status: 'ABORTED',
      error: 'Operator',
      cause: 'changed my mind',
    });
    const events = await history(c, executionArn);
    expect(events.at(-1)).toMatchObject({
      type: 'ExecutionAborted',
      executionAbortedEventDetails: { error: 'Operator', cause: 'changed my mind' },
    });
  });

  it('ListExecutions filters by status and pages, most recent first (API_ListExecutions.html)', async () => {
    const arn = await createMachine(c, {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.wait', BooleanEquals: true, Next: 'W' }], Default: 'P' },
        W: { Type: 'Wait', Seconds: 30, End: true },
        P: { Type: 'Pass', End: true },
      },
    });
    const done = [await start(c, arn, { wait: false }), await start(c, arn, { wait: false })];
    const waiting = await start(c, arn, { wait: true });
    await Promise.all(done.map((e) => waitForEnd(c, e)));
    const succeeded = await c.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED' }));
    expect(succeeded.executions?.map((e) => e.executionArn)).toEqual([...done].reverse());
    const running = await c.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'RUNNING' }));
    expect(running.executions?.map((e) => e.executionArn)).toEqual([waiting]);
    const firstPage = await c.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2 }));
    expect(firstPage.executions).toHaveLength(2);
    const secondPage = await c.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: firstPage.nextToken }),
    );
    expect(secondPage.executions).toHaveLength(1);
    expect(secondPage.nextToken).toBeUndefined();
    await c.sfn.send(new StopExecutionCommand({ executionArn: waiting }));
  });

  it('runs with any JSON value as input, not only an object: an array, a string, a number (API_StartExecution.html)', async () => {
    const arn = await createMachine(c, { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } });
    for (const input of ['[[1, 2, 3], [4, 5, 6]]', '"Hello"', '42', 'true', 'null']) {
      const started = await c.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input }));
      const ended = await waitForEnd(c, started.executionArn ?? '');
      expect({ input, status: ended.status, output: JSON.parse(ended.output ?? '"?"') as unknown }).toEqual({
        input,
        status: 'SUCCEEDED',
        output: JSON.parse(input),
      });
      expect(JSON.parse(ended.input ?? '"?"')).toEqual(JSON.parse(input));
    }
  });

  it('answers with the service error codes the SDK raises as exceptions (CommonErrors.html)', async () => {
    const arn = await createMachine(c, flow());
    const missing = `${arn.replace(':stateMachine:', ':execution:')}:nope`;
    expect(await errorOf(c.sfn.send(new DescribeExecutionCommand({ executionArn: missing })))).toBe(
      'ExecutionDoesNotExist',
    );
    expect(await errorOf(c.sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })))).toBe('InvalidArn');
    expect(await errorOf(start(c, `${arn}-gone`))).toBe('StateMachineDoesNotExist');
    expect(await errorOf(c.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{oops' })))).toBe(
      'InvalidExecutionInput',
    );
    expect(await errorOf(c.sfn.send(new ListActivitiesCommand({})))).toBe('UnknownOperationException');
  });
});
