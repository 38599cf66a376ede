import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as releaseInventory } from '../../../services/inventory/handlers/releaseInventory';
import { handler as reserveInventory } from '../../../services/inventory/handlers/reserveInventory';
import { ReleaseInventoryInputSchema, ReserveInventoryInputSchema } from '../../../services/inventory/schemas';
import { describeTaskEventFiles } from '../../support/events';
import { fakeContext } from '../../support/lambda-context';

process.env.INVENTORY_TABLE = 'inventory-test';
const ddb = mockClient(DynamoDBDocumentClient);
const ORDER = `ord_${'2'.repeat(32)}`;

beforeEach(() => ddb.reset());

const cancelled = (codes: string[], item?: Record<string, AttributeValue>) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code, i) => (i === codes.length - 1 && item ? { Code, Item: item } : { Code })),
  });

describe('reserveInventory handler', () => {
  it('reserves in one transaction: a conditional decrement per SKU and the reservation record', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const result = await reserveInventory(
      { orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 2, unitPrice: 100 }] },
      fakeContext(),
    );
    expect(result).toMatchObject({ orderId: ORDER, status: 'RESERVED', lines: [{ sku: 'SKU-A', quantity: 2 }] });
    const [call] = ddb.commandCalls(TransactWriteCommand);
    const items = call?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(2);
    expect(items[0]?.Update).toMatchObject({
      TableName: 'inventory-test',
      Key: { pk: 'SKU#SKU-A' },
      ConditionExpression: 'attribute_exists(pk) AND available >= :qty',
      ExpressionAttributeValues: { ':qty': 2 },
    });
    expect(items[1]?.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)' });
  });

  it('throws OutOfStock for the SKU whose condition failed', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed', 'None']));
    await expect(
      reserveInventory(
        {
          orderId: ORDER,
          items: [
            { sku: 'SKU-A', quantity: 1 },
            { sku: 'SKU-B', quantity: 1 },
          ],
        },
        fakeContext(),
      ),
    ).rejects.toMatchObject({ name: 'OutOfStock', skus: ['SKU-B'] });
  });

  it('returns the existing reservation when the order already has one', async () => {
    const existing: Record<string, AttributeValue> = {
      pk: { S: `RESERVATION#${ORDER}` },
      orderId: { S: ORDER },
      status: { S: 'RESERVED' },
      lines: { L: [{ M: { sku: { S: 'SKU-A' }, quantity: { N: '1' } } }] },
      createdAt: { S: 'then' },
      updatedAt: { S: 'then' },
    };
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed'], existing));
    await expect(
      reserveInventory({ orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 1 }] }, fakeContext()),
    ).resolves.toMatchObject({ status: 'RESERVED', createdAt: 'then' });
  });

  it('retries pure transaction conflicts, then succeeds', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['TransactionConflict', 'None']))
      .resolves({});
    // After losing a race the adapter re-reads the stock before trying again.
    ddb.on(GetCommand).resolves({ Item: { pk: 'SKU#SKU-A', sku: 'SKU-A', available: 5 } });
    await expect(
      reserveInventory({ orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 1 }] }, fakeContext()),
    ).resolves.toMatchObject({ status: 'RESERVED' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('answers OutOfStock after a conflict when the re-read stock cannot cover the order', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['TransactionConflict', 'None']));
    ddb.on(GetCommand).resolves({ Item: { pk: 'SKU#SKU-A', sku: 'SKU-A', available: 0 } });
    await expect(
      reserveInventory({ orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 1 }] }, fakeContext()),
    ).rejects.toMatchObject({ name: 'OutOfStock', skus: ['SKU-A'] });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('passes unexpected DynamoDB errors through unchanged', async () => {
    ddb.on(TransactWriteCommand).rejects(new Error('socket hang up'));
    await expect(
      reserveInventory({ orderId: ORDER, items: [{ sku: 'SKU-A', quantity: 1 }] }, fakeContext()),
    ).rejects.toThrow('socket hang up');
  });
});

describe('releaseInventory handler', () => {
  it('gives stock back and marks the reservation released', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        orderId: ORDER,
        status: 'RESERVED',
        lines: [{ sku: 'SKU-A', quantity: 3 }],
        createdAt: 'a',
        updatedAt: 'a',
      },
    });
    ddb.on(TransactWriteCommand).resolves({});
    await expect(releaseInventory({ orderId: ORDER }, fakeContext())).resolves.toEqual({
      orderId: ORDER,
      status: 'RELEASED',
      lines: [{ sku: 'SKU-A', quantity: 3 }],
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[0]?.Update).toMatchObject({ UpdateExpression: 'SET available = available + :qty' });
    expect(items[1]?.Update).toMatchObject({ ConditionExpression: '#status = :reserved' });
  });

  it('returns the same result for an already released reservation and writes nothing', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        orderId: ORDER,
        status: 'RELEASED',
        lines: [{ sku: 'SKU-A', quantity: 3 }],
        createdAt: 'a',
        updatedAt: 'b',
      },
    });
    await expect(releaseInventory({ orderId: ORDER }, fakeContext())).resolves.toEqual({
      orderId: ORDER,
      status: 'RELEASED',
      lines: [{ sku: 'SKU-A', quantity: 3 }],
    });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('records a tombstone when nothing was reserved', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    await expect(releaseInventory({ orderId: ORDER }, fakeContext())).resolves.toEqual({
      orderId: ORDER,
      status: 'RELEASED',
      lines: [],
    });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { pk: `RESERVATION#${ORDER}`, status: 'RELEASED' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });
});

describeTaskEventFiles(
  {
    reserveInventory: { handler: reserveInventory, schema: ReserveInventoryInputSchema },
    releaseInventory: { handler: releaseInventory, schema: ReleaseInventoryInputSchema },
  },
  () => ddb.calls().length,
  fakeContext,
);
