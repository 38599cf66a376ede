/**
 * The order invariant (tools/offline/consistency.ts) reads the same statuses whether it scans every table
 * or, for the orders it is asked about, reads each item by its key.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { findViolations, type HeldRecord } from '../../../tools/offline/consistency';

type Item = Record<string, unknown>;

const held: HeldRecord[] = [
  {
    record: 'reservation',
    keyPrefix: 'RESERVATION#',
    table: 'Inventory',
    holds: { statuses: ['RESERVED'], whenCompleted: 'RESERVED' },
  },
  {
    record: 'payment',
    keyPrefix: 'PAYMENT#',
    table: 'Payments',
    holds: { statuses: ['AUTHORIZED', 'CAPTURED'], whenCompleted: 'CAPTURED' },
  },
];

/** Two orders: a cancelled one still holding stock (a violation), a completed one holding everything. */
const tables: Record<string, Item[] | undefined> = {
  Orders: [
    { pk: 'ord_a', orderId: 'ord_a', status: 'CANCELLED' },
    { pk: 'ord_b', orderId: 'ord_b', status: 'COMPLETED' },
    { pk: 'IDEMPOTENCY#k', key: 'k' },
  ],
  Inventory: [
    { pk: 'RESERVATION#ord_a', orderId: 'ord_a', status: 'RESERVED' },
    { pk: 'RESERVATION#ord_b', orderId: 'ord_b', status: 'RESERVED' },
    { pk: 'SKU#X', sku: 'X', available: 3 },
  ],
  Payments: [
    { pk: 'PAYMENT#ord_a', orderId: 'ord_a', status: 'VOIDED' },
    { pk: 'PAYMENT#ord_b', orderId: 'ord_b', status: 'CAPTURED' },
  ],
};

const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const mock = mockClient(DynamoDBDocumentClient);

beforeEach(() => {
  mock.reset();
  mock.on(ScanCommand).callsFake((input: { TableName: string }) => ({ Items: tables[input.TableName] ?? [] }));
  mock.on(GetCommand).callsFake((input: { TableName: string; Key: { pk: string } }) => ({
    Item: (tables[input.TableName] ?? []).find((item) => item.pk === input.Key.pk),
  }));
});
afterAll(() => mock.restore());

const orderKey = (orderId: string) => ({ pk: orderId });
const cancelledStillHolding = {
  orderId: 'ord_a',
  orderStatus: 'CANCELLED',
  record: 'reservation',
  recordStatus: 'RESERVED',
  expected: 'nothing held',
};

it('scans every table when asked about every order', async () => {
  expect(await findViolations(client, 'Orders', held)).toEqual([cancelledStillHolding]);
  expect(mock.commandCalls(GetCommand)).toHaveLength(0);
});

it('reads only the orders asked about, by key, with the same outcome and no scan', async () => {
  for (const orderId of ['ord_a', 'ord_b']) {
    const scanned = await findViolations(client, 'Orders', held, { only: new Set([orderId]) });
    mock.resetHistory();
    const keyed = await findViolations(client, 'Orders', held, { only: new Set([orderId]), orderKey });
    expect(keyed).toEqual(scanned);
    expect(mock.commandCalls(ScanCommand)).toHaveLength(0);
    expect(mock.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([
      { pk: orderId },
      { pk: `RESERVATION#${orderId}` },
      { pk: `PAYMENT#${orderId}` },
    ]);
  }
  expect(await findViolations(client, 'Orders', held, { only: new Set(['ord_a']), orderKey })).toEqual([
    cancelledStillHolding,
  ]);
});

it('reports a COMPLETED order without its record as NONE, and skips orders still in flight', async () => {
  const payments = tables.Payments;
  tables.Payments = payments?.filter((item) => item.orderId !== 'ord_b');
  try {
    const violations = await findViolations(client, 'Orders', held, {
      only: new Set(['ord_b', 'ord_missing']),
      orderKey,
      inFlight: new Set(['ord_missing']),
    });
    expect(violations).toEqual([
      { orderId: 'ord_b', orderStatus: 'COMPLETED', record: 'payment', recordStatus: 'NONE', expected: 'CAPTURED' },
    ]);
  } finally {
    tables.Payments = payments;
  }
});

it('scans when a held record is a list (no one key per order)', async () => {
  const listed = held.map((record, index) => (index === 0 ? { ...record, list: true } : record));
  await findViolations(client, 'Orders', listed, { only: new Set(['ord_a']), orderKey });
  expect(mock.commandCalls(GetCommand)).toHaveLength(0);
  expect(mock.commandCalls(ScanCommand).length).toBeGreaterThan(0);
});
