/**
 * Long waits and timeouts in the offline engine, on jest's fake clock (no wall-clock waiting).
 * Node's setTimeout fires at once for a delay over 2^31−1 ms (about 24.8 days); AWS allows far longer.
 */
import { DAY, FUNCTION_ARN, SECOND, single, start, type Json } from './support';

const YEAR = 365 * DAY;
const never = () => new Promise<Json>(() => undefined);

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

// AWS: "Wait workflow state" https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
// and "Step Functions service quotas" (maximum execution time and idle time: 1 year).
describe('Wait state (AWS: "Wait workflow state")', () => {
  it('a 30-day Wait is still waiting after 25 days and done after 30', async () => {
    const execution = start(single({ Type: 'Wait', Seconds: (30 * DAY) / SECOND, End: true }), { a: 1 });
    await jest.advanceTimersByTimeAsync(25 * DAY);
    expect(execution.settled()).toBe(false);
    await jest.advanceTimersByTimeAsync(5 * DAY);
    expect(await execution.outcome).toEqual({ status: 'SUCCEEDED', output: { a: 1 } });
  });

  it('a Wait until a Timestamp 40 days ahead waits that long', async () => {
    const timestamp = new Date(Date.now() + 40 * DAY).toISOString();
    const execution = start(single({ Type: 'Wait', Timestamp: timestamp, End: true }));
    await jest.advanceTimersByTimeAsync(39 * DAY);
    expect(execution.settled()).toBe(false);
    await jest.advanceTimersByTimeAsync(DAY);
    expect(await execution.outcome).toEqual({ status: 'SUCCEEDED', output: {} });
  });
});

// AWS: "Task workflow state" https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
// TimeoutSeconds: "If not provided, the default value is 99999999."
describe('Task timeouts (AWS: "Task workflow state")', () => {
  const handlers = { tasks: { S: never } };

  it('a 30-day TimeoutSeconds has not fired after 25 days, and fails with States.Timeout at 30', async () => {
    const definition = single({ Type: 'Task', Resource: FUNCTION_ARN, TimeoutSeconds: (30 * DAY) / SECOND, End: true });
    const execution = start(definition, {}, handlers);
    await jest.advanceTimersByTimeAsync(25 * DAY);
    expect(execution.settled()).toBe(false);
    await jest.advanceTimersByTimeAsync(5 * DAY);
    expect(await execution.outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it('without TimeoutSeconds, a task is not timed out after 60 s (the default is 99,999,999 s)', async () => {
    const execution = start(single({ Type: 'Task', Resource: FUNCTION_ARN, End: true }), {}, handlers);
    await jest.advanceTimersByTimeAsync(YEAR);
    expect(execution.settled()).toBe(false);
    await jest.advanceTimersByTimeAsync(99_999_999 * SECOND - YEAR);
    expect(await execution.outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });
});

// AWS: "Amazon States Language state machine structure" (TimeoutSeconds of the state machine)
// https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
describe('Execution TimeoutSeconds (AWS: "State machine structure")', () => {
  it('a one-year execution timeout has not fired after 364 days, and times the execution out at 365', async () => {
    const definition = {
      TimeoutSeconds: YEAR / SECOND,
      StartAt: 'Idle',
      States: { Idle: { Type: 'Wait', Seconds: (2 * YEAR) / SECOND, End: true } },
    };
    const execution = start(definition);
    await jest.advanceTimersByTimeAsync(364 * DAY);
    expect(execution.settled()).toBe(false);
    await jest.advanceTimersByTimeAsync(DAY);
    expect(await execution.outcome).toEqual({ status: 'TIMED_OUT' });
  });

  // AWS: "StopExecution" https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html
  // A stopped execution ends; nothing of it may keep running offline (its timeout timer kept a test
  // process alive after the test ended, the step in progress never returning).
  it('a stopped execution leaves no timer behind, even while a step never returns', async () => {
    const definition = {
      TimeoutSeconds: YEAR / SECOND,
      StartAt: 'S',
      States: { S: { Type: 'Task', Resource: FUNCTION_ARN, End: true } },
    };
    const timersBefore = jest.getTimerCount();
    const execution = start(definition, {}, { tasks: { S: never } });
    await jest.advanceTimersByTimeAsync(SECOND);
    expect(jest.getTimerCount()).toBeGreaterThan(timersBefore);
    execution.stop();
    expect(await execution.outcome).toEqual({ status: 'ABORTED' });
    expect(jest.getTimerCount()).toBe(timersBefore);
  });
});
