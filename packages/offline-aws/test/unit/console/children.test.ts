/**
 * A parent execution read with the children its `states:startExecution.sync:2` Tasks started
 * (console/model/children.ts, exported.ts): the child machine's states nested in the Task, the
 * child's entries placed between the Task's TaskSubmitted event and its end, and an exported set of
 * files (definitions, history, the children's log events) put back together. The parent's history
 * records only the Task's events and the child's ARN in TaskSubmitted's output
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html).
 */
import { machineNameOf, nestChildDefinitions, readWithChildren } from 'offline-aws/console/model/children';
import { containersOf } from 'offline-aws/console/model/definition';
import { assembleExport, readLogFile } from 'offline-aws/console/model/exported';
import type { HistoryEvent } from 'offline-aws/console/model/history';
import { failingState, stateOutcomes, usageOf } from 'offline-aws/console/model/outcome';

const CHILD_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:charge:1';
const CHILD = 'arn:aws:states:eu-west-1:123456789012:express:charge:run-1:0f3c2b1a-0000-4000-8000-000000000001';

const parentDefinition = JSON.stringify({
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Charge' },
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Arguments: { StateMachineArn: CHILD_MACHINE, Input: '{% $states.input %}' },
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Undo' }],
      Next: 'Done',
    },
    Undo: { Type: 'Pass', Comment: 'Compensation: nothing charged', Next: 'Failed' },
    // The child's error, named again (as the saga's FailOrder does from its variables).
    Failed: { Type: 'Fail', ErrorPath: '$.Error' },
    Done: { Type: 'Succeed' },
  },
});

// The child names one of its states as the parent does (Done): it is renamed in the drawing.
const childDefinition = JSON.stringify({
  StartAt: 'Authorize',
  States: {
    Authorize: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:authorize', Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});

const t = (ms: number) => 1_700_000_000 + ms / 1000;
const parentEvents: HistoryEvent[] = [
  { id: 1, timestamp: t(0), type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } },
  {
    id: 2,
    previousEventId: 1,
    timestamp: t(1),
    type: 'PassStateEntered',
    stateEnteredEventDetails: { name: 'Prepare' },
  },
  { id: 3, previousEventId: 2, timestamp: t(2), type: 'PassStateExited', stateExitedEventDetails: { name: 'Prepare' } },
  {
    id: 4,
    previousEventId: 3,
    timestamp: t(3),
    type: 'TaskStateEntered',
    stateEnteredEventDetails: { name: 'Charge' },
  },
  {
    id: 5,
    previousEventId: 4,
    timestamp: t(4),
    type: 'TaskScheduled',
    taskScheduledEventDetails: { resourceType: 'states', resource: 'startExecution.sync:2' },
  },
  { id: 6, previousEventId: 5, timestamp: t(5), type: 'TaskStarted', taskStartedEventDetails: {} },
  {
    id: 7,
    previousEventId: 6,
    timestamp: t(6),
    type: 'TaskSubmitted',
    taskSubmittedEventDetails: { output: JSON.stringify({ ExecutionArn: CHILD, StartDate: 1_700_000_000_006 }) },
  },
  {
    id: 8,
    previousEventId: 7,
    timestamp: t(300),
    type: 'TaskFailed',
    taskFailedEventDetails: { error: 'States.TaskFailed', cause: '{"Status":"FAILED","Error":"CardDeclined"}' },
  },
  {
    id: 9,
    previousEventId: 8,
    timestamp: t(301),
    type: 'TaskStateExited',
    stateExitedEventDetails: { name: 'Charge', output: '{"Error":"States.TaskFailed"}' },
  },
  {
    id: 10,
    previousEventId: 9,
    timestamp: t(302),
    type: 'PassStateEntered',
    stateEnteredEventDetails: { name: 'Undo' },
  },
  {
    id: 11,
    previousEventId: 10,
    timestamp: t(303),
    type: 'PassStateExited',
    stateExitedEventDetails: { name: 'Undo' },
  },
  {
    id: 12,
    previousEventId: 11,
    timestamp: t(304),
    type: 'FailStateEntered',
    stateEnteredEventDetails: { name: 'Failed' },
  },
  {
    id: 13,
    previousEventId: 12,
    timestamp: t(305),
    type: 'ExecutionFailed',
    executionFailedEventDetails: { error: 'CardDeclined' },
  },
];

/** The child's log events, as the runtime writes them for an Express execution (cw-logs.html). */
const childLog = [
  { id: '1', type: 'ExecutionStarted', details: { input: '{}' }, previous_event_id: '0' },
  { id: '2', type: 'TaskStateEntered', details: { name: 'Authorize' }, previous_event_id: '0' },
  {
    id: '3',
    type: 'LambdaFunctionScheduled',
    details: { resource: 'arn:aws:lambda:eu-west-1:123456789012:function:authorize' },
    previous_event_id: '2',
  },
  { id: '4', type: 'LambdaFunctionStarted', previous_event_id: '3' },
  {
    id: '5',
    type: 'LambdaFunctionFailed',
    details: { error: 'CardDeclined', cause: 'declined' },
    previous_event_id: '4',
  },
  { id: '6', type: 'ExecutionFailed', details: { error: 'CardDeclined', cause: 'declined' }, previous_event_id: '5' },
].map((event, index) => ({
  message: JSON.stringify({ ...event, event_timestamp: String(1_700_000_000_010 + index * 40), execution_arn: CHILD }),
}));

describe('a child execution nested in the Task that started it', () => {
  const nested = nestChildDefinitions(parentDefinition, new Map([['Charge', childDefinition]]));
  const children = assembleExport(
    [
      { definition: childDefinition, fileName: 'charge.json' },
      { definition: parentDefinition, fileName: 'checkout.json' },
    ],
    parentEvents,
    childLog,
  ).children;
  const view = readWithChildren(parentEvents, nested, children);

  it("draws the child's states inside the Task, renaming the one the parent also has", () => {
    expect(nested.graph.scopes).toContainEqual({ id: 'Charge#0', owner: 'Charge', startAt: 'Authorize' });
    expect(containersOf(nested.graph, 'Authorize')).toEqual(['Charge']);
    expect(nested.graph.states.get('Done (Charge)')?.scope).toBe('Charge#0');
    expect(nested.graph.states.get('Done')?.scope).toBe('root');
    expect(nested.graph.transitions.map((t) => t.id)).toContain('Authorize->Done (Charge)');
  });

  it("places the child's entries after TaskSubmitted and before the Task's end, in order", () => {
    expect(view.runs.map((run) => run.name)).toEqual(['Prepare', 'Charge', 'Authorize', 'Undo', 'Failed']);
    const authorize = view.byState.get('Authorize')?.[0];
    expect(authorize?.child).toBe(CHILD);
    expect(authorize?.id).toBeGreaterThan(7);
    expect(authorize?.id).toBeLessThan(8);
    expect(authorize?.attempts[0]).toMatchObject({ outcome: 'failed', error: 'CardDeclined' });
  });

  it('colours the child state that failed, the Task that caught it, and points the banner at the child state', () => {
    const outcomes = stateOutcomes(nested.graph, view);
    expect(outcomes.get('Authorize')?.status).toBe('failed');
    expect(outcomes.get('Charge')?.status).toBe('caught');
    expect(outcomes.get('Done (Charge)')?.status).toBe('notRun');
    expect(failingState(nested.graph, view)).toBe('Authorize');
  });

  it("bills the parent's transitions only: the Express child is billed per request and duration", () => {
    expect(usageOf(view)).toMatchObject({ transitions: 4, expressRequests: 1, lambdaInvocations: 1 });
  });

  it('leaves a Task plain when its child is not known', () => {
    const plain = readWithChildren(parentEvents, nestChildDefinitions(parentDefinition, new Map()), []);
    expect(plain.runs.map((run) => run.name)).toEqual(['Prepare', 'Charge', 'Undo', 'Failed']);
  });
});

describe('an exported execution put back together', () => {
  it('finds the parent by the states its history entered and a child by its machine name', () => {
    const exported = assembleExport(
      [
        { definition: childDefinition, name: 'charge', fileName: 'x.json' },
        { definition: parentDefinition, name: 'checkout', fileName: 'y.json' },
      ],
      parentEvents,
      readLogFile({ events: childLog }),
    );
    expect(exported.stateMachineName).toBe('checkout');
    expect([...exported.childDefinitions]).toEqual([['Charge', childDefinition]]);
    expect(exported.children.map((child) => child.executionArn)).toEqual([CHILD]);
  });

  it('refuses files that are not what they should be, saying which', () => {
    expect(() => assembleExport([{ definition: childDefinition, fileName: 'charge.json' }], parentEvents, [])).toThrow(
      'None of the definitions has the states this history entered',
    );
    expect(() => readLogFile({ logStreams: [] })).toThrow('Not a log file');
    expect(() =>
      assembleExport([{ definition: parentDefinition, fileName: 'p.json' }], parentEvents, [{ message: 'hello' }]),
    ).toThrow('log event 1 is not JSON');
  });

  it('reads machine names from every kind of ARN', () => {
    expect(machineNameOf(CHILD_MACHINE)).toBe('charge');
    expect(machineNameOf(CHILD)).toBe('charge');
    expect(machineNameOf('arn:aws:states:eu-west-1:1:execution:checkout:o-1')).toBe('checkout');
    expect(machineNameOf('arn:aws:lambda:eu-west-1:1:function:f')).toBeUndefined();
  });
});
