import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { fakeTrackingNumber } from '../../../services/shipping/adapters/fake-carrier';
import { fakeContext } from '../../support/lambda-context';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const TABLE = 'shipments-unit-test';
const ORDER = 'ord_0123456789abcdef0123456789abcdef';
const KEY = { pk: `SHIPMENT#${ORDER}` };
const T0 = '2026-11-25T12:00:00.000Z';
const address = { name: 'Erika Mustermann', line1: 'Heidestraße 17', city: 'Köln', postalCode: '51147', country: 'DE' };
const event = { orderId: ORDER, shippingAddress: address, items: [{ sku: 'SKU-MOUSE', quantity: 2, unitPrice: 2499 }] };
/** The CREATED shipment record, and the item the table stores for it (the record plus its key). */
const createdRecord = {
  orderId: ORDER,
  status: 'CREATED',
  carrier: 'FakeCarrier',
  trackingNumber: fakeTrackingNumber(ORDER),
  address,
  lines: [{ sku: 'SKU-MOUSE', quantity: 2 }],
  createdAt: T0,
  updatedAt: T0,
};
const createdItem = { ...KEY, ...createdRecord };

const ddbMock = mockClient(DynamoDBDocumentClient);
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

let createShipment: Handler;
let cancelShipment: Handler;

beforeAll(async () => {
  process.env.SHIPMENTS_TABLE = TABLE;
  ({ handler: createShipment } = await import('../../../services/shipping/handlers/createShipment'));
  ({ handler: cancelShipment } = await import('../../../services/shipping/handlers/cancelShipment'));
});

beforeEach(() => ddbMock.reset());

describe('createShipment handler', () => {
  it('books and stores the shipment with a conditional put, keeping only sku and quantity per line', async () => {
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(PutCommand).resolves({});
    const result = await createShipment({ ...event, customerId: 'cus_1' }, fakeContext());
    expect(result).toMatchObject({
      orderId: ORDER,
      status: 'CREATED',
      carrier: 'FakeCarrier',
      trackingNumber: fakeTrackingNumber(ORDER),
      address,
      lines: [{ sku: 'SKU-MOUSE', quantity: 2 }],
    });
    expect(result).not.toHaveProperty('pk');
    expect(result).not.toHaveProperty('customerId');
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: KEY,
      ConsistentRead: true,
    });
    const put = ddbMock.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ TableName: TABLE, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(put?.Item).toMatchObject({ ...KEY, status: 'CREATED', lines: [{ sku: 'SKU-MOUSE', quantity: 2 }] });
    expect(put?.Item?.lines[0]).not.toHaveProperty('unitPrice');
  });

  it('returns the existing shipment without writing', async () => {
    ddbMock.on(GetCommand).resolves({ Item: createdItem });
    await expect(createShipment(event, fakeContext())).resolves.toMatchObject({ status: 'CREATED', createdAt: T0 });
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('throws ShippingUnavailable for AQ and writes nothing', async () => {
    ddbMock.on(GetCommand).resolves({});
    await expect(
      createShipment({ ...event, shippingAddress: { ...address, country: 'AQ' } }, fakeContext()),
    ).rejects.toMatchObject({ name: 'ShippingUnavailable', country: 'AQ' });
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('re-reads and returns the winner when the conditional put loses', async () => {
    ddbMock.on(GetCommand).resolvesOnce({}).resolves({ Item: createdItem });
    ddbMock.on(PutCommand).rejects(conditionFailed());
    await expect(createShipment(event, fakeContext())).resolves.toMatchObject({ createdAt: T0 });
  });

  it.each([
    ['missing address', { orderId: ORDER, items: event.items }],
    ['no items', { ...event, items: [] }],
    ['negative quantity', { ...event, items: [{ sku: 'SKU-MOUSE', quantity: -1 }] }],
    ['bad sku', { ...event, items: [{ sku: 'mouse', quantity: 1 }] }],
    ['bad country', { ...event, shippingAddress: { ...address, country: 'de' } }],
    ['oversized name', { ...event, shippingAddress: { ...address, name: 'x'.repeat(201) } }],
    ['bad order id', { ...event, orderId: 'ord-1' }],
  ])('rejects %s with a ValidationError before any write', async (_, bad) => {
    await expect(createShipment(bad, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe('cancelShipment handler', () => {
  it('cancels a CREATED shipment with a conditional update', async () => {
    ddbMock.on(GetCommand).resolves({ Item: createdItem });
    ddbMock.on(UpdateCommand).resolves({ Attributes: { ...createdItem, status: 'CANCELLED' } });
    await expect(cancelShipment({ orderId: ORDER }, fakeContext())).resolves.toEqual({
      ...createdRecord,
      status: 'CANCELLED',
    });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      TableName: TABLE,
      Key: KEY,
      ConditionExpression: '#status = :from',
      ExpressionAttributeValues: expect.objectContaining({ ':from': 'CREATED', ':to': 'CANCELLED' }),
    });
  });

  it('writes a CANCELLED tombstone when there is no shipment', async () => {
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(PutCommand).resolves({});
    await expect(cancelShipment({ orderId: ORDER }, fakeContext())).resolves.toEqual({
      orderId: ORDER,
      status: 'CANCELLED',
      lines: [],
      nothingToUndo: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { ...KEY, status: 'CANCELLED', lines: [], nothingToUndo: true },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('returns an already CANCELLED shipment as stored and writes nothing', async () => {
    const record = { ...createdRecord, status: 'CANCELLED', updatedAt: '2026-11-25T12:05:00.000Z' };
    ddbMock.on(GetCommand).resolves({ Item: { ...KEY, ...record } });
    await expect(cancelShipment({ orderId: ORDER }, fakeContext())).resolves.toEqual(record);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it.each([[{}], [{ orderId: 'ord_x' }], [{ orderId: 7 }]])('rejects %j with a ValidationError', async (bad) => {
    await expect(cancelShipment(bad, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
  });
});
