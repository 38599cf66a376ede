/**
 * The verifyOrder step (VerifyOrderToReserve, VerifyOrderToCapture), first of the Express children that move money or goods: an execution
 * whose input is not the stored order's own holds nothing. Three ways in, each started by hand as
 * a caller with states:StartExecution could: an execution named by an order id no order has; one
 * named by a real order whose input says another total; the capture-and-ship child started
 * directly while the order waits in its fulfilment window. And a redrive (RedriveExecution) of an
 * execution that was stopped and whose order the reconciler already ended: its steps find the order
 * ended and change nothing of it (the undo steps repeat their first results; no second message
 * reaches the customer). And the reconciler's event replayed by hand (as its runbook does) for an
 * execution that is still running: the history, not the event, says how it stands.
 */
import { readFileSync } from 'node:fs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Runtime } from 'offline-aws/runtime';
import { orderKey } from '../../../services/orders/adapters/dynamodb-order-repository';
import { sagaMachines } from '../../unit/workflow/saga-states';
import { deadLetterQueueUrl } from '../../../tools/offline/escalation';
import { findStackViolations, readOrderRecords } from '../../../tools/offline/order-records';
import { loadServices } from '../../../tools/offline/services';
import { newOrderId } from '../../support/ids';
import { workflowInput } from '../../support/orders';
import { storePendingOrder } from '../../support/stored-orders';
import { startTestRuntime } from '../../support/runtime';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
}, 240_000);
afterAll(() => runtime.stop());

/** Places an order through createOrder (events/createOrder/valid.json) with this fulfilment window; its id. */
async function placeOrder(fulfilmentWindowSeconds: number): Promise<string> {
  const event = JSON.parse(readFileSync('events/createOrder/valid.json', 'utf8')) as { body: string };
  const body = { ...(JSON.parse(event.body) as object), fulfilmentWindowSeconds };
  const answer = (await runtime.invoke('createOrder', { ...event, body: JSON.stringify(body) })) as { body: string };
  return (JSON.parse(answer.body) as { orderId: string }).orderId;
}

const executionOf = (orderId: string) =>
  runtime.runner.listExecutions().find((e) => e.name === orderId && e.type === 'STANDARD');

/** Waits until the order's parent execution waits in its fulfilment window (ReserveAndConfirm done). */
async function untilInWindow(orderId: string): Promise<void> {
  while (!(executionOf(orderId)?.trace ?? []).some((state) => state.name === 'FulfilmentWindow'))
    await new Promise((resolve) => setTimeout(resolve, 25));
}

interface Records {
  inventory: { status: string; lines: unknown[] } | null;
  payment: { status: string } | null;
  shipping: { status: string } | null;
}
const recordsOf = async (orderId: string) =>
  (await readOrderRecords(runtime.stack, await loadServices(), orderId)) as unknown as Records;

/** The order as stored (the orders service keeps the order itself, not a record of it). */
const orderOf = async (orderId: string) =>
  (
    await runtime.stack.documentClient.send(
      new GetCommand({ TableName: runtime.stack.tableName('OrdersTable'), Key: orderKey(orderId) }),
    )
  ).Item;

/** Nothing held: no reserved line, no authorized or captured payment, no shipment (an undo step's record that nothing was held may be there). */
function expectNothingHeld(records: Records): void {
  expect(records.inventory?.lines ?? []).toEqual([]);
  expect(records.payment?.status ?? 'NONE').not.toMatch(/AUTHORIZED|CAPTURED/);
  expect(records.shipping?.status ?? 'NONE').not.toBe('CREATED');
}

it('an execution named by an order id no order has ends UnknownOrder: nothing reserved or charged, nothing dead-lettered', async () => {
  const ghost = newOrderId();
  const run = await runtime.runner.startExecution(ghost, workflowInput(ghost)).completion;
  await runtime.events.drain();
  await runtime.messaging.drain();
  expect(run).toMatchObject({ status: 'FAILED', error: 'UnknownOrder' });
  expect(run.trace.map((state) => state.name)).toContain('RefuseUnknownOrder');
  expectNothingHeld(await recordsOf(ghost));
  expect(runtime.messaging.queueDepth(deadLetterQueueUrl(runtime))).toBe(0);
}, 120_000);

it('an execution for a stored order whose input says another total authorizes nothing, and the order is cancelled OrderInputMismatch', async () => {
  // A stored order that no execution has started yet (as between createOrder's write and its start).
  const orderId = newOrderId();
  const input = workflowInput(orderId);
  await storePendingOrder(runtime.stack, input);
  const doctored = { ...input, total: { amount: 1, currency: 'EUR' } };
  const run = await runtime.runner.startExecution(orderId, doctored).completion;
  await runtime.events.drain();
  await runtime.messaging.drain();
  expect(run).toMatchObject({ status: 'FAILED', error: 'OrderInputMismatch' });
  expect(await orderOf(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'OrderInputMismatch' });
  expectNothingHeld(await recordsOf(orderId));
  expect(await findStackViolations(runtime.stack, await loadServices(), { only: new Set([orderId]) })).toEqual([]);
}, 120_000);

it('the capture-and-ship child started directly while the order waits in its window captures and ships nothing', async () => {
  const orderId = await placeOrder(600);
  await untilInWindow(orderId);
  const parent = executionOf(orderId);
  const before = await recordsOf(orderId);
  expect(before.payment).toMatchObject({ status: 'AUTHORIZED' });
  const capture = sagaMachines(runtime.stack.config).find((machine) =>
    machine.stateMachineName.endsWith('capture-and-ship'),
  );
  const child = await runtime.runner.startExecution(
    undefined,
    { order: parent?.input ?? null, execution: orderId },
    capture?.stateMachineArn,
  ).completion;
  expect(child).toMatchObject({ status: 'FAILED', error: 'OrderNotReadyForCapture' });
  expect(await recordsOf(orderId)).toEqual(before);
  // The order's own execution is untouched: it still waits in its window. Ended here by its customer.
  expect(parent?.status).toBe('RUNNING');
  runtime.runner.stopExecution(parent?.executionArn ?? '', 'Test', 'the test is over');
  await parent?.completion;
  await runtime.events.drain();
  await runtime.messaging.drain();
  expect(await orderOf(orderId)).toMatchObject({ status: 'CANCELLED' });
}, 120_000);

/** The order and its records, to compare before and after a run that must change nothing. */
const snapshot = async (orderId: string) => ({ order: await orderOf(orderId), records: await recordsOf(orderId) });

/** Stops the order's execution and lets the reconciler end the order; the execution. */
async function stopAndReconcile(orderId: string) {
  const parent = executionOf(orderId);
  runtime.runner.stopExecution(parent?.executionArn ?? '', 'Test', 'stopped by the test');
  await parent?.completion;
  await runtime.events.drain();
  await runtime.messaging.drain();
  return parent;
}

/** Redrives the execution (skipping a Wait it re-enters) and lets what follows settle; how it ended. */
async function redrive(executionArn: string) {
  runtime.runner.redriveExecution(executionArn);
  const execution = runtime.runner.getExecution(executionArn);
  let ended = false;
  void execution.completion.then(() => (ended = true));
  while (!ended) {
    if (execution.trace.at(-1)?.name === 'FulfilmentWindow') runtime.runner.skipWait(executionArn);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await runtime.events.drain();
  await runtime.messaging.drain();
  return execution.completion;
}

it.each([
  ['in its fulfilment window', 'valid.json', 'FulfilmentWindow', 'ExecutionAborted'],
  ['waiting for its review', 'valid-high-value.json', 'RequestReview', 'ReviewTimedOut'],
])(
  'a redrive of an execution stopped %s, after the reconciler ended the order, changes nothing of it',
  async (_, sample, waitingIn, reason) => {
    const event = JSON.parse(readFileSync(`events/createOrder/${sample}`, 'utf8')) as { body: string };
    const body = { ...(JSON.parse(event.body) as object), fulfilmentWindowSeconds: 600 };
    const answer = (await runtime.invoke('createOrder', { ...event, body: JSON.stringify(body) })) as { body: string };
    const orderId = (JSON.parse(answer.body) as { orderId: string }).orderId;
    while (executionOf(orderId)?.trace.at(-1)?.name !== waitingIn)
      await new Promise((resolve) => setTimeout(resolve, 25));
    const parent = await stopAndReconcile(orderId);
    const ended = await snapshot(orderId);
    expect(ended.order).toMatchObject({ status: 'CANCELLED', reason });

    const run = await redrive(parent?.executionArn ?? '');
    expect(run.status).toBe('FAILED');
    // It did run again: from the state it was stopped in.
    expect(run.trace.filter((state) => state.name === waitingIn).length).toBe(2);
    expect(await snapshot(orderId)).toEqual(ended);
    expect(await findStackViolations(runtime.stack, await loadServices(), { only: new Set([orderId]) })).toEqual([]);
  },
  120_000,
);

it('an ABORTED event replayed by hand for a running execution (the runbook replays events) changes nothing', async () => {
  const orderId = await placeOrder(600);
  await untilInWindow(orderId);
  const parent = executionOf(orderId);
  const before = await snapshot(orderId);
  const sample = JSON.parse(readFileSync('events/reconcileOrder/valid.json', 'utf8')) as { detail: object };
  const forged = {
    ...sample,
    detail: {
      ...sample.detail,
      executionArn: parent?.executionArn,
      stateMachineArn: parent?.stateMachineArn,
      name: orderId,
      input: JSON.stringify(parent?.input),
    },
  };
  await expect(runtime.invoke('reconcileOrder', forged)).resolves.toMatchObject({
    action: 'ignored',
    reason: 'the event says ABORTED, but the execution is RUNNING',
  });
  expect(await snapshot(orderId)).toEqual(before);
  expect(parent?.status).toBe('RUNNING');
  await stopAndReconcile(orderId);
  expect(await orderOf(orderId)).toMatchObject({ status: 'CANCELLED', reason: 'ExecutionAborted' });
}, 120_000);
