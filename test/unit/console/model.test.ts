/**
 * The console's reading of an execution from a definition and a history alone, on a history in
 * the AWS CLI's export format (`aws stepfunctions get-execution-history`: ISO timestamps).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDefinition, readPath } from 'offline-aws/console/model/definition';
import { readExecution, readHistoryFile } from 'offline-aws/console/model/history';
import { failingState, stateOutcomes, usageOf } from 'offline-aws/console/model/outcome';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'e2e', 'fixtures', name), 'utf8'));

describe('an exported history of a declined payment', () => {
  const graph = readDefinition(fixture('order-processing.definition.json') as never);
  const execution = readExecution(readHistoryFile(fixture('payment-declined.history.json')), graph);
  const outcomes = stateOutcomes(graph, execution);

  it('reads the outcome from the last event', () => {
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('PaymentDeclined');
  });

  it('colours each state by what happened', () => {
    expect(outcomes.get('AssessRisk')?.status).toBe('succeeded');
    expect(outcomes.get('AuthorizePayment')?.status).toBe('failed');
    expect(outcomes.get('ReserveInventory')?.status).toBe('succeeded');
    expect(outcomes.get('ReserveAndAuthorize')?.status).toBe('caught');
    expect(outcomes.get('CancelShipment')?.status).toBe('compensation');
    expect(outcomes.get('RequestReview')?.status).toBe('notRun');
    expect(outcomes.get('FailOrder')?.status).toBe('failed');
  });

  it('points the error banner at the state that failed with the execution error', () => {
    expect(failingState(graph, execution)).toBe('AuthorizePayment');
  });

  it('follows the path taken, and only it', () => {
    expect(execution.taken).toContain('AssessRisk->ReserveAndAuthorize');
    expect(execution.taken).toContain('ReserveAndAuthorize->CancelShipment');
    expect(execution.taken).not.toContain('ReserveAndAuthorize->ConfirmOrder');
  });

  it('counts transitions and invocations as they are billed', () => {
    const usage = usageOf(execution);
    expect(usage.transitions).toBe(execution.runs.length);
    expect(usage.lambdaInvocations).toBe(6);
    expect(usage.snsPublishes).toBe(1);
    expect(usage.expressRequests).toBe(0);
  });
});

describe('readHistoryFile', () => {
  it('refuses a file that is not a history, saying why', () => {
    expect(() => readHistoryFile({ executions: [] })).toThrow('expected {"events": [...]}');
    expect(() => readHistoryFile({ events: [{ id: 2, type: 'TaskStateEntered', timestamp: 1 }] })).toThrow(
      'does not start with ExecutionStarted',
    );
  });
});

describe('readPath', () => {
  it('reads the simple paths Wait states use, and nothing else', () => {
    expect(readPath({ a: { b: [5, 6] } }, '$.a.b[1]')).toBe(6);
    expect(readPath({ a: 1 }, '$..a')).toBeUndefined();
  });
});

describe('a Task retried after a transient error', () => {
  const definition = {
    StartAt: 'Charge',
    States: {
      Charge: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:charge',
        Retry: [{ ErrorEquals: ['TransientError'], IntervalSeconds: 2 }],
        Next: 'Hold',
      },
      Hold: { Type: 'Wait', SecondsPath: '$.holdSeconds', End: true },
    },
  };
  const lambda = 'arn:aws:lambda:eu-west-1:123456789012:function:charge';
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 29, 12, 0, seconds)).toISOString();
  const events = [
    {
      id: 1,
      previousEventId: 0,
      timestamp: at(0),
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: '{"holdSeconds":30}' },
    },
    {
      id: 2,
      previousEventId: 1,
      timestamp: at(0),
      type: 'TaskStateEntered',
      stateEnteredEventDetails: { name: 'Charge', input: '{"holdSeconds":30}' },
    },
    {
      id: 3,
      previousEventId: 2,
      timestamp: at(0),
      type: 'LambdaFunctionScheduled',
      lambdaFunctionScheduledEventDetails: { resource: lambda },
    },
    { id: 4, previousEventId: 3, timestamp: at(1), type: 'LambdaFunctionStarted' },
    {
      id: 5,
      previousEventId: 4,
      timestamp: at(2),
      type: 'LambdaFunctionFailed',
      lambdaFunctionFailedEventDetails: { error: 'TransientError', cause: '{"errorMessage":"try again"}' },
    },
    {
      id: 6,
      previousEventId: 5,
      timestamp: at(4),
      type: 'LambdaFunctionScheduled',
      lambdaFunctionScheduledEventDetails: { resource: lambda },
    },
    { id: 7, previousEventId: 6, timestamp: at(4), type: 'LambdaFunctionStarted' },
    {
      id: 8,
      previousEventId: 7,
      timestamp: at(5),
      type: 'LambdaFunctionSucceeded',
      lambdaFunctionSucceededEventDetails: { output: '{}' },
    },
    {
      id: 9,
      previousEventId: 8,
      timestamp: at(5),
      type: 'TaskStateExited',
      stateExitedEventDetails: { name: 'Charge', output: '{"holdSeconds":30}' },
    },
    {
      id: 10,
      previousEventId: 9,
      timestamp: at(5),
      type: 'WaitStateEntered',
      stateEnteredEventDetails: { name: 'Hold', input: '{"holdSeconds":30}' },
    },
  ];
  const graph = readDefinition(JSON.stringify(definition));
  const execution = readExecution(readHistoryFile({ events }), graph);
  const outcomes = stateOutcomes(graph, execution);

  it('lists every attempt with its error and the backoff before the retry', () => {
    const attempts = execution.byState.get('Charge')?.[0]?.attempts ?? [];
    expect(attempts.map((a) => [a.number, a.outcome, a.error, a.backoffMs])).toEqual([
      [1, 'failed', 'TransientError', undefined],
      [2, 'succeeded', undefined, 2000],
    ]);
    expect(outcomes.get('Charge')).toMatchObject({ status: 'retried', retries: 1 });
  });

  it('says until when a running Wait waits, from its SecondsPath and input', () => {
    expect(execution.status).toBe('RUNNING');
    expect(outcomes.get('Hold')).toMatchObject({ status: 'waitingUntil', waitUntil: Date.parse(at(35)) });
  });

  it('bills a transition per state entered and per retry', () => {
    expect(usageOf(execution)).toMatchObject({ transitions: 3, lambdaInvocations: 2, lambdaMs: 2000 });
    expect(failingState(graph, execution)).toBeUndefined();
  });
});
