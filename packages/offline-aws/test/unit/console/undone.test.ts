/**
 * The failure banner's "Undone by compensation": a compensation step whose result is a
 * placeholder record (the project's RecordTable `placeholder` field true) found nothing to undo.
 */
import { readDefinition } from 'offline-aws/console/model/definition';
import { readExecution, type HistoryEvent } from 'offline-aws/console/model/history';
import { foundNothingToUndo } from 'offline-aws/console/page/undone';

const compensation = (name: string, next: string) => ({
  Type: 'Task',
  Comment: 'Compensation: undoes its step',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: `svc-${name}` },
  ResultPath: null,
  Next: next,
});
const graph = readDefinition(
  JSON.stringify({
    StartAt: 'CancelShipment',
    States: {
      CancelShipment: compensation('cancel', 'ReleaseStock'),
      ReleaseStock: compensation('release', 'Failed'),
      Failed: { Type: 'Fail', Error: 'Undone' },
    },
  }),
);

/** Each compensation call succeeds with `results` (the lambda:invoke wrapping, or the plain result). */
function history(results: Record<string, unknown>): HistoryEvent[] {
  const steps: [string, Record<string, unknown>?][] = [['ExecutionStarted', { input: '{}' }]];
  for (const [name, result] of Object.entries(results)) {
    steps.push(
      ['TaskStateEntered', { name }],
      ['TaskScheduled', { resource: 'invoke', resourceType: 'lambda' }],
      ['TaskStarted', { resource: 'invoke', resourceType: 'lambda' }],
      ['TaskSucceeded', { resource: 'invoke', resourceType: 'lambda', output: JSON.stringify(result) }],
      ['TaskStateExited', { name, output: '{}' }],
    );
  }
  steps.push(['FailStateEntered', { name: 'Failed' }], ['ExecutionFailed', { error: 'Undone' }]);
  return steps.map(([type, details], index) => ({
    id: index + 1,
    previousEventId: index,
    timestamp: 1_700_000_000 + index / 100,
    type,
    ...(details ? { [`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`]: details } : {}),
  }));
}

it('tells a step that found nothing to undo from one that undid something, the lambda:invoke wrapping or not', () => {
  const execution = readExecution(
    history({
      CancelShipment: { Payload: { status: 'CANCELLED', nothingToUndo: true }, StatusCode: 200 },
      ReleaseStock: { status: 'RELEASED' },
    }),
    graph,
  );
  expect(foundNothingToUndo(execution, 'CancelShipment', ['nothingToUndo'])).toBe(true);
  expect(foundNothingToUndo(execution, 'ReleaseStock', ['nothingToUndo'])).toBe(false);
  expect(foundNothingToUndo(execution, 'CancelShipment', ['someOtherField'])).toBe(false);
  const plain = readExecution(history({ CancelShipment: { nothingToUndo: true }, ReleaseStock: {} }), graph);
  expect(foundNothingToUndo(plain, 'CancelShipment', ['nothingToUndo'])).toBe(true);
  expect(foundNothingToUndo(plain, 'NotRun', ['nothingToUndo'])).toBe(false);
});
