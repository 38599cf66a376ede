import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { fakeTrackingNumber } from '../../../services/shipping/adapters/fake-carrier';
import { startTestStack, type TestStack } from '../../support/stack';
import { newOrderId } from '../../support/ids';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 240_000);
afterAll(() => stack.stop());

const address = { name: 'Erika Mustermann', line1: 'Heidestraße 17', city: 'Köln', postalCode: '51147', country: 'DE' };
const items = [
  { sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 7999 },
  { sku: 'SKU-MOUSE', quantity: 2, unitPrice: 2499 },
];

async function stored(orderId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await stack.documentClient.send(
    new GetCommand({
      TableName: stack.tableName('ShipmentsTable'),
      Key: { pk: `SHIPMENT#${orderId}` },
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('shipping against DynamoDB Local', () => {
  it('creates a shipment once and cancels it once', async () => {
    const orderId = newOrderId();
    const input = { orderId, shippingAddress: address, items, customerId: 'cus_1' };
    const shipment = await stack.invoke('createShipment', input);
    expect(shipment).toMatchObject({
      orderId,
      status: 'CREATED',
      carrier: 'FakeCarrier',
      trackingNumber: fakeTrackingNumber(orderId),
      address,
      lines: [
        { sku: 'SKU-KEYBOARD', quantity: 1 },
        { sku: 'SKU-MOUSE', quantity: 2 },
      ],
    });
    await expect(stack.invoke('createShipment', input)).resolves.toEqual(shipment);
    expect(await stored(orderId)).toEqual({ pk: `SHIPMENT#${orderId}`, ...(shipment as object) });

    const cancelled = await stack.invoke('cancelShipment', { orderId });
    expect(cancelled).toEqual({ ...(shipment as object), status: 'CANCELLED', updatedAt: expect.any(String) });
    expect(await stored(orderId)).toEqual({ pk: `SHIPMENT#${orderId}`, ...(cancelled as object) });
    // Idempotent: the same record again, and the table is left as the first call left it.
    await expect(stack.invoke('cancelShipment', { orderId })).resolves.toEqual(cancelled);
    expect(await stored(orderId)).toEqual({ pk: `SHIPMENT#${orderId}`, ...(cancelled as object) });
    // A cancelled shipment is never re-created.
    await expect(stack.invoke('createShipment', input)).resolves.toMatchObject({ status: 'CANCELLED' });
  });

  it('throws ShippingUnavailable for AQ and writes nothing', async () => {
    const orderId = newOrderId();
    await expect(
      stack.invoke('createShipment', { orderId, shippingAddress: { ...address, country: 'AQ' }, items }),
    ).rejects.toMatchObject({ name: 'ShippingUnavailable' });
    expect(await stored(orderId)).toBeUndefined();
  });

  it('compensation first leaves a tombstone, so a late createShipment ships nothing', async () => {
    const orderId = newOrderId();
    const result = await stack.invoke('cancelShipment', { orderId });
    expect(result).toEqual({
      orderId,
      status: 'CANCELLED',
      lines: [],
      // Marked as the tombstone it is: nothing was shipped, so nothing was undone.
      nothingToUndo: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const tombstone = await stored(orderId);
    expect(tombstone).toEqual({ pk: `SHIPMENT#${orderId}`, ...(result as object) });
    await expect(stack.invoke('cancelShipment', { orderId })).resolves.toEqual(result);
    await expect(stack.invoke('createShipment', { orderId, shippingAddress: address, items })).resolves.toMatchObject({
      status: 'CANCELLED',
    });
    expect(await stored(orderId)).toEqual(tombstone);
  });

  it('rejects invalid input with a ValidationError and writes nothing', async () => {
    const orderId = newOrderId();
    await expect(
      stack.invoke('createShipment', { orderId, shippingAddress: address, items: [{ sku: 'SKU-MOUSE', quantity: 0 }] }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    expect(await stored(orderId)).toBeUndefined();
  });

  it('lets racing creates and a cancellation settle on one CANCELLED record', async () => {
    const orderId = newOrderId();
    const input = { orderId, shippingAddress: address, items };
    const results = await Promise.allSettled([
      stack.invoke('createShipment', input),
      stack.invoke('createShipment', input),
      stack.invoke('cancelShipment', { orderId }),
    ]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    await expect(stack.invoke('cancelShipment', { orderId })).resolves.toMatchObject({ status: 'CANCELLED' });
    expect(await stored(orderId)).toMatchObject({ status: 'CANCELLED' });
  });

  it('has the seeded CREATED shipment the cancelShipment sample uses', async () => {
    expect(await stored('ord_seed0000000000000000000000000004')).toMatchObject({
      status: 'CREATED',
      trackingNumber: fakeTrackingNumber('ord_seed0000000000000000000000000004'),
    });
  });
});
