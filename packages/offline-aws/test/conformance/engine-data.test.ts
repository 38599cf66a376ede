/**
 * How data flows through states in the offline engine: ResultPath, the Context object, and the
 * payload size quota.
 */
import { FUNCTION_ARN, run, single, type Json } from './support';

const ISO_8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

// AWS: "Specifying state output using ResultPath in Step Functions"
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
// "ResultPath": "$" (the default) replaces the whole input with the result.
describe('ResultPath "$" (AWS: "Specifying state output using ResultPath in Step Functions")', () => {
  it('replaces the input with the result', async () => {
    const outcome = await run(single({ Type: 'Pass', Result: { r: 1 }, ResultPath: '$', End: true }), { a: 1 });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { r: 1 } });
  });

  it('replaces the input with a result that is not an object', async () => {
    const outcome = await run(single({ Type: 'Pass', Result: 'done', ResultPath: '$', End: true }), { a: 1 });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'done' });
  });

  it('in a Catch, replaces the input with the error output', async () => {
    const definition = {
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: FUNCTION_ARN,
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    };
    const failing = () => Promise.reject(Object.assign(new Error('no stock'), { name: 'OutOfStock' }));
    const outcome = await run(definition, { a: 1 }, { tasks: { Work: failing } });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { Error: 'OutOfStock', Cause: 'no stock' } });
  });
});

// AWS: "Accessing execution data from the Context object in Step Functions"
// https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
describe('Context object (AWS: "Accessing execution data from the Context object in Step Functions")', () => {
  it('$$.State holds the Name and EnteredTime of the current state; RetryCount only in a Task (recorded on AWS)', async () => {
    const before = new Date().toISOString();
    const outcome = await run(
      single({
        Type: 'Pass',
        Parameters: { 'name.$': '$$.State.Name', 'entered.$': '$$.State.EnteredTime', 'state.$': '$$.State' },
        End: true,
      }),
    );
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', output: { name: 'S' } });
    const output = outcome.status === 'SUCCEEDED' ? (outcome.output as { entered: string; state: object }) : null;
    expect(output?.entered).toMatch(ISO_8601);
    expect((output?.entered ?? '') >= before).toBe(true);
    expect(Object.keys(output?.state ?? {}).sort()).toEqual(['EnteredTime', 'Name']);
  });

  it('$$.State.RetryCount counts the retries of the state', async () => {
    const seen: Json[] = [];
    const work = (input: Json) => {
      seen.push(input);
      return seen.length < 3 ? Promise.reject(new Error('flaky')) : Promise.resolve('ok');
    };
    const outcome = await run(
      single({
        Type: 'Task',
        Resource: FUNCTION_ARN,
        Parameters: { 'retries.$': '$$.State.RetryCount', 'name.$': '$$.State.Name' },
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }],
        End: true,
      }),
      {},
      { tasks: { S: work }, retryIntervalMs: 0 },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'ok' });
    expect(seen).toEqual([0, 1, 2].map((retries) => ({ retries, name: 'S' })));
  });

  const contextProbe = {
    'input.$': '$$.Execution.Input',
    'start.$': '$$.Execution.StartTime',
    'id.$': '$$.Execution.Id',
    'state.$': '$$.State.Name',
  };
  const execution = { Id: 'arn:aws:states:us-east-1:123456789012:execution:m:e' };

  // Also AWS: "Parallel workflow state" — each branch gets a copy of the Parallel state's input, but
  // the Context object is the execution's.
  it('inside a Parallel branch, $$.Execution is the execution’s, not the branch’s', async () => {
    const definition = {
      StartAt: 'Start',
      States: {
        Start: { Type: 'Pass', Parameters: { 'start.$': '$$.Execution.StartTime', 'part.$': '$.part' }, Next: 'Fork' },
        Fork: {
          Type: 'Parallel',
          InputPath: '$.part',
          Branches: [{ StartAt: 'Probe', States: { Probe: { Type: 'Pass', Parameters: contextProbe, End: true } } }],
          ResultPath: '$.branches',
          End: true,
        },
      },
    };
    const input = { part: { n: 1 }, other: true };
    const outcome = await run(definition, input, { execution });
    expect(outcome.status).toBe('SUCCEEDED');
    const output = outcome.status === 'SUCCEEDED' ? (outcome.output as { start: string; branches: Json[] }) : null;
    expect(output?.branches).toEqual([{ input, start: output?.start, id: execution.Id, state: 'Probe' }]);
  });

  // Also AWS: "Map workflow state".
  it('inside a Map iteration, $$.Execution is the execution’s, not the iteration’s', async () => {
    const definition = {
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Pass',
          Parameters: { 'start.$': '$$.Execution.StartTime', 'items.$': '$.items' },
          Next: 'Each',
        },
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'Probe', States: { Probe: { Type: 'Pass', Parameters: contextProbe, End: true } } },
          ResultPath: '$.iterations',
          End: true,
        },
      },
    };
    const input = { items: ['a', 'b'] };
    const outcome = await run(definition, input, { execution });
    expect(outcome.status).toBe('SUCCEEDED');
    const output = outcome.status === 'SUCCEEDED' ? (outcome.output as { start: string; iterations: Json[] }) : null;
    const expected = { input, start: output?.start, id: execution.Id, state: 'Probe' };
    expect(output?.iterations).toEqual([expected, expected]);
  });
});

// AWS: JSONPath in Step Functions follows Jayway's: an indefinite path (wildcard, slice, filter)
// gives a list; executions recorded on AWS (json_path_array_wildcard_or_slice_with_no_input,
// state_pass_regex_json_path_base) give [] when nothing matches and [match] for one match.
describe('indefinite JSONPath (AWS: "Paths" / executions recorded on AWS)', () => {
  const pass = (path: string) => single({ Type: 'Pass', Parameters: { 'item.$': path }, End: true });

  it('a wildcard or slice over nothing gives [], not States.Runtime', async () => {
    for (const path of [
      '$[*]',
      '$.items[*]',
      '$.items[1:]',
      '$.items[:1]',
      '$.item.items[1:5]',
      '$.items[*].itemValue',
    ]) {
      expect({ path, outcome: await run(pass(path), {}) }).toEqual({
        path,
        outcome: { status: 'SUCCEEDED', output: { item: [] } },
      });
    }
  });

  it('one match of a filter is still a list of one', async () => {
    const input = {
      users: [
        { year: 1997, status: 0 },
        { year: 1998, status: 1 },
      ],
    };
    expect(await run(pass('$.users[?(@.status == 0)]'), input)).toEqual({
      status: 'SUCCEEDED',
      output: { item: [{ year: 1997, status: 0 }] },
    });
  });

  it('a definite path still fails on nothing, and picks one value', async () => {
    expect(await run(pass('$.items[0]'), {})).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(await run(pass('$.items[1]'), { items: ['a', 'b'] })).toEqual({
      status: 'SUCCEEDED',
      output: { item: 'b' },
    });
  });
});
