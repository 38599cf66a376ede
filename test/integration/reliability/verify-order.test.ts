/**
 * The verifyOrder step (VerifyOrderToReserve, VerifyOrderToCapture), first of the Express children that move money or goods: an execution
 * whose input is not the stored order's own holds nothing. Three ways in, each started by hand as
 * a caller with states:StartExecution could: an execution named by an order id no order has; one
 * named by a real order whose input says another total; the capture-and-ship child started
 * directly while the order waits in its fulfilment window.
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
