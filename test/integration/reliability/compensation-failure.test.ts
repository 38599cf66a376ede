/**
 * An undo step that keeps failing: the order goes to the dead-letter queue with what is needed to
 * redo it, ops are alerted, the order says so; the redrive then completes the compensation.
 */
import { join } from 'node:path';
import type { Runtime } from 'offline-aws/runtime';
import { compensationChain } from 'offline-aws/engine/definition';
import { redriveDeadLetters } from '../../../ops/redrive/redrive';
import { sqsDeadLetterQueue } from '../../../ops/redrive/adapters';
import { deadLetterQueueUrl } from '../../../tools/offline/escalation';
import { runScenario } from '../../../tools/offline/scenario';
import { startTestRuntime } from '../../support/runtime';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ skipWaitStates: true });
}, 240_000);
afterAll(() => runtime.stop());

it('dead-letters, alerts, marks the order, and the redrive completes the compensation', async () => {
  // The carrier refuses the parcel (after capture), and the refund keeps failing past its retries.
  runtime.faults.configure([
    { target: 'createShipment', mode: 'permanent', times: Number.POSITIVE_INFINITY },
    { target: 'refundPayment', mode: 'permanent', times: Number.POSITIVE_INFINITY },
  ]);
  const result = await runScenario(runtime, join('events', 'workflow', 'happy-path.json'));
  runtime.faults.configure([]);

  expect(result).toMatchObject({ status: 'FAILED', error: 'CompensationFailed', deadLettered: true });
  expect(result.states.map((s) => s.name)).toEqual(
    expect.arrayContaining(['SendToDeadLetterQueue', 'AlertOperations', 'MarkCompensationFailed']),
  );
  const order = result.order as { orderId: string; status: string; reason?: string };
  expect(order).toMatchObject({ status: 'CANCELLED', reason: 'CompensationFailed' });
  // The money is still captured: that is exactly why the order is in the dead-letter queue.
  expect(result.services).toMatchObject({ payment: { status: 'CAPTURED' } });
  // Reported as it is — held although cancelled — and as dead-lettered with its alert.
  expect(result.consistency.map((v) => `${v.record}:${v.recordStatus}`).sort()).toEqual([
    'payment:CAPTURED',
    'reservation:RESERVED',
  ]);
  expect(result.alerts).toEqual(['CompensationFailed']);

  const [letter] = runtime.messaging
    .peek(deadLetterQueueUrl(runtime))
    .map((body) => JSON.parse(body) as Record<string, unknown>);
  expect(letter).toMatchObject({
    action: 'compensate',
    orderId: order.orderId,
    failure: { Error: 'InjectedFault' },
    compensationFailure: { Error: 'InjectedFault' },
  });
  expect(String(letter?.execution)).toContain(order.orderId);

  const report = await redriveDeadLetters(sqsDeadLetterQueue(runtime.messaging.sqs, deadLetterQueueUrl(runtime)), {
    invoke: (fn, payload) => runtime.invokeTask(fn, payload),
    undo: compensationChain(runtime.runner.workflow),
  });
  expect(report).toEqual({ redriven: [order.orderId], failed: [] });
  expect(runtime.messaging.queueDepth(deadLetterQueueUrl(runtime))).toBe(0);

  // Redriven: the capture is refunded and the stock released; nothing is held any more.
  const after = await runScenarioRecords(order.orderId);
  expect(after).toMatchObject({ payment: 'REFUNDED', reservation: 'RELEASED' });
});

it('keeps a dead letter whose undo still fails, and reports it', async () => {
  runtime.faults.configure([
    { target: 'capturePayment', mode: 'permanent', times: Number.POSITIVE_INFINITY },
    { target: 'releaseInventory', mode: 'permanent', times: Number.POSITIVE_INFINITY },
  ]);
  const result = await runScenario(runtime, join('events', 'workflow', 'happy-path.json'));
  expect(result).toMatchObject({ status: 'FAILED', error: 'CompensationFailed', deadLettered: true });
  // The undo step is still broken: the redrive must not drop the letter.
  const report = await redriveDeadLetters(sqsDeadLetterQueue(runtime.messaging.sqs, deadLetterQueueUrl(runtime)), {
    invoke: (fn, payload) => runtime.invokeTask(fn, payload),
    undo: compensationChain(runtime.runner.workflow),
  });
  runtime.faults.configure([]);
  const orderId = (result.order as { orderId: string }).orderId;
  expect(report.redriven).toEqual([]);
  expect(report.failed).toEqual([expect.objectContaining({ orderId })]);
  expect(runtime.messaging.queueDepth(deadLetterQueueUrl(runtime))).toBe(1);
});

it('alerts ops even when the dead-letter queue itself fails, and ends CompensationFailed', async () => {
  runtime.faults.configure([
    { target: 'createShipment', mode: 'permanent', times: Number.POSITIVE_INFINITY },
    { target: 'refundPayment', mode: 'permanent', times: Number.POSITIVE_INFINITY },
    { target: 'SendToDeadLetterQueue', mode: 'permanent', times: Number.POSITIVE_INFINITY },
  ]);
  const result = await runScenario(runtime, join('events', 'workflow', 'happy-path.json'));
  runtime.faults.configure([]);
  expect(result).toMatchObject({ status: 'FAILED', error: 'CompensationFailed', deadLettered: false });
  expect(result.alerts).toEqual(['CompensationFailed']);
  // The capture could not be refunded: the invariant says so, and nothing hides it.
  expect(result.consistency.map((v) => `${v.record}:${v.recordStatus}`).sort()).toEqual([
    'payment:CAPTURED',
    'reservation:RESERVED',
  ]);
});

async function runScenarioRecords(orderId: string) {
  const { paymentLedger } = await import('../../../services/payment/adapters/payment-ledger');
  const { stockLedger } = await import('../../../services/inventory/adapters/stock-ledger');
  return {
    payment: (await paymentLedger().find(orderId))?.status,
    reservation: (await stockLedger().findReservation(orderId))?.status,
  };
}
