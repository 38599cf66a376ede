/**
 * Every scenario of events/workflow through the real state machine, handlers, DynamoDB Local and
 * the SNS emulator: execution status, Fail error, order status, each service's own record, and
 * the notifications the customer received. On the same stack, the HTTP API driving real executions
 * (http-api.cases.ts): one embedded stack for the workflow tests, and their waits overlap.
 */
import { join } from 'node:path';
import type { Runtime } from 'offline-aws/runtime';
import { runScenario } from '../../../tools/offline/scenario';
import { readScenario, type ScenarioResult } from '../../../tools/offline/scenario-file';
import { startTestRuntime } from '../../support/runtime';
import { httpApiSecurityTests, httpApiWorkflowTests } from './http-api.cases';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
}, 240_000);
afterAll(() => runtime.stop());

const run = (name: string) => runScenario(runtime, join('events', 'workflow', `${name}.json`));

interface Records {
  inventory: { status: string; lines: unknown[] } | null;
  payment: { status: string } | null;
  shipping: { status: string } | null;
  notifications: { type: string }[];
}

const records = (result: ScenarioResult) => result.services as unknown as Records;
const orderOf = (result: ScenarioResult) =>
  result.order as { status: string; history: { status: string }[]; reason?: string };
const stateNames = (result: ScenarioResult) => result.states.map((s) => s.name);
const notificationTypes = (result: ScenarioResult) =>
  records(result)
    .notifications.map((n) => n.type)
    .sort();

/** "Nothing reserved": no reservation record, or a release that held no stock. */
function expectNothingReserved(result: ScenarioResult) {
  const { inventory } = records(result);
  if (inventory) expect(inventory).toMatchObject({ status: 'RELEASED', lines: [] });
}

function expectNothingCharged(result: ScenarioResult) {
  const { payment } = records(result);
  expect(payment?.status ?? 'NONE').not.toMatch(/AUTHORIZED|CAPTURED/);
}

// Concurrently (it.concurrent, after beforeAll), with the HTTP API's tests (http-api.cases.ts) on
// the same stack: three of them wait out a real 10 s window or timeout, and many orders at once on
// one stack is also what the system meets in use.
describe('order workflow scenarios, and the HTTP API driving executions', () => {
  // The three that wait out a real 10 s review timeout or fulfilment window first: jest runs at
  // most 5 concurrent tests at a time, in the order they are written, and the others fill the
  // remaining slots meanwhile instead of starting a window of their own after them.
  it.concurrent('review-timeout cancels the order with nothing reserved or charged', async () => {
    const result = await run('review-timeout');
    expect(result).toMatchObject({ status: 'FAILED', error: 'ReviewTimedOut' });
    expect(orderOf(result).status).toBe('CANCELLED');
    expect(records(result)).toMatchObject({ inventory: null, payment: null, shipping: null });
    expect(notificationTypes(result)).toEqual(['OrderCancelled', 'ReviewRequested']);
  });

  it.concurrent('cancelled-in-window releases the stock and voids the authorization', async () => {
    const result = await run('cancelled-in-window');
    expect(result.http.cancelOrder?.statusCode).toBe(202);
    expect(result).toMatchObject({ status: 'FAILED', error: 'OrderCancelled' });
    expect(orderOf(result).status).toBe('CANCELLED');
    expect(records(result).inventory?.status).toBe('RELEASED');
    expect(records(result).payment?.status).toBe('VOIDED');
    expectNothingCharged(result);
    expect(notificationTypes(result)).toEqual(['OrderCancelled']);
  });

  httpApiWorkflowTests(() => runtime);

  // Stopped by an operator (StopExecution): the saga cannot handle it; the reconciler
  // (reconcileOrder, on Step Functions' ABORTED event) brings the order to the invariant.
  it.concurrent('stopped-in-window: the reconciler releases the stock, voids the payment, cancels', async () => {
    const result = await run('stopped-in-window');
    expect(result).toMatchObject({ status: 'ABORTED', consistency: [] });
    expect(orderOf(result)).toMatchObject({ status: 'CANCELLED', reason: 'ExecutionAborted' });
    expect(records(result).inventory?.status).toBe('RELEASED');
    expect(records(result).payment?.status).toBe('VOIDED');
    expect(notificationTypes(result)).toEqual(['OrderCancelled']);
  });

  it.concurrent('stopped-in-review: the answer a timed-out review gets', async () => {
    const result = await run('stopped-in-review');
    expect(result).toMatchObject({ status: 'ABORTED', consistency: [] });
    expect(orderOf(result)).toMatchObject({ status: 'CANCELLED', reason: 'ReviewTimedOut' });
    expect(notificationTypes(result)).toEqual(['OrderCancelled', 'ReviewRequested']);
  });

  it.concurrent('happy-path completes: reserved, captured, shipped, announced', async () => {
    const result = await run('happy-path');
    expect(result).toMatchObject({ status: 'SUCCEEDED', error: null, asExpected: true });
    expect(orderOf(result).status).toBe('COMPLETED');
    const statuses = orderOf(result).history.map((h) => h.status);
    expect(statuses[0]).toBe('PENDING');
    expect(statuses).toContain('CONFIRMED');
    expect(statuses.at(-1)).toBe('COMPLETED');
    expect(records(result)).toMatchObject({
      inventory: { status: 'RESERVED' },
      payment: { status: 'CAPTURED' },
      shipping: { status: 'CREATED' },
    });
    expect(notificationTypes(result)).toEqual(['OrderCompleted']);
    expect(result.states.some((s) => s.compensation)).toBe(false);
    expect(stateNames(result)).toEqual(
      expect.arrayContaining([
        'AssessRisk',
        'ReserveAndConfirm',
        'FulfilmentWindow',
        'CaptureAndShip',
        'CompleteAndAnnounce',
      ]),
    );
    // Its three Express children, as the parent's history reports them.
    expect(result.children.map((child) => child.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    // The budget lives in the scenario file (expect.maxTransitions).
    const budget = readScenario(join('events', 'workflow', 'happy-path.json')).expect?.maxTransitions;
    expect(budget).toEqual(expect.any(Number));
    expect(result.transitions).toBeLessThanOrEqual(budget ?? 0);
  });

  it.concurrent('high-value-approved visits the review, then completes', async () => {
    const result = await run('high-value-approved');
    expect(result).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(stateNames(result)).toContain('RequestReview');
    expect(result.http.submitReview?.statusCode).toBe(200);
    expect(orderOf(result).status).toBe('COMPLETED');
    expect(orderOf(result).history.map((h) => h.status)).toContain('IN_REVIEW');
    expect(records(result)).toMatchObject({
      inventory: { status: 'RESERVED' },
      payment: { status: 'CAPTURED' },
      shipping: { status: 'CREATED' },
    });
    expect(notificationTypes(result)).toEqual(['OrderCompleted', 'ReviewRequested']);
  });

  it.concurrent('high-value-rejected ends REJECTED with nothing reserved or charged', async () => {
    const result = await run('high-value-rejected');
    expect(result).toMatchObject({ status: 'FAILED', error: 'OrderRejected' });
    expect(orderOf(result).status).toBe('REJECTED');
    expect(records(result)).toMatchObject({ inventory: null, payment: null, shipping: null });
    expect(stateNames(result)).not.toContain('ReserveAndConfirm');
    expect(result.children).toEqual([]);
  });

  it.concurrent('out-of-stock holds no stock and voids the authorization', async () => {
    const result = await run('out-of-stock');
    expect(result).toMatchObject({ status: 'FAILED', error: 'OutOfStock' });
    expect(orderOf(result).status).toBe('CANCELLED');
    expectNothingReserved(result);
    expect(['VOIDED', undefined]).toContain(records(result).payment?.status);
    expect(result.states.filter((s) => s.compensation).map((s) => s.name)).toEqual([
      'CancelShipment',
      'RefundPayment',
      'ReleaseInventory',
    ]);
    expect(notificationTypes(result)).toEqual(['OrderCancelled']);
  });

  it.concurrent('payment-declined releases the reservation and records the decline', async () => {
    const result = await run('payment-declined');
    expect(result).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
    expect(orderOf(result).status).toBe('CANCELLED');
    expect(['RELEASED', undefined]).toContain(records(result).inventory?.status);
    expect(records(result).payment?.status).toBe('DECLINED');
    expect(notificationTypes(result)).toEqual(['OrderCancelled']);
  });

  it.concurrent('shipping-unavailable refunds the capture and releases the stock', async () => {
    const result = await run('shipping-unavailable');
    expect(result).toMatchObject({ status: 'FAILED', error: 'ShippingUnavailable' });
    expect(orderOf(result).status).toBe('CANCELLED');
    expect(records(result).inventory?.status).toBe('RELEASED');
    expect(['REFUNDED', 'VOIDED']).toContain(records(result).payment?.status);
    expect(records(result).shipping?.status ?? 'CANCELLED').toBe('CANCELLED');
    expect(notificationTypes(result)).toEqual(['OrderCancelled']);
  });
});

httpApiSecurityTests(() => runtime);
