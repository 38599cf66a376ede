/**
 * The console's reading of an execution from a definition and a history alone, on a history in
 * the AWS CLI's export format (`aws stepfunctions get-execution-history`: ISO timestamps).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDefinition, readPath } from '../../../local/console/model/definition';
import { readExecution, readHistoryFile } from '../../../local/console/model/history';
import { failingState, stateOutcomes, successorsIn, usageOf } from '../../../local/console/model/outcome';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'e2e', 'fixtures', name), 'utf8'));

describe('an exported history of a declined payment', () => {
  const graph = readDefinition(fixture('order-processing.definition.json') as never);
  const execution = readExecution(readHistoryFile(fixture('payment-declined.history.json')), successorsIn(graph));
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
