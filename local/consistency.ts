/**
 * The order invariant, the one meaning of "consistent" (the `--json` output, the tests, the bench):
 * - an order that is not COMPLETED holds nothing: no RESERVED stock, no AUTHORIZED or CAPTURED
 *   payment, no CREATED shipment;
 * - a COMPLETED order holds exactly RESERVED stock, a CAPTURED payment and a CREATED shipment.
 * Checked over every service's own table. An order in the dead-letter queue is not exempt: its
 * violations are reported as they are, and the caller reports it as dead-lettered with its alert.
 * Orders still being processed (`inFlight`) are skipped: mid-saga, holding is expected.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export type HeldRecord = 'reservation' | 'payment' | 'shipment';

export interface Violation {
  orderId: string;
  orderStatus: string;
  record: HeldRecord;
  /** The record's status, or `NONE` when a COMPLETED order has no such record. */
  recordStatus: string;
  /** What the invariant wants of this record for this order. */
  expected: string;
}

/** Record statuses that hold something for the order (stock, money, a parcel). */
export const HELD: Readonly<Record<HeldRecord, readonly string[]>> = {
  reservation: ['RESERVED'],
  payment: ['AUTHORIZED', 'CAPTURED'],
  shipment: ['CREATED'],
};

/** The one status each record must have for a COMPLETED order. */
export const HELD_WHEN_COMPLETED: Readonly<Record<HeldRecord, string>> = {
  reservation: 'RESERVED',
  payment: 'CAPTURED',
  shipment: 'CREATED',
};

async function scanAll(client: DynamoDBDocumentClient, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export interface ConsistencyTables {
  orders: string;
  inventory: string;
  payments: string;
  shipments: string;
}

/** The invariant for one order, given its status and the status of each of its records (if any). */
export function checkOrder(
  orderId: string,
  orderStatus: string,
  records: Readonly<Partial<Record<HeldRecord, string>>>,
): Violation[] {
  const violations: Violation[] = [];
  for (const record of Object.keys(HELD) as HeldRecord[]) {
    const recordStatus = records[record] ?? 'NONE';
    if (orderStatus === 'COMPLETED') {
      const expected = HELD_WHEN_COMPLETED[record];
      if (recordStatus !== expected) violations.push({ orderId, orderStatus, record, recordStatus, expected });
    } else if (HELD[record].includes(recordStatus)) {
      violations.push({ orderId, orderStatus, record, recordStatus, expected: 'nothing held' });
    }
  }
  return violations;
}

/**
 * Every violation of the invariant over the four tables.
 * @param options.only check only these orders (tests share tables with seed data and other tests);
 *   without it, every order in the orders table and every record naming an order is checked.
 * @param options.inFlight orders whose execution is still running: skipped.
 */
export async function findViolations(
  client: DynamoDBDocumentClient,
  tables: ConsistencyTables,
  options: { inFlight?: ReadonlySet<string>; only?: ReadonlySet<string> } = {},
): Promise<Violation[]> {
  const [orders, inventory, payments, shipments] = await Promise.all([
    scanAll(client, tables.orders),
    scanAll(client, tables.inventory),
    scanAll(client, tables.payments),
    scanAll(client, tables.shipments),
  ]);
  const statusOf = new Map(orders.map((o) => [String(o.orderId), String(o.status)]));
  const recordsOf = new Map<string, Partial<Record<HeldRecord, string>>>();
  const sources: [HeldRecord, Record<string, unknown>[]][] = [
    ['reservation', inventory.filter((item) => String(item.pk).startsWith('RESERVATION#'))],
    ['payment', payments],
    ['shipment', shipments],
  ];
  for (const [record, items] of sources) {
    for (const item of items) {
      const orderId = String(item.orderId);
      recordsOf.set(orderId, { ...recordsOf.get(orderId), [record]: String(item.status) });
    }
  }
  const orderIds = options.only ?? new Set([...statusOf.keys(), ...recordsOf.keys()]);
  return [...orderIds]
    .filter((orderId) => !options.inFlight?.has(orderId))
    .flatMap((orderId) => checkOrder(orderId, statusOf.get(orderId) ?? 'NONE', recordsOf.get(orderId) ?? {}));
}
