/**
 * The reconciler (services/orders/domain/reconcile.ts) on Step Functions' status-change events of
 * executions that ended without succeeding: the saga's own rule — before the pivot undo and cancel,
 * after it finish forward — applied once, by the order's own execution only; and the facts it
 * shares with the definition (the undo functions, the pivot) checked against it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { compensationChain, loadWorkflowDefinition } from 'offline-aws/engine/definition';
import { progressOf } from '../../../services/orders/adapters/sfn-execution-history';
import type { ExecutionProgress, ExecutionStatus, OrderEvent } from '../../../services/orders/domain/ports';
import { reconcileOrder } from '../../../services/orders/domain/reconcile';
import type { ExecutionEndedEvent, OrderStatus } from '../../../services/orders/schemas';
import { ExecutionEndedEventSchema } from '../../../services/orders/schemas';
import { PIVOT_STATE, REVIEW_STATE } from '../../../services/shared/workflow-errors';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, CUSTOMER, LATER, NOW, orderId } from './fixtures';

const id = orderId(1);
const ARN = `arn:aws:states:eu-west-1:123456789012:execution:order-processing-dev-order-processing:${id}`;

function ended(status: ExecutionEndedEvent['detail']['status'], extra: Partial<ExecutionEndedEvent['detail']> = {}) {
  return ExecutionEndedEventSchema.parse({
    source: 'aws.states',
    'detail-type': 'Step Functions Execution Status Change',
    detail: { executionArn: ARN, name: id, status, input: JSON.stringify({ orderId: id }), error: null, ...extra },
  });
}

/**
 * The event's status, which the fake history shows unless a test gives it another (`historyStatus`):
 * set by `reconcile` at each call.
 */
let eventStatus: ExecutionStatus | undefined;
const reconcile = (...args: Parameters<typeof reconcileOrder>) => {
  eventStatus = args[1].detail.status;
  return reconcileOrder(...args);
};

function setup(
  status: OrderStatus,
  {
    pivot = false,
    undoFails = false,
    lastState = 'FulfilmentWindow',
    input = JSON.stringify({ orderId: id }),
    /** null: a history with no execution-level event. */
    historyStatus = undefined as ExecutionStatus | null | undefined,
  } = {},
) {
  const orders = new FakeOrderRepository([anOrder({ status })]);
  const published: OrderEvent[] = [];
  const undone: string[] = [];
  const ports = {
    orders,
    history: {
      progress: async (): Promise<ExecutionProgress | undefined> => {
        const status = historyStatus === null ? undefined : (historyStatus ?? eventStatus);
        return { passedPivot: pivot, lastState, input, ...(status === undefined ? {} : { status }) };
      },
    },
    undo: {
      undo: async (orderId: string) => {
        if (undoFails) throw Object.assign(new Error('refundPayment: down'), { name: 'TransientError' });
        undone.push(orderId);
      },
    },
    events: { publish: async (event: OrderEvent) => void published.push(event) },
  };
  return { orders, published, undone, ports };
}

describe('reconcileOrder', () => {
  it('ABORTED before the pivot: undoes, cancels and announces, with a reason a customer reads as ours', async () => {
    const { orders, published, undone, ports } = setup('CONFIRMED');
    await expect(reconcile(ports, ended('ABORTED'), NOW)).resolves.toMatchObject({ action: 'cancelled' });
    expect(undone).toEqual([id]);
    expect(orders.stored(id)).toMatchObject({ status: 'CANCELLED', reason: 'ExecutionAborted' });
    expect(published).toEqual([
      { type: 'OrderCancelled', orderId: id, customerId: CUSTOMER, reason: 'ExecutionAborted' },
    ]);
  });

  it('TIMED_OUT while waiting for the review: the answer a timed-out review gets', async () => {
    const { orders, published, ports } = setup('IN_REVIEW');
    await reconcile(ports, ended('TIMED_OUT'), NOW);
    expect(orders.stored(id)).toMatchObject({ status: 'CANCELLED', reason: 'ReviewTimedOut' });
    expect(published[0]).toMatchObject({ type: 'OrderCancelled', reason: 'ReviewTimedOut' });
  });

  it('stopped as its review began (the order not yet IN_REVIEW): the same answer, from the history', async () => {
    const { orders, ports } = setup('PENDING', { lastState: 'RequestReview' });
    await reconcile(ports, ended('ABORTED'), NOW);
    expect(orders.stored(id)).toMatchObject({ status: 'CANCELLED', reason: 'ReviewTimedOut' });
  });

  it('FAILED on an uncatchable error: the error is the reason', async () => {
    const { orders, ports } = setup('PENDING');
    await reconcile(ports, ended('FAILED', { error: 'States.Runtime' }), NOW);
    expect(orders.stored(id)).toMatchObject({ status: 'CANCELLED', reason: 'States.Runtime' });
  });

  it('after the pivot: finishes forward, never undoes', async () => {
    const { orders, published, undone, ports } = setup('CONFIRMED', { pivot: true });
    await expect(reconcile(ports, ended('ABORTED'), NOW)).resolves.toMatchObject({ action: 'completed' });
    expect(undone).toEqual([]);
    expect(orders.stored(id).status).toBe('COMPLETED');
    expect(published).toEqual([{ type: 'OrderCompleted', orderId: id, customerId: CUSTOMER, total: anOrder().total }]);
  });

  it.each(['COMPLETED', 'CANCELLED', 'REJECTED'] as const)(
    'leaves an order that already ended %s as it is',
    async (status) => {
      const { orders, published, undone, ports } = setup(status);
      await expect(reconcile(ports, ended('FAILED', { error: 'PaymentDeclined' }), NOW)).resolves.toMatchObject({
        action: 'none',
      });
      expect([undone, published, orders.calls.update]).toEqual([[], [], 0]);
    },
  );

  it.each(['CompensationFailed', 'CompletionFailed'])('leaves %s to the saga’s dead-letter message', async (error) => {
    const { undone, ports } = setup('CONFIRMED');
    await expect(reconcile(ports, ended('FAILED', { error }), NOW)).resolves.toMatchObject({ action: 'none' });
    expect(undone).toEqual([]);
  });

  it.each([
    ['another name', { name: 'retry-1' }, undefined],
    ['an ARN of another execution than its name', { executionArn: ARN.replace(id, orderId(2)) }, undefined],
    ['an input naming another order', {}, JSON.stringify({ orderId: orderId(2) })],
    ['an input that is not JSON', {}, 'not json'],
  ])('touches nothing for an execution that is not the order’s own (%s)', async (_what, detail, input) => {
    const { orders, undone, ports } = setup('CONFIRMED', input === undefined ? {} : { input });
    await expect(reconcile(ports, ended('ABORTED', detail), NOW)).resolves.toMatchObject({ action: 'ignored' });
    expect([undone, orders.calls.get]).toEqual([[], 0]);
  });

  it('reads the input from the history, not from the event (which a sender could fill with anything)', async () => {
    const { orders, undone, ports } = setup('CONFIRMED', { input: JSON.stringify({ orderId: orderId(2) }) });
    await expect(reconcile(ports, ended('ABORTED'), NOW)).resolves.toMatchObject({ action: 'ignored' });
    expect([undone, orders.calls.get]).toEqual([[], 0]);
  });

  // EventBridge events carry the input only up to a size: "inputDetails": {"included": false} and
  // "input": null beyond it (https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html).
  it('reads an input the event could not carry from the execution history', async () => {
    const { orders, undone, ports } = setup('CONFIRMED');
    const large = ended('ABORTED', { input: null, inputDetails: { included: false } });
    await expect(reconcile(ports, large, NOW)).resolves.toMatchObject({ action: 'cancelled' });
    expect([undone, orders.stored(id).status]).toEqual([[id], 'CANCELLED']);
  });

  it('ignores an execution whose history input names another order when the event carried none', async () => {
    const { orders, undone, ports } = setup('CONFIRMED', { input: JSON.stringify({ orderId: orderId(2) }) });
    const large = ended('ABORTED', { input: null, inputDetails: { included: false } });
    await expect(reconcile(ports, large, NOW)).resolves.toMatchObject({ action: 'ignored' });
    expect([undone, orders.calls.get]).toEqual([[], 0]);
  });

  it('is idempotent: the same event again changes nothing more', async () => {
    const { orders, published, ports } = setup('CONFIRMED');
    await reconcile(ports, ended('ABORTED'), NOW);
    await expect(reconcile(ports, ended('ABORTED'), LATER)).resolves.toMatchObject({ action: 'none' });
    expect(published).toHaveLength(1);
    expect(orders.stored(id).history).toHaveLength(anOrder({ status: 'CONFIRMED' }).history.length + 1);
  });

  it('announces again when a retried event finds the order it already ended (the announcement had failed)', async () => {
    const { orders, published, ports } = setup('CONFIRMED');
    const stopped = Date.parse(NOW) - 1000;
    const failing = { ...ports, events: { publish: async () => Promise.reject(new Error('SNS: throttled')) } };
    await expect(reconcile(failing, ended('ABORTED', { stopDate: stopped }), NOW)).rejects.toThrow('throttled');
    expect(orders.stored(id).status).toBe('CANCELLED');
    await expect(reconcile(ports, ended('ABORTED', { stopDate: stopped }), LATER)).resolves.toMatchObject({
      action: 'none',
      reason: expect.stringMatching(/OrderCancelled is announced again/),
    });
    expect(published).toEqual([
      { type: 'OrderCancelled', orderId: id, customerId: CUSTOMER, reason: 'ExecutionAborted' },
    ]);
  });

  it('does not announce again an order the saga itself ended before its execution did', async () => {
    const { published, ports } = setup('CANCELLED');
    const later = Date.parse(LATER) + 60_000;
    await reconcile(ports, ended('FAILED', { error: 'OutOfStock', stopDate: later }), LATER);
    expect(published).toEqual([]);
  });

  it.each([
    ['RUNNING (an event replayed by hand, or a redrive since)', 'RUNNING'],
    ['ended otherwise', 'SUCCEEDED'],
    ['without an execution-level event', null],
  ] as const)(
    'touches nothing when the history shows the execution %s, not as the event says',
    async (_what, historyStatus) => {
      const { orders, published, undone, ports } = setup('CONFIRMED', { historyStatus });
      await expect(reconcile(ports, ended('ABORTED'), NOW)).resolves.toMatchObject({
        action: 'ignored',
        reason: expect.stringMatching(/^the event says ABORTED, but the execution (is|has no status)/),
      });
      expect([undone, published, orders.calls.get, orders.calls.update]).toEqual([[], [], 0, 0]);
    },
  );

  it('touches nothing for an execution that does not exist', async () => {
    const { orders, undone, ports } = setup('CONFIRMED');
    ports.history.progress = async () => undefined;
    await expect(reconcile(ports, ended('ABORTED'), NOW)).resolves.toEqual({
      orderId: id,
      action: 'ignored',
      reason: 'no such execution',
    });
    expect([undone, orders.calls.get]).toEqual([[], 0]);
  });

  it('fails (Lambda retries the event) when an undo step fails, and marks nothing', async () => {
    const { orders, published, ports } = setup('CONFIRMED', { undoFails: true });
    await expect(reconcile(ports, ended('ABORTED'), NOW)).rejects.toMatchObject({ name: 'TransientError' });
    expect([orders.stored(id).status, published]).toEqual(['CONFIRMED', []]);
  });
});

describe('what the reconciler shares with the definition', () => {
  const config = loadServerlessConfig();
  const workflow = loadWorkflowDefinition(config);

  it("undoes with the compensation chain's functions, in its order (UNDO_FUNCTIONS, services/orders/serverless.yml)", () => {
    const yml = readFileSync(join('services', 'orders', 'serverless.yml'), 'utf8');
    const declared = /UNDO_FUNCTIONS: (.+)/
      .exec(yml)?.[1]
      ?.split(',')
      .map((name) => name.split('-').at(-1));
    expect(declared).toEqual(compensationChain(workflow));
  });

  it('reads the pivot and the review by the names the definition gives them', () => {
    const states = workflow.definition.States as Record<string, { Comment?: string; Resource?: string }>;
    expect(states[PIVOT_STATE]?.Comment).toMatch(/^The pivot\./);
    expect(states[REVIEW_STATE]?.Resource).toMatch(/\.waitForTaskToken$/);
  });

  it('finds the pivot passed only when its Task succeeded, and where the execution was', () => {
    const entered = (name: string): HistoryEvent => ({
      id: 0,
      timestamp: new Date(),
      type: 'TaskStateEntered',
      stateEnteredEventDetails: { name },
    });
    const succeeded: HistoryEvent = { id: 0, timestamp: new Date(), type: 'TaskSucceeded' };
    const failed: HistoryEvent = { id: 0, timestamp: new Date(), type: 'TaskFailed' };
    expect(progressOf([entered('ReserveAndConfirm'), succeeded, entered(PIVOT_STATE), failed])).toEqual({
      passedPivot: false,
      lastState: PIVOT_STATE,
    });
    expect(progressOf([entered(PIVOT_STATE)]).passedPivot).toBe(false);
    const started: HistoryEvent = {
      id: 0,
      timestamp: new Date(),
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: '{"orderId":"x"}' },
    };
    expect(progressOf([started]).input).toBe('{"orderId":"x"}');
    expect(progressOf([entered(PIVOT_STATE), succeeded, entered('CompleteAndAnnounce')])).toEqual({
      passedPivot: true,
      lastState: 'CompleteAndAnnounce',
    });
  });

  it('reads where the execution stands from its last execution-level event (RUNNING again after a redrive)', () => {
    const event = (type: string): HistoryEvent => ({
      id: 0,
      timestamp: new Date(),
      type: type as HistoryEvent['type'],
    });
    const statusAfter = (...types: string[]) => progressOf(types.map(event)).status;
    expect(statusAfter('ExecutionStarted', 'TaskStateEntered')).toBe('RUNNING');
    expect(statusAfter('ExecutionStarted', 'ExecutionAborted')).toBe('ABORTED');
    expect(statusAfter('ExecutionStarted', 'ExecutionFailed')).toBe('FAILED');
    expect(statusAfter('ExecutionStarted', 'ExecutionTimedOut')).toBe('TIMED_OUT');
    expect(statusAfter('ExecutionStarted', 'ExecutionSucceeded')).toBe('SUCCEEDED');
    expect(statusAfter('ExecutionStarted', 'ExecutionAborted', 'ExecutionRedriven', 'TaskStateEntered')).toBe(
      'RUNNING',
    );
    expect(statusAfter('ExecutionStarted', 'ExecutionFailed', 'ExecutionRedriven', 'ExecutionFailed')).toBe('FAILED');
  });
});
