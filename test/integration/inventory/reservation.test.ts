import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startTestStack, type TestStack } from '../../support/stack';
import { newOrderId } from '../../support/ids';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 240_000);
afterAll(() => stack.stop());

async function setStock(sku: string, available: number) {
  await stack.documentClient.send(
    new PutCommand({ TableName: stack.tableName('InventoryTable'), Item: { pk: `SKU#${sku}`, sku, available } }),
  );
}

async function stockOf(sku: string): Promise<number | undefined> {
  const { Item } = await stack.documentClient.send(
    new GetCommand({ TableName: stack.tableName('InventoryTable'), Key: { pk: `SKU#${sku}` }, ConsistentRead: true }),
  );
  return Item?.available as number | undefined;
}

async function reservationOf(orderId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await stack.documentClient.send(
    new GetCommand({
      TableName: stack.tableName('InventoryTable'),
      Key: { pk: `RESERVATION#${orderId}` },
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('inventory against DynamoDB Local', () => {
  it('reserves, releases and reserves again, moving real stock', async () => {
    await setStock('SKU-ROUNDTRIP', 10);
    const orderId = newOrderId();
    const items = [{ sku: 'SKU-ROUNDTRIP', quantity: 3 }];

    await expect(stack.invoke('reserveInventory', { orderId, items })).resolves.toMatchObject({ status: 'RESERVED' });
    expect(await stockOf('SKU-ROUNDTRIP')).toBe(7);

    // Idempotent: the same reservation again takes nothing more.
    await stack.invoke('reserveInventory', { orderId, items });
    expect(await stockOf('SKU-ROUNDTRIP')).toBe(7);

    const first = await stack.invoke('releaseInventory', { orderId });
    expect(first).toEqual({ orderId, status: 'RELEASED', lines: [{ sku: 'SKU-ROUNDTRIP', quantity: 3 }] });
    expect(await stockOf('SKU-ROUNDTRIP')).toBe(10);
    // Idempotent: the same result again, and the stock went back only once.
    await expect(stack.invoke('releaseInventory', { orderId })).resolves.toEqual(first);
    expect(await stockOf('SKU-ROUNDTRIP')).toBe(10);
    await expect(reservationOf(orderId)).resolves.toMatchObject({ status: 'RELEASED' });

    const next = newOrderId();
    await stack.invoke('reserveInventory', { orderId: next, items: [{ sku: 'SKU-ROUNDTRIP', quantity: 10 }] });
    expect(await stockOf('SKU-ROUNDTRIP')).toBe(0);
  });

  it('is all or nothing: one short line leaves every other line untouched', async () => {
    await setStock('SKU-PLENTY', 50);
    await setStock('SKU-SHORT', 1);
    const orderId = newOrderId();
    await expect(
      stack.invoke('reserveInventory', {
        orderId,
        items: [
          { sku: 'SKU-PLENTY', quantity: 5 },
          { sku: 'SKU-SHORT', quantity: 2 },
        ],
      }),
      // As Lambda reports a function error: errorType and errorMessage cross, the error's own fields do not.
    ).rejects.toMatchObject({ name: 'OutOfStock', message: 'Not enough stock for SKU-SHORT' });
    expect(await stockOf('SKU-PLENTY')).toBe(50);
    expect(await stockOf('SKU-SHORT')).toBe(1);
    const { Item } = await stack.documentClient.send(
      new GetCommand({ TableName: stack.tableName('InventoryTable'), Key: { pk: `RESERVATION#${orderId}` } }),
    );
    expect(Item).toBeUndefined();
  });

  it('treats the seeded SKU-SOLDOUT and unknown SKUs as out of stock', async () => {
    await expect(
      stack.invoke('reserveInventory', { orderId: newOrderId(), items: [{ sku: 'SKU-SOLDOUT', quantity: 1 }] }),
    ).rejects.toMatchObject({ name: 'OutOfStock' });
    await expect(
      stack.invoke('reserveInventory', { orderId: newOrderId(), items: [{ sku: 'SKU-NEVERSEEN', quantity: 1 }] }),
    ).rejects.toMatchObject({ name: 'OutOfStock', message: 'Not enough stock for SKU-NEVERSEEN' });
  });

  it('lets exactly one of several racing orders take the last unit', async () => {
    await setStock('SKU-LASTONE', 1);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        stack.invoke('reserveInventory', { orderId: newOrderId(), items: [{ sku: 'SKU-LASTONE', quantity: 1 }] }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x) => x.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ name: 'OutOfStock' });
    }
    expect(await stockOf('SKU-LASTONE')).toBe(0);
  });

  it('records a release that came first, so a late reservation cannot hold stock', async () => {
    await setStock('SKU-LATE', 5);
    const orderId = newOrderId();
    await expect(stack.invoke('releaseInventory', { orderId })).resolves.toEqual({
      orderId,
      status: 'RELEASED',
      lines: [],
    });
    // The tombstone says what it is: nothing was reserved, so nothing was undone.
    await expect(reservationOf(orderId)).resolves.toMatchObject({ status: 'RELEASED', lines: [], nothingToUndo: true });
    const late = await stack.invoke('reserveInventory', { orderId, items: [{ sku: 'SKU-LATE', quantity: 2 }] });
    expect(late).toMatchObject({ status: 'RELEASED', lines: [] });
    expect(await stockOf('SKU-LATE')).toBe(5);
  });

  it('rejects invalid input with a ValidationError and writes nothing', async () => {
    await setStock('SKU-UNTOUCHED', 5);
    const orderId = newOrderId();
    await expect(
      stack.invoke('reserveInventory', { orderId, items: [{ sku: 'SKU-UNTOUCHED', quantity: -1 }] }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    expect(await stockOf('SKU-UNTOUCHED')).toBe(5);
  });
});
