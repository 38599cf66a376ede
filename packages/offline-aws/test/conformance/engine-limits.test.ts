/**
 * The payload size quota, enforced by the offline engine as by AWS.
 *
 * AWS: "Step Functions service quotas" https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
 * "Maximum input or output size for a task, state, or execution: 256 KiB of data as a UTF-8 encoded
 * string" (262,144 bytes), and "Handling errors in Step Functions workflows"
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html:
 * States.DataLimitExceeded is raised when a task's output, a state's output, or a state's input after
 * Parameters exceeds it, and "is a terminal error that can't be caught by the States.ALL error type".
 */
import { FUNCTION_ARN, run, single, type Json } from './support';

const LIMIT = 262_144;
/** A string whose JSON text is exactly `bytes` bytes of UTF-8, mostly 2-byte characters. */
const jsonStringOfBytes = (bytes: number): string => 'é'.repeat(Math.floor((bytes - 2) / 2)) + 'x'.repeat(bytes % 2);

const taskReturning = (result: Json, catchers: object[] = []) => ({
  definition: {
    StartAt: 'Work',
    States: {
      Work: { Type: 'Task', Resource: FUNCTION_ARN, ...(catchers.length ? { Catch: catchers } : {}), End: true },
      ...(catchers.length ? { Caught: { Type: 'Pass', Result: 'caught', End: true } } : {}),
    },
  },
  options: { tasks: { Work: () => Promise.resolve(result) } },
});

describe('Payload size quota (AWS: "Step Functions service quotas", States.DataLimitExceeded)', () => {
  it('a task result of exactly 262,144 bytes is accepted', async () => {
    const result = jsonStringOfBytes(LIMIT);
    expect(Buffer.byteLength(JSON.stringify(result))).toBe(LIMIT);
    const { definition, options } = taskReturning(result);
    expect(await run(definition, {}, options)).toEqual({ status: 'SUCCEEDED', output: result });
  });

  it('a task result one byte over fails with States.DataLimitExceeded (bytes of UTF-8, not characters)', async () => {
    const result = jsonStringOfBytes(LIMIT + 1);
    expect(Buffer.byteLength(JSON.stringify(result))).toBe(LIMIT + 1);
    expect(JSON.stringify(result).length).toBeLessThan(LIMIT);
    const { definition, options } = taskReturning(result);
    expect(await run(definition, {}, options)).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('States.ALL and States.TaskFailed catchers do not catch it', async () => {
    const catchers = [
      { ErrorEquals: ['States.TaskFailed'], Next: 'Caught' },
      { ErrorEquals: ['States.ALL'], Next: 'Caught' },
    ];
    const { definition, options } = taskReturning(jsonStringOfBytes(LIMIT + 2), catchers);
    expect(await run(definition, {}, options)).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  // The page rules out States.ALL only; a catcher naming the error catches a task result over the
  // quota (as users of the service report, e.g. cdklabs/construct-hub#1885).
  it('a catcher that names States.DataLimitExceeded catches an oversized task result', async () => {
    const catchers = [{ ErrorEquals: ['States.DataLimitExceeded'], Next: 'Caught' }];
    const { definition, options } = taskReturning(jsonStringOfBytes(LIMIT + 2), catchers);
    expect(await run(definition, {}, options)).toEqual({ status: 'SUCCEEDED', output: 'caught' });
  });

  it("a state's output over the quota fails the execution", async () => {
    const definition = single({ Type: 'Pass', Parameters: { 'a.$': '$.s', 'b.$': '$.s' }, End: true });
    const outcome = await run(definition, { s: 'x'.repeat(LIMIT / 2) });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it("a state's input after Parameters over the quota fails before the task is called", async () => {
    let called = false;
    const definition = single({
      Type: 'Task',
      Resource: FUNCTION_ARN,
      Parameters: { 'a.$': '$.s', 'b.$': '$.s' },
      End: true,
    });
    const outcome = await run(
      definition,
      { s: 'x'.repeat(LIMIT / 2) },
      { tasks: { S: () => Promise.resolve<Json>((called = true)) } },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(called).toBe(false);
  });

  it('an execution input over the quota is refused', async () => {
    const outcome = await run(single({ Type: 'Succeed' }), { s: 'x'.repeat(LIMIT) });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });
});
