/**
 * Today's Amazon States Language through the local endpoint, with `@aws-sdk/client-sfn` only: each
 * behaviour a client found different from AWS (JSONata, variables, Distributed Map tolerance, error
 * matching, paths and intrinsics at their edges, history shape), run as a client runs it and checked
 * against the AWS page each test names (https://docs.aws.amazon.com/step-functions/latest/dg/<page>).
 * The engine-level specification is in engine-*.test.ts and the executions recorded on AWS
 * (aws-recorded.test.ts); this file proves the same holds end to end, over HTTP.
 */
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { type Conformance, createMachine, history, start, runToEnd, startConformance, waitForEnd } from './sfn-client';

let c: Conformance;
beforeAll(async () => {
  c = await startConformance();
}, 240_000);
afterAll(() => c?.runtime.stop());

const run = (definition: object, input?: string) => runToEnd(c, definition, input);

const pass = (extra: object = {}) => ({ Type: 'Pass', ...extra });

describe('JSONata (transforming-data.html)', () => {
  it('evaluates Output with $states.input', async () => {
    const ended = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'P',
        States: { P: pass({ Output: '{% $states.input.n + 1 %}', End: true }) },
      },
      '{"n": 1}',
    );
    expect(ended).toMatchObject({ status: 'SUCCEEDED', parsed: 2 });
  });

  it('fails an expression that cannot be evaluated with States.QueryEvaluationError', async () => {
    const ended = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'P',
        States: { P: pass({ Output: '{% $states.input.s + 1 %}', End: true }) },
      },
      '{"s": "text"}',
    );
    expect(ended.status).toBe('FAILED');
    expect(ended.error).toBe('States.QueryEvaluationError');
    expect(ended.cause).toMatch(/^An error occurred while executing the state 'P'/);
  });

  it('a state may choose JSONata inside a JSONPath machine, and reads $states.context', async () => {
    const ended = await run({
      StartAt: 'P',
      States: { P: pass({ QueryLanguage: 'JSONata', Output: '{% $states.context.State.Name %}', End: true }) },
    });
    expect(ended).toMatchObject({ status: 'SUCCEEDED', parsed: 'P' });
  });
});

describe('variables (workflow-variables.html)', () => {
  it('Assign in a JSONPath Pass is read by a later Choice and Parameters; assignedVariables are in the history', async () => {
    const ended = await run(
      {
        StartAt: 'Set',
        States: {
          Set: pass({ Assign: { flag: true, 'count.$': '$.n' }, Next: 'Decide' }),
          Decide: { Type: 'Choice', Choices: [{ Variable: '$flag', BooleanEquals: true, Next: 'Use' }], Default: 'No' },
          Use: pass({ Parameters: { 'counted.$': '$count' }, End: true }),
          No: { Type: 'Fail', Error: 'NotAssigned' },
        },
      },
      '{"n": 3}',
    );
    expect(ended).toMatchObject({ status: 'SUCCEEDED', parsed: { counted: 3 } });
    const exited = (await history(c, ended.executionArn)).find((e) => e.type === 'PassStateExited');
    expect(exited?.stateExitedEventDetails?.assignedVariables).toEqual({ flag: 'true', count: '3' });
  });

  it('a Map iteration reads the outer variables and cannot assign them', async () => {
    const ended = await run({
      QueryLanguage: 'JSONata',
      StartAt: 'Set',
      States: {
        Set: pass({ Assign: { base: 10 }, Next: 'Each' }),
        Each: {
          Type: 'Map',
          Items: '{% [1, 2] %}',
          ItemProcessor: {
            StartAt: 'Add',
            States: { Add: pass({ Assign: { base: 0 }, Output: '{% $states.input + $base %}', End: true }) },
          },
          Output: '{% {"sums": $states.result, "base": $base} %}',
          End: true,
        },
      },
    });
    expect(ended).toMatchObject({ status: 'SUCCEEDED', parsed: { sums: [11, 12], base: 10 } });
  });
});

describe('error matching (concepts-error-handling.html)', () => {
  it('a Catch on States.TaskFailed catches a Parallel branch failed with a custom error', async () => {
    const ended = await run({
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Custom', Cause: 'why' } } }],
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
          End: true,
        },
        Caught: pass({ End: true }),
      },
    });
    expect(ended).toMatchObject({ status: 'SUCCEEDED', parsed: { Error: 'Custom', Cause: 'why' } });
  });

  it('States.TaskFailed does not match States.Timeout; a later catcher naming it does', async () => {
    const ended = await run(
      {
        StartAt: 'Wait for token',
        States: {
          'Wait for token': {
            Type: 'Task',
            Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
            Parameters: { QueueUrl: c.queueUrl, MessageBody: { 'token.$': '$$.Task.Token' } },
            TimeoutSecondsPath: '$.t',
            Catch: [
              { ErrorEquals: ['States.TaskFailed'], Next: 'A' },
              { ErrorEquals: ['States.Timeout'], Next: 'B' },
            ],
            End: true,
          },
          A: pass({ Result: 'A', End: true }),
          B: pass({ Result: 'B', End: true }),
        },
      },
      '{"t": 1}',
    );
    expect(ended).toMatchObject({ status: 'SUCCEEDED', parsed: 'B' });
  });
});

describe('paths, intrinsics and states at their edges', () => {
  it('a ResultPath into a string fails with States.ResultPathMatchFailure (input-output-resultpath.html)', async () => {
    const ended = await run(
      { StartAt: 'P', States: { P: pass({ Result: 1, ResultPath: '$.s.t', End: true }) } },
      '{"s": "x"}',
    );
    expect(ended).toMatchObject({ status: 'FAILED', error: 'States.ResultPathMatchFailure' });
  });

  it('a wildcard on a missing path gives [] (Jayway JSONPath, as recorded on AWS)', async () => {
    const ended = await run({
      StartAt: 'P',
      States: { P: pass({ Parameters: { 'all.$': '$.missing[*].x' }, End: true }) },
    });
    expect(ended).toMatchObject({ status: 'SUCCEEDED', parsed: { all: [] } });
  });

  it('States.ArrayGetItem out of range fails with States.IntrinsicFailure; States.MathAdd rounds; StringSplit splits at each delimiter character (intrinsic-functions.html)', async () => {
    const ended = await run(
      {
        StartAt: 'P',
        States: {
          P: pass({
            Parameters: { 'sum.$': 'States.MathAdd($.half, 1)', 'parts.$': "States.StringSplit('a,b;c', ',;')" },
            Next: 'Q',
          }),
          Q: pass({ Parameters: { 'item.$': 'States.ArrayGetItem($.parts, 5)' }, End: true }),
        },
      },
      '{"half": 1.5}',
    );
    // concepts-error-handling.html: "States.IntrinsicFailure: an intrinsic function failed to evaluate".
    expect(ended).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure' });
    const exited = (await history(c, ended.executionArn)).find((e) => e.type === 'PassStateExited');
    expect(JSON.parse(exited?.stateExitedEventDetails?.output ?? '{}')).toEqual({ sum: 3, parts: ['a', 'b', 'c'] });
  });

  it('a Choice type test with false matches a value not of that type (state-choice.html)', async () => {
    const ended = await run(
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.v', IsString: false, Next: 'Yes' }], Default: 'No' },
          Yes: pass({ Result: 'yes', End: true }),
          No: pass({ Result: 'no', End: true }),
        },
      },
      '{"v": 1}',
    );
    expect(ended).toMatchObject({ status: 'SUCCEEDED', parsed: 'yes' });
  });

  it('takes any JSON as execution input, not only an object (API_StartExecution.html)', async () => {
    for (const input of ['"text"', '[1, 2]', '3', 'null']) {
      const ended = await run({ StartAt: 'P', States: { P: pass({ End: true }) } }, input);
      expect(ended).toMatchObject({ status: 'SUCCEEDED', output: JSON.stringify(JSON.parse(input)) });
    }
  });

  it('MaxConcurrency 1 starts an iteration only when the one before ended (state-map.html)', async () => {
    const ended = await run(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemProcessor: { StartAt: 'P', States: { P: pass({ End: true }) } },
            End: true,
          },
        },
      },
      '[1, 2, 3]',
    );
    const iterations = (await history(c, ended.executionArn))
      .filter((e) => e.type?.startsWith('MapIteration'))
      .map(
        (e) => `${e.type}:${e.mapIterationStartedEventDetails?.index ?? e.mapIterationSucceededEventDetails?.index}`,
      );
    expect(iterations).toEqual([
      'MapIterationStarted:0',
      'MapIterationSucceeded:0',
      'MapIterationStarted:1',
      'MapIterationSucceeded:1',
      'MapIterationStarted:2',
      'MapIterationSucceeded:2',
    ]);
  });
});

describe('history (API_HistoryEvent.html)', () => {
  it("gives the first state's entry previousEventId 0, as AWS records it", async () => {
    const ended = await run({ StartAt: 'P', States: { P: pass({ End: true }) } });
    const events = await history(c, ended.executionArn);
    expect(events.map((e) => [e.type, e.id, e.previousEventId])).toEqual([
      ['ExecutionStarted', 1, 0],
      ['PassStateEntered', 2, 0],
      ['PassStateExited', 3, 2],
      ['ExecutionSucceeded', 4, 3],
    ]);
  });

  it('records WaitStateAborted when the execution is stopped in a Wait', async () => {
    const stateMachineArn = await createMachine(c, {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 600, End: true } },
    });
    const executionArn = await start(c, stateMachineArn);
    for (let i = 0; i < 200 && !(await history(c, executionArn)).some((e) => e.type === 'WaitStateEntered'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await c.sfn.send(new StopExecutionCommand({ executionArn, error: 'Stopped', cause: 'test' }));
    const ended = await waitForEnd(c, executionArn);
    expect(ended.status).toBe('ABORTED');
    const types = (await history(c, executionArn)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['WaitStateAborted', 'ExecutionAborted']);
  });
});
