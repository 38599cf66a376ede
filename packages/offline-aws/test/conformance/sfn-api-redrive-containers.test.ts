/**
 * RedriveExecution of executions that failed inside a Parallel or a Map, through `@aws-sdk/client-sfn`
 * only (https://docs.aws.amazon.com/step-functions/latest/apireference/API_RedriveExecution.html: "For
 * workflows that include an Inline Map or Parallel state, RedriveExecution … redrives only the
 * iterations and branches that failed or aborted"; a Distributed Map's Map Run is redriven with its
 * parent, https://docs.aws.amazon.com/step-functions/latest/dg/redrive-map-run.html). What fails once
 * and succeeds on the redrive is a callback task the test answers with SendTaskFailure, then
 * SendTaskSuccess, or a Choice that reads `$$.Execution.RedriveCount`.
 */
import { after, entered, redriveHelpers } from './redrive-client';
import { createMachine, history, start, startConformance, waitForEnd, type Conformance } from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

const { callback, succeed, fail, redrive, tokensByLabel, waitForTokens, waitForEvent } = redriveHelpers(() => c);

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
