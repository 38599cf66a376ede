/**
 * The pure parts of the console's execution views: what the graph draws (states hidden, catch
 * transitions folded), the steps of the table and the timeline, the timeline's scale, the fit of
 * the zoomable graph, the format of times and the list's search.
 */
import { readDefinition } from 'offline-aws/console/model/definition';
import { readExecution, type HistoryEvent } from 'offline-aws/console/model/history';
import { stateOutcomes } from 'offline-aws/console/model/outcome';
import { fitTransform } from 'offline-aws/console/page/fit';
import { formatTime, zoneOffset } from 'offline-aws/console/page/format';
import { calls, orderBranches, shownGraph } from 'offline-aws/console/page/graph-layout';
import { matches, type Searchable } from 'offline-aws/console/page/search';
import { executionSteps, sortSteps, stepSegments } from 'offline-aws/console/page/steps';
import { formatOffset, tickStep, timeTicks } from 'offline-aws/console/page/time-scale';

const task = (next: string) => ({
  Type: 'Task',
  Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:svc-work',
  Next: next,
  Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 1 }],
  Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Undo' }],
});
const definition = {
  StartAt: 'First',
  States: {
    First: task('Second'),
    Second: task('Third'),
    Third: { ...task('Done'), Catch: [{ ErrorEquals: ['Oops'], Next: 'Undo' }] },
    Done: { Type: 'Succeed' },
    Undo: { Type: 'Pass', Next: 'Failed' },
    Failed: { Type: 'Fail', Error: 'Undone' },
  },
};
const graph = readDefinition(JSON.stringify(definition));

/** A history: First succeeds on its second call after a 1 s backoff, Second fails into Undo. */
function history(): HistoryEvent[] {
  const t0 = Date.UTC(2025, 4, 2, 12, 0, 0) / 1000;
  const events: [number, string, Record<string, unknown>?][] = [
    [0, 'ExecutionStarted', { input: '{"ticketId":"T-1"}' }],
    [0.01, 'TaskStateEntered', { name: 'First' }],
    [0.02, 'LambdaFunctionScheduled', { resource: 'arn:aws:lambda:eu-west-1:1:function:svc-work' }],
    [0.03, 'LambdaFunctionStarted'],
    [0.2, 'LambdaFunctionFailed', { error: 'Busy' }],
    [1.2, 'LambdaFunctionScheduled', { resource: 'arn:aws:lambda:eu-west-1:1:function:svc-work' }],
    [1.21, 'LambdaFunctionStarted'],
    [1.5, 'LambdaFunctionSucceeded', { output: '{}' }],
    [1.51, 'TaskStateExited', { name: 'First', output: '{}' }],
    [1.52, 'TaskStateEntered', { name: 'Second' }],
    [1.53, 'LambdaFunctionScheduled', { resource: 'arn:aws:lambda:eu-west-1:1:function:svc-work' }],
    [1.54, 'LambdaFunctionStarted'],
    [1.6, 'LambdaFunctionFailed', { error: 'Broken' }],
    [1.61, 'TaskStateExited', { name: 'Second' }],
    [1.62, 'PassStateEntered', { name: 'Undo' }],
    [1.63, 'PassStateExited', { name: 'Undo', output: '{}' }],
    [1.64, 'FailStateEntered', { name: 'Failed' }],
    [1.7, 'ExecutionFailed', { error: 'Undone' }],
  ];
  return events.map(([at, type, details], index) => ({
    id: index + 1,
    ...(index === 0 ? {} : { previousEventId: index }),
    timestamp: t0 + at,
    type,
    ...(details ? { [`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`]: details } : {}),
  }));
}

describe('what the graph draws', () => {
  it('folds the Catch transitions of several states into one node per target', () => {
    const shown = shownGraph(graph);
    expect(shown.groups).toEqual([
      expect.objectContaining({ id: '__catch__Undo', target: 'Undo', sources: ['First', 'Second', 'Third'], key: 1 }),
    ]);
    expect(shown.groups[0]?.errors.get('Third')).toBe('Oops');
    const ids = shown.transitions.map((t) => t.id);
    expect(ids).toContain('__catch__Undo->Undo');
    expect(ids).not.toContain('First->Undo');
    expect(ids).toContain('First->Second');
    expect(shown.portOf.get('Second')?.target).toBe('Undo');
  });

  it('leaves the hidden states out, and a single remaining Catch as a line', () => {
    const shown = shownGraph(graph, new Set(['Second', 'Third', 'Done']));
    expect(shown.states.map((s) => s.name)).toEqual(['First', 'Undo', 'Failed']);
    expect(shown.groups).toEqual([]);
    expect(shown.transitions.map((t) => t.id)).toEqual([
      'First->Undo',
      'Undo->Failed',
      '__start__->First',
      'Failed->__end__',
    ]);
  });
});

describe('the steps of an execution', () => {
  const execution = readExecution(history(), graph);
  const outcomes = stateOutcomes(graph, execution);
  const steps = executionSteps(graph, execution, outcomes, Date.now());

  it('has one step per state entry, in the order they happened, with the graph status', () => {
    expect(steps.map((s) => [s.key, s.type, s.status, s.attempts, s.error])).toEqual([
      ['First#1', 'Task', 'retried', 2, undefined],
      ['Second#1', 'Task', 'caught', 1, 'Broken'],
      ['Undo#1', 'Pass', 'succeeded', 0, undefined],
      ['Failed#1', 'Fail', 'failed', 0, 'Undone'],
    ]);
    expect(steps[0]?.durationMs).toBeCloseTo(1500);
    // A Fail state has no exit: it lasts until its last event, its entry (not until the execution's end).
    expect(steps[3]?.durationMs).toBe(0);
  });

  it('sorts by a column, ties in the order they happened', () => {
    expect(sortSteps(steps, 'durationMs', true).map((s) => s.state)).toEqual(['First', 'Second', 'Undo', 'Failed']);
    expect(sortSteps(steps, 'attempts', false).map((s) => s.state)).toEqual(['Undo', 'Failed', 'Second', 'First']);
  });

  it('draws the calls, the failed one and the backoff between them', () => {
    const first = steps[0];
    if (!first) throw new Error('no step');
    const kinds = stepSegments(first, false, Date.now()).map((s) => [s.kind, Math.round(s.to - s.from)]);
    expect(kinds).toEqual([
      ['state', 1500],
      ['failedAttempt', 180],
      ['backoff', 1000],
      ['attempt', 300],
    ]);
  });
});

describe('the timeline scale', () => {
  it('ticks at 1, 2 or 5 times a power of ten', () => {
    expect(tickStep(1650)).toBe(500);
    expect(tickStep(300_000)).toBe(50_000);
    expect(tickStep(7)).toBe(2);
    expect(timeTicks(1650)).toEqual([0, 500, 1000, 1500]);
  });

  it('labels offsets in ms, s and min', () => {
    expect([0, 250, 1500, 120_000, 90_000].map(formatOffset)).toEqual([
      '+0',
      '+250 ms',
      '+1.5 s',
      '+2 min',
      '+1 min 30 s',
    ]);
  });
});

describe('the fit of the graph', () => {
  it('scales a tall drawing down to the view, centred, and never above 100 %', () => {
    const tall = fitTransform({ width: 1000, height: 600 }, { width: 500, height: 1168 });
    expect(tall.scale).toBeCloseTo(0.5);
    // Scaled about its centre: its left edge lands at (1000 − 250) / 2.
    expect(500 / 2 - (tall.scale * 500) / 2 + tall.scale * tall.x).toBeCloseTo(375);
    expect(fitTransform({ width: 1000, height: 600 }, { width: 200, height: 100 }).scale).toBe(1);
  });
});

describe('times', () => {
  it('have a date, milliseconds and the zone (jest runs in UTC)', () => {
    const at = Date.UTC(2025, 4, 2, 14, 3, 5, 7);
    expect(formatTime(at)).toBe('2025-05-02 14:03:05.007 UTC+00:00');
    expect(formatTime(at, { zone: false })).toBe('2025-05-02 14:03:05.007');
    expect(zoneOffset(at)).toBe('UTC+00:00');
    expect(formatTime(undefined)).toBe('—');
  });
});

describe('the search of the list', () => {
  const row: Searchable = {
    executionArn: 'arn:aws:states:eu-west-1:1:execution:m:run-1',
    name: 'run-1',
    status: 'FAILED',
    error: 'PaymentDeclined',
    input: '{"customerId":"cust_42"}',
  };

  it('finds every word in the name, ARN, status, error or input, whatever the case', () => {
    expect(matches(row, '')).toBe(true);
    expect(matches(row, 'RUN-1')).toBe(true);
    expect(matches(row, 'cust_42 declined')).toBe(true);
    expect(matches(row, 'execution:m:')).toBe(true);
    expect(matches(row, 'cust_43')).toBe(false);
  });
});

describe('orderBranches', () => {
  const parallel = readDefinition(
    JSON.stringify({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          End: true,
          Branches: ['A', 'B', 'C'].map((name) => ({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } })),
        },
      },
    }),
  );
  const laid = (xs: [number, number][]) => ({
    id: 'root',
    children: [{ id: 'P', children: xs.map(([x, width], i) => ({ id: `P#${i}`, x, y: 10, width, height: 40 })) }],
  });
  const xsOf = (node: ReturnType<typeof laid>) => node.children[0]?.children.map((box) => [box.id, box.x]);

  it('puts the branch boxes in definition order, in the row ELK laid out', () => {
    // ELK drew branch 2 first, then 0, then 1 (widths 100, 50, 80; gaps 20).
    const node = laid([
      [120, 50],
      [190, 80],
      [0, 100],
    ]);
    orderBranches(node, parallel);
    expect(xsOf(node)).toEqual([
      ['P#0', 0],
      ['P#1', 70],
      ['P#2', 170],
    ]);
  });

  it('leaves boxes that are not in one row as they are', () => {
    const node = laid([
      [0, 100],
      [50, 100],
      [300, 100],
    ]);
    orderBranches(node, parallel);
    expect(xsOf(node)).toEqual([
      ['P#0', 0],
      ['P#1', 50],
      ['P#2', 300],
    ]);
  });
});

describe('calls', () => {
  it('names the function of a lambda:invoke Task from Parameters (JSONPath) or Arguments (JSONata)', () => {
    const fn = 'arn:aws:lambda:eu-west-1:000000000000:function:app-dev-reviewer';
    const machine = (field: string) =>
      readDefinition(
        JSON.stringify({
          StartAt: 'Ask',
          ...(field === 'Arguments' ? { QueryLanguage: 'JSONata' } : {}),
          States: {
            Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', [field]: { FunctionName: fn }, End: true },
          },
        }),
      );
    for (const field of ['Parameters', 'Arguments']) {
      const state = machine(field).states.get('Ask');
      expect(state && calls(state)).toBe('λ reviewer');
    }
  });
});
