/**
 * The comparison the recorded-on-AWS conformance suite judges with
 * (test/conformance/aws-recorded/): placeholders, the snapshot's transformations of the local
 * answer, Parallel events, and the verdict's stages.
 */
import { judge, sortParallel, type Event } from '../conformance/aws-recorded/compare';
import type { RecordedCase } from '../conformance/aws-recorded/corpus';
import { diff } from '../conformance/aws-recorded/diff';
import { snapshotView } from '../conformance/aws-recorded/snapshot-view';

const kase = (overrides: Partial<RecordedCase> = {}): RecordedCase => ({
  name: 'a case',
  area: 'paths',
  test: 'base/test_base.py::test',
  definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
  input: '{}',
  expected: { status: 'SUCCEEDED', output: { a: 1 } },
  compare: {},
  ...overrides,
});

/** An event as both sides have it (a recorded one, and a local one in the snapshot's form). */
type NumberedEvent = Event & { id: number; previousEventId: number };

const event = (id: number, type: string, details: Record<string, unknown> = {}): NumberedEvent => ({
  id,
  previousEventId: id - 1,
  type,
  ...details,
});

describe('diff', () => {
  it('takes a recorded placeholder for any text, whole or in part', () => {
    expect(diff('<ExecArnPart_0idx>', 'anything')).toBeUndefined();
    expect(
      diff(
        'arn:<partition>:states:<region>:111111111111:execution:<uuid:1>',
        'arn:<partition>:states:<region>:111111111111:execution:x',
      ),
    ).toBeUndefined();
    expect(diff('id <uuid:1> end', 'id 42 ends')).toBe('value: expected "id <uuid:1> end" got "id 42 ends"');
  });

  it('takes JSON text and the value it encodes as the same', () => {
    expect(diff({ a: [1, 2] }, '{"a":[1,2]}')).toBeUndefined();
    expect(diff('{"a": 1}', { a: 2 }, 'output')).toBe('output.a: expected 1 got 2');
  });

  it('names the first difference: missing and unexpected keys, array length', () => {
    expect(diff({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(
      'value: missing b; unexpected c (expected {"a":1,"b":2} got {"a":1,"c":2})',
    );
    expect(diff([1, 2], [1], 'output')).toBe('output: expected [1,2] got [1]');
  });
});

describe('snapshotView', () => {
  it('puts the local answer in the recorded form: names, account, region, dates, UUIDs', () => {
    const context = { names: [['machine-1', '<ArnPart_0idx>'] as [string, string]], account: '000000000000' };
    const local = {
      arn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:machine-1',
      at: 'started 2024-11-04T11:02:29.123Z',
      requestId: '0f6a1c2e-1111-4222-8333-944445555666',
      copy: '0f6a1c2e-1111-4222-8333-944445555666',
      timestamp: 1730718149,
      output: '{"x":1}',
    };
    expect(snapshotView(local, context, kase())).toEqual({
      arn: 'arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>',
      at: 'started date',
      requestId: '<uuid:1>',
      copy: '<uuid:1>',
      timestamp: 'timestamp',
      output: { x: 1 },
    });
  });

  it("applies the test's own JSONPath replacements", () => {
    const compare = { jsonpathReplacements: [{ path: '$..StartTime', replacement: 'start-time' }] };
    expect(snapshotView({ a: { StartTime: 'now' } }, { names: [], account: '' }, kase({ compare }))).toEqual({
      a: { StartTime: 'start-time' },
    });
  });
});

describe('sortParallel', () => {
  it('sorts the events inside a Parallel state, strips their ids and drops ParallelStateSucceeded, as the recording did', () => {
    const events = [
      event(1, 'ParallelStateStarted'),
      event(2, 'PassStateEntered', { stateEnteredEventDetails: { name: 'B' } }),
      event(3, 'PassStateEntered', { stateEnteredEventDetails: { name: 'A' } }),
      event(4, 'ParallelStateSucceeded'),
      event(5, 'ParallelStateExited'),
    ];
    expect(sortParallel(events)).toEqual([
      event(1, 'ParallelStateStarted'),
      { id: [0], previousEventId: 0, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'A' } },
      { id: [0], previousEventId: 0, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'B' } },
      event(5, 'ParallelStateExited'),
    ]);
  });
});

describe('judge', () => {
  const history = [
    event(1, 'ExecutionStarted', { executionStartedEventDetails: { input: {}, inputDetails: { truncated: false } } }),
    event(2, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: { a: 1 } } }),
  ];
  const recorded = kase({ expected: { status: 'SUCCEEDED', output: { a: 1 }, events: history } });

  it('is the same when status, result, event types and details are', () => {
    expect(judge(recorded, { status: 'SUCCEEDED', result: { output: '{"a":1}' }, events: history })).toMatchObject({
      same: true,
    });
  });

  it('gives the first stage that differs', () => {
    const failed = { status: 'FAILED', result: { error: 'States.Runtime', cause: 'no' }, events: history };
    expect(judge(recorded, failed).first).toBe('status: expected SUCCEEDED got FAILED (States.Runtime: "no")');
    const other = { status: 'SUCCEEDED', result: { output: { a: 2 } }, events: history };
    expect(judge(recorded, other).first).toBe('result: output.a: expected 1 got 2');
    const short = { status: 'SUCCEEDED', result: { output: { a: 1 } }, events: history.slice(0, 1) };
    expect(judge(recorded, short).first).toBe(
      'types: event #2 type: expected ExecutionSucceeded got (end) (expected 2 events, got 1)',
    );
  });

  it("judges the history's shape in strict mode only", () => {
    const renumbered = history.map((e) => ({ ...e, previousEventId: 7 }));
    const local = { status: 'SUCCEEDED', result: { output: { a: 1 } }, events: renumbered };
    expect(judge(recorded, local).same).toBe(true);
    expect(judge(recorded, local, true).first).toBe(
      'shape: event #1 ExecutionStarted.previousEventId: expected 0 got 7',
    );
  });
});
