/**
 * Every Task function run twice with the same input gives the same result and one side effect:
 * the second call leaves every table exactly as the first one left it.
 */
import { randomUUID } from 'node:crypto';
import type { Runtime } from 'offline-aws/runtime';
import { loadServices, taskFunctions } from '../../../tools/offline/services';
import { startTestRuntime } from '../../support/runtime';
import { changes, snapshotTables } from '../../support/tables';
import { newOrderId } from '../../support/ids';
import type { WorkflowInput } from '../../../services/orders/schemas';
import { SHIPPING_ADDRESS } from '../../support/orders';
import { storePendingOrder } from '../../support/stored-orders';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ skipWaitStates: true });
}, 240_000);
afterAll(() => runtime.stop());

const address = SHIPPING_ADDRESS;
const items = [{ sku: 'SKU-HEADSET', quantity: 2, unitPrice: 4999 }];

/** The functions run twice so far: the last test checks every declared Task function is among them. */
const covered = new Set<string>();

/** Runs `event` through `functionName` twice; asserts equal results and no write by the second call. */
async function expectIdempotent(functionName: string, event: unknown) {
  covered.add(functionName);
  const first = await runtime.invoke(functionName, event);
  await runtime.messaging.drain();
  const afterFirst = await snapshotTables(runtime.stack);
  const second = await runtime.invoke(functionName, event);
  await runtime.messaging.drain();
  expect(changes(afterFirst, await snapshotTables(runtime.stack))).toEqual([]);
  expect(second).toEqual(first);
  return first;
}

/** An order as createOrder stores it (customer-idem, these items), for the orders Task functions; its execution input. */
async function storeOrder(orderId: string, requiresReview = false): Promise<WorkflowInput> {
  const input: WorkflowInput = {
    orderId,
    customerId: 'customer-idem',
    items,
    total: { amount: 9998, currency: 'EUR' },
    paymentToken: 'tok_visa',
    shippingAddress: address,
    fulfilmentWindowSeconds: 0,
    requiresReview,
  };
  await storePendingOrder(runtime.stack, input);
  return input;
}

describe('the forward steps, twice each', () => {
  const orderId = newOrderId();

  it('reserveInventory', async () => {
    await expectIdempotent('reserveInventory', { orderId, items });
  });
  it('authorizePayment', async () => {
    await expectIdempotent('authorizePayment', {
      orderId,
      amount: { amount: 9998, currency: 'EUR' },
      paymentToken: 'tok_visa',
    });
  });
  it('capturePayment', async () => {
    await expectIdempotent('capturePayment', { orderId });
  });
  it('createShipment', async () => {
    await expectIdempotent('createShipment', { orderId, shippingAddress: address, items });
  });
});

describe('the undo steps, twice each (and a no-op when there is nothing to undo)', () => {
  it.each([['cancelShipment'], ['refundPayment'], ['releaseInventory']])('%s after the forward steps', async (fn) => {
    const orderId = newOrderId();
    await runtime.invoke('reserveInventory', { orderId, items });
    await runtime.invoke('authorizePayment', {
      orderId,
      amount: { amount: 9998, currency: 'EUR' },
      paymentToken: 'tok_visa',
    });
    await runtime.invoke('capturePayment', { orderId });
    await runtime.invoke('createShipment', { orderId, shippingAddress: address, items });
    await expectIdempotent(fn, { orderId });
  });

  it.each([['cancelShipment'], ['refundPayment'], ['releaseInventory']])('%s with nothing to undo', async (fn) => {
    await expectIdempotent(fn, { orderId: newOrderId() });
  });
});

describe('the orders Task functions, twice each', () => {
  it('updateOrderStatus records one transition and one history entry', async () => {
    const orderId = newOrderId();
    await storeOrder(orderId);
    await expectIdempotent('updateOrderStatus', { orderId, status: 'CONFIRMED' });
    await expectIdempotent('updateOrderStatus', { orderId, status: 'CONFIRMED', closeFulfilmentWindow: true });
  });

  it('requestReview stores the token once and publishes ReviewRequested once', async () => {
    const orderId = newOrderId();
    await storeOrder(orderId, true);
    await expectIdempotent('requestReview', { orderId, taskToken: `token-${randomUUID()}` });
  });

  it('verifyOrder reads only: the same answer twice, nothing written', async () => {
    const orderId = newOrderId();
    const order = await storeOrder(orderId);
    await expectIdempotent('verifyOrder', { orderId, stage: 'reserve', order });
  });

  it('importOrder places a line once: the second call answers already-placed and writes nothing', async () => {
    covered.add('importOrder');
    const line = {
      customerId: `cust-${randomUUID()}`,
      order: { currency: 'EUR', items, paymentToken: 'tok_visa', shippingAddress: address },
    };
    const event = { lineNumber: 1, line };
    // The first call starts the order's execution: let it (and what it publishes) end before comparing.
    const settled = async () => {
      await runtime.runner.settle();
      await runtime.messaging.drain();
      return snapshotTables(runtime.stack);
    };
    const first = (await runtime.invoke('importOrder', event)) as { orderId: string; outcome: string };
    const afterFirst = await settled();
    const second = await runtime.invoke('importOrder', event);
    expect(changes(afterFirst, await settled())).toEqual([]);
    expect(first.outcome).toBe('placed');
    expect(second).toMatchObject({ orderId: first.orderId, outcome: 'already-placed' });
  });
});

it('notifyCustomer delivers one SNS message once', async () => {
  const orderId = newOrderId();
  const event = {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:eu-west-1:000000000000:order-events:sub',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: 'arn:aws:sns:eu-west-1:000000000000:order-processing-dev-order-events',
          Subject: '',
          Message: JSON.stringify({
            type: 'OrderCompleted',
            orderId,
            customerId: 'customer-idem',
            total: { amount: 9998, currency: 'EUR' },
          }),
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
  const first = await runtime.invoke('notifyCustomer', event);
  const afterFirst = await snapshotTables(runtime.stack);
  const second = await runtime.invoke('notifyCustomer', event);
  expect(changes(afterFirst, await snapshotTables(runtime.stack))).toEqual([]);
  expect(first).toMatchObject({ delivered: 1, duplicates: 0 });
  expect(second).toMatchObject({ delivered: 0, duplicates: 1 });
});

// `npm run new:service` adds the idempotency cases of a new service’s Task functions above this line.

// Runs last (jest runs a file's tests in order): a Task function a service declares but no test above
// runs twice fails here, by name.
it('ran every Task function the services declare twice', async () => {
  const declared = taskFunctions(await loadServices()).map((t) => t.name);
  expect(declared.filter((name) => !covered.has(name))).toEqual([]);
});
