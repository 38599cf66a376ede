/**
 * Errors the offline engine raises, and how they propagate, as AWS documents them.
 */
import { DAY, FUNCTION_ARN, SECOND, run, start, type Json } from './support';

/** A Choice with one rule, and a Default unless `withDefault` is false. */
const choice = (rule: object, withDefault = true) => ({
  StartAt: 'Decide',
  States: {
    Decide: { Type: 'Choice', Choices: [{ ...rule, Next: 'Matched' }], ...(withDefault ? { Default: 'Other' } : {}) },
    Matched: { Type: 'Pass', Result: 'matched', End: true },
    ...(withDefault ? { Other: { Type: 'Pass', Result: 'default', End: true } } : {}),
  },
});

// AWS: "Choice workflow state" https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
// and "Handling errors in Step Functions workflows" (States.Runtime: an invalid path; not matched
// by States.ALL) https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
describe('Choice state (AWS: "Choice workflow state")', () => {
  it('a rule whose Variable path does not exist fails the execution with States.Runtime', async () => {
    const outcome = await run(choice({ Variable: '$.missing', BooleanEquals: true }), { a: 1 });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('IsPresent tests for a missing field without failing', async () => {
    const outcome = await run(choice({ Variable: '$.missing', IsPresent: true }), { a: 1 });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'default' });
  });

  it('a field that is present but null is compared, not an error', async () => {
    const outcome = await run(choice({ Variable: '$.n', StringEquals: 'x' }), { n: null });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'default' });
  });

  it('a type test with false matches a value of any other type, and not one of its type', async () => {
    const cases: [string, Json, Json][] = [
      ['IsNull', 'text', null],
      ['IsNumeric', 'text', 1.5],
      ['IsString', 7, 'text'],
      ['IsBoolean', 'true', false],
      ['IsTimestamp', 'yesterday', '2026-12-07T10:00:00Z'],
      ['IsPresent', null, null],
    ];
    for (const [test, other, same] of cases) {
      const rule = { Variable: test === 'IsPresent' ? '$.missing' : '$.v', [test]: false };
      expect({ test, outcome: await run(choice(rule), { v: other }) }).toEqual({
        test,
        outcome: { status: 'SUCCEEDED', output: 'matched' },
      });
      if (test === 'IsPresent') continue;
      expect({ test, outcome: await run(choice(rule), { v: same }) }).toEqual({
        test,
        outcome: { status: 'SUCCEEDED', output: 'default' },
      });
    }
  });

  it('StringMatches: only * is a wildcard; \\* is a literal star; ? matches only itself', async () => {
    const cases: [string, string, boolean][] = [
      ['log-*.txt', 'log-2026.txt', true],
      ['log-*.txt', 'log-.txt', true],
      ['log-?.txt', 'log-1.txt', false],
      ['log-?.txt', 'log-?.txt', true],
      ['a\\*b', 'a*b', true],
      ['a\\*b', 'axxb', false],
      ['*', '', true],
    ];
    for (const [pattern, value, matched] of cases) {
      const outcome = await run(choice({ Variable: '$.v', StringMatches: pattern }), { v: value });
      expect({ pattern, value, outcome }).toEqual({
        pattern,
        value,
        outcome: { status: 'SUCCEEDED', output: matched ? 'matched' : 'default' },
      });
    }
  });

  // "the state machine throws an error due to a failure to transition out of the state" (state-choice.html).
  it('no rule matching and no Default fails with States.Runtime: no next state to go to', async () => {
    const outcome = await run(choice({ Variable: '$.n', NumericEquals: 2 }, false), { n: 1 });
    expect(outcome).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: expect.stringContaining(
        'Failed to transition out of the state. The state does not point to a next state.',
      ),
    });
  });

  it('States.Runtime is not caught by a States.ALL catcher around it', async () => {
    const definition = {
      StartAt: 'Fork',
      States: {
        Fork: {
          Type: 'Parallel',
          Branches: [choice({ Variable: '$.missing', BooleanEquals: true })],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Pass', Result: 'caught', End: true },
      },
    };
    const outcome = await run(definition, { a: 1 });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});

const failure = (name: string) => Object.assign(new Error(`${name} happened`), { name });
const task = (name: string, retry?: object) => ({
  StartAt: name,
  States: { [name]: { Type: 'Task', Resource: FUNCTION_ARN, ...(retry ? { Retry: [retry] } : {}), End: true } },
});

// AWS: "Parallel workflow state" https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
// "If any branch fails ... the entire Parallel state is considered to have failed and all its
// branches are stopped."
describe('Parallel / Map failure (AWS: "Parallel workflow state")', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const siblingRetry = { ErrorEquals: ['Flaky'], IntervalSeconds: 5, MaxAttempts: 3 };

  it('a branch waiting to retry is stopped, not re-invoked, when its sibling fails', async () => {
    let siblingCalls = 0;
    const handlers = {
      Fails: () => new Promise<Json>((_, reject) => setTimeout(() => reject(failure('Broken')), SECOND)),
      Sibling: () => {
        siblingCalls += 1;
        return Promise.reject(failure('Flaky'));
      },
    };
    const execution = start(
      {
        StartAt: 'Fork',
        States: { Fork: { Type: 'Parallel', Branches: [task('Fails'), task('Sibling', siblingRetry)], End: true } },
      },
      {},
      { tasks: handlers },
    );
    await jest.advanceTimersByTimeAsync(60 * SECOND);
    expect(await execution.outcome).toMatchObject({ status: 'FAILED', error: 'Broken' });
    expect(siblingCalls).toBe(1);
  });

  it('a Map iteration waiting to retry is stopped, not re-invoked, when another iteration fails', async () => {
    const calls: Json[] = [];
    const work = (item: Json) => {
      calls.push(item);
      return item === 'bad'
        ? new Promise<Json>((_, reject) => setTimeout(() => reject(failure('Broken')), SECOND))
        : Promise.reject(failure('Flaky'));
    };
    const definition = {
      StartAt: 'Each',
      States: { Each: { Type: 'Map', ItemProcessor: task('Work', siblingRetry), End: true } },
    };
    const execution = start(definition, ['bad', 'flaky'], { tasks: { Work: work } });
    await jest.advanceTimersByTimeAsync(60 * SECOND);
    expect(await execution.outcome).toMatchObject({ status: 'FAILED', error: 'Broken' });
    expect(calls).toEqual(['bad', 'flaky']);
  });

  it('without a failing sibling, the retry does happen (the check above is not vacuous)', async () => {
    let calls = 0;
    const flakyOnce = () => (++calls === 1 ? Promise.reject(failure('Flaky')) : Promise.resolve<Json>('ok'));
    const execution = start(
      task('Sibling', siblingRetry),
      {},
      {
        tasks: { Sibling: flakyOnce },
      },
    );
    await jest.advanceTimersByTimeAsync(DAY);
    expect(await execution.outcome).toEqual({ status: 'SUCCEEDED', output: 'ok' });
    expect(calls).toBe(2);
  });
});

// AWS: "Handling errors in Step Functions workflows", error names: "States.TaskFailed ... acts as a
// wildcard that matches any known error except for States.Timeout."
// https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
describe('States.TaskFailed in Retry and Catch (AWS: "Handling errors in Step Functions workflows")', () => {
  const catching = (state: object) => ({
    StartAt: 'S',
    States: {
      S: {
        ...state,
        Catch: [
          { ErrorEquals: ['States.TaskFailed'], ResultPath: null, Next: 'TaskFailed' },
          { ErrorEquals: ['States.Timeout'], ResultPath: null, Next: 'TimedOut' },
        ],
        End: true,
      },
      TaskFailed: { Type: 'Pass', Result: 'TaskFailed', End: true },
      TimedOut: { Type: 'Pass', Result: 'TimedOut', End: true },
    },
  });

  it('does not match States.Timeout, whoever raised it: the Timeout catcher after it is taken', async () => {
    const timeouts = { S: () => Promise.reject(failure('States.Timeout')) };
    const outcome = await run(
      catching({ Type: 'Task', Resource: FUNCTION_ARN }),
      {},
      {
        tasks: timeouts,
      },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'TimedOut' });
  });

  it('a TaskFailed retrier does not retry a timeout', async () => {
    let calls = 0;
    const timesOut = () => {
      calls += 1;
      return Promise.reject(failure('States.Timeout'));
    };
    const outcome = await run(
      task('S', { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 0, MaxAttempts: 2 }),
      {},
      { tasks: { S: timesOut } },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(calls).toBe(1);
  });

  it('matches a custom error of a Parallel branch, caught on the Parallel state', async () => {
    const branch = { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Custom.Error', Cause: 'branch' } } };
    const outcome = await run(catching({ Type: 'Parallel', Branches: [branch] }));
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'TaskFailed' });
  });
});
