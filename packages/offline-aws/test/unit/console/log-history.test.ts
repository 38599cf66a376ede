/**
 * An Express execution's history rebuilt from its CloudWatch Logs log events (console/model/
 * log-history.ts): the messages the runtime writes (logs-api/execution-logs.ts, in the format of
 * https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html) read back as the events
 * GetExecutionHistory would have returned, which the console's history reader understands.
 */
import { readDefinition } from 'offline-aws/console/model/definition';
import { readExecution } from 'offline-aws/console/model/history';
import {
  detailsField,
  historiesFromLogEvents,
  historyFromLogEvents,
  LogHistoryError,
  missingEventIds,
} from 'offline-aws/console/model/log-history';
import { expressMachineArn, isExpressExecution } from 'offline-aws/console/page/express';
import { eventDetailsKey, type HistoryEvent as EngineEvent } from 'offline-aws/engine/history';
import { executionLogMessage } from 'offline-aws/logs-api/execution-logs';

const ARN = 'arn:aws:states:eu-west-1:123456789012:express:checkout:run-1:0f3c2b1a-0000-4000-8000-000000000001';
const OTHER = 'arn:aws:states:eu-west-1:123456789012:express:checkout:run-2:0f3c2b1a-0000-4000-8000-000000000002';
const at = (ms: number) => new Date(1_700_000_000_000 + ms);

/** The history events of a run of Prepare (Pass) → Done (Succeed), as the engine records them. */
const engineEvents: EngineEvent[] = [
  {
    id: 1,
    previousEventId: 0,
    timestamp: at(0),
    type: 'ExecutionStarted',
    executionStartedEventDetails: {
      input: '{}',
      inputDetails: { truncated: false },
      roleArn: 'arn:aws:iam::123456789012:role/r',
    },
  },
  {
    id: 2,
    previousEventId: 0,
    timestamp: at(1),
    type: 'PassStateEntered',
    stateEnteredEventDetails: { name: 'Prepare', input: '{}', inputDetails: { truncated: false } },
  },
  {
    id: 3,
    previousEventId: 2,
    timestamp: at(2),
    type: 'PassStateExited',
    stateExitedEventDetails: { name: 'Prepare', output: '{"ok":true}', outputDetails: { truncated: false } },
  },
  {
    id: 4,
    previousEventId: 3,
    timestamp: at(3),
    type: 'SucceedStateEntered',
    stateEnteredEventDetails: { name: 'Done', input: '{"ok":true}', inputDetails: { truncated: false } },
  },
  {
    id: 5,
    previousEventId: 4,
    timestamp: at(4),
    type: 'SucceedStateExited',
    stateExitedEventDetails: { name: 'Done', output: '{"ok":true}', outputDetails: { truncated: false } },
  },
  {
    id: 6,
    previousEventId: 5,
    timestamp: at(5),
    type: 'ExecutionSucceeded',
    executionSucceededEventDetails: { output: '{"ok":true}', outputDetails: { truncated: false } },
  },
];
const definition = readDefinition({
  StartAt: 'Prepare',
  States: { Prepare: { Type: 'Pass', Result: { ok: true }, Next: 'Done' }, Done: { Type: 'Succeed' } },
});

it('reads the log events back as the history GetExecutionHistory returns (epoch-second timestamps, details under their field)', () => {
  const messages = engineEvents.map((event) => ({ message: executionLogMessage(event, ARN, true) }));
  const history = historyFromLogEvents([...messages].reverse());
  expect(history).toEqual(engineEvents.map((event) => ({ ...event, timestamp: event.timestamp.getTime() / 1000 })));
  expect(missingEventIds(history)).toEqual([]);
  const view = readExecution(history, definition);
  expect(view.status).toBe('SUCCEEDED');
  expect(view.runs.map((run) => run.name)).toEqual(['Prepare', 'Done']);
});

it('keeps one execution of a log group, and refuses events of several when none is named', () => {
  const mixed = [
    ...engineEvents.map((event) => executionLogMessage(event, ARN, false)),
    executionLogMessage(engineEvents[0] as EngineEvent, OTHER, false),
  ];
  expect(historyFromLogEvents(mixed, ARN)).toHaveLength(6);
  expect(historyFromLogEvents(mixed, OTHER).map((event) => event.type)).toEqual(['ExecutionStarted']);
  expect(() => historyFromLogEvents(mixed)).toThrow(LogHistoryError);
});

it('a level other than ALL gives a partial history, whose gaps are named', () => {
  const failed: EngineEvent = {
    id: 9,
    previousEventId: 8,
    timestamp: at(9),
    type: 'ExecutionFailed',
    executionFailedEventDetails: { error: 'Refused', cause: 'no' },
  };
  const history = historyFromLogEvents([executionLogMessage(failed, ARN, false)]);
  expect(history).toEqual([
    {
      id: 9,
      previousEventId: 8,
      timestamp: 1_700_000_000.009,
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'Refused', cause: 'no' },
    },
  ]);
  expect(missingEventIds(history)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});

it('names a log event that is not an execution log event', () => {
  expect(() => historyFromLogEvents([{ message: 'START RequestId: 1' }])).toThrow('log event 1 is not JSON');
  expect(() => historyFromLogEvents(['{"type":"ExecutionStarted"}'])).toThrow('log event 1 has no integer id');
});

it('names the details field as the engine and API_HistoryEvent.html do', () => {
  for (const type of [
    'TaskStateEntered',
    'MapStateExited',
    'LambdaFunctionScheduled',
    'ExecutionFailed',
    'MapRunStarted',
  ]) {
    expect(detailsField(type)).toBe(eventDetailsKey(type));
  }
});

it('tells an Express execution by its ARN and names its state machine (the console reads its log group)', () => {
  expect(isExpressExecution(ARN)).toBe(true);
  expect(isExpressExecution('arn:aws:states:eu-west-1:123456789012:execution:checkout:run-1')).toBe(false);
  expect(expressMachineArn(ARN)).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:checkout');
});

it("splits a log group's events into each execution's history, in the order the executions first appear", () => {
  const mixed = [
    executionLogMessage(engineEvents[0] as EngineEvent, ARN, false),
    executionLogMessage(engineEvents[0] as EngineEvent, OTHER, false),
    ...engineEvents.slice(1).map((event) => executionLogMessage(event, ARN, false)),
  ];
  const histories = historiesFromLogEvents(mixed);
  expect([...histories.keys()]).toEqual([ARN, OTHER]);
  expect(histories.get(ARN)).toHaveLength(6);
  expect(histories.get(OTHER)?.map((event) => event.type)).toEqual(['ExecutionStarted']);
  expect(() => historiesFromLogEvents(['{"id":"1","type":"ExecutionStarted","event_timestamp":"1"}'])).toThrow(
    'log event 1 has no execution_arn',
  );
});
