/**
 * The console reads a redriven execution's history (API_RedriveExecution.html: ExecutionRedriven after
 * the terminal event, then the states' events): running again after ExecutionRedriven, ended by the
 * last terminal event, the redriven state entered twice.
 */
import { readDefinition } from 'offline-aws/console/model/definition';
import { readExecution, type HistoryEvent } from 'offline-aws/console/model/history';

const graph = readDefinition(
  JSON.stringify({
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:svc-work', End: true } },
  }),
);

function history(ended: boolean): HistoryEvent[] {
  const t0 = Date.UTC(2025, 4, 2, 12, 0, 0) / 1000;
  const events: [string, Record<string, unknown>?][] = [
    ['ExecutionStarted', { input: '{}' }],
    ['TaskStateEntered', { name: 'Work', input: '{}' }],
    ['LambdaFunctionScheduled', { resource: 'arn:aws:lambda:eu-west-1:1:function:svc-work' }],
    ['LambdaFunctionStarted'],
    ['LambdaFunctionFailed', { error: 'Busy' }],
    ['ExecutionFailed', { error: 'Busy' }],
    ['ExecutionRedriven', { redriveCount: 1 }],
    ['TaskStateEntered', { name: 'Work', input: '{}' }],
    ['LambdaFunctionScheduled', { resource: 'arn:aws:lambda:eu-west-1:1:function:svc-work' }],
    ['LambdaFunctionStarted'],
    ...(ended
      ? ([
          ['LambdaFunctionSucceeded', { output: '"ok"' }],
          ['TaskStateExited', { name: 'Work', output: '"ok"' }],
          ['ExecutionSucceeded', { output: '"ok"' }],
        ] as [string, Record<string, unknown>][])
      : []),
  ];
  return events.map(([type, details], index) => ({
    id: index + 1,
    previousEventId: index,
    timestamp: t0 + index / 100,
    type,
    ...(details ? { [`${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`]: details } : {}),
  }));
}

it('is RUNNING again after ExecutionRedriven, without the first end', () => {
  const view = readExecution(history(false), graph);
  expect(view.status).toBe('RUNNING');
  expect(view.error).toBeUndefined();
  expect(view.stoppedAt).toBeUndefined();
});

it('ends with its last terminal event; the redriven state has two entries', () => {
  const view = readExecution(history(true), graph);
  expect(view).toMatchObject({ status: 'SUCCEEDED', output: '"ok"' });
  expect(view.byState.get('Work')).toHaveLength(2);
});
