/**
 * The template's promise, checked over every service's own table: nothing is held, charged or
 * shipped for an order that does not say so. A RESERVED reservation, an AUTHORIZED or CAPTURED
 * payment or a CREATED shipment must belong to a COMPLETED order — or to an order still being
 * processed (`inFlight`), or one parked in the compensation dead-letter queue.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Violation {
  orderId: string;
  orderStatus: string;
  record: 'reservation' | 'payment' | 'shipment';
  recordStatus: string;
}

const HELD: Record<Violation['record'], string[]> = {
  reservation: ['RESERVED'],
  payment: ['AUTHORIZED', 'CAPTURED'],
  shipment: ['CREATED'],
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

export async function findViolations(
  client: DynamoDBDocumentClient,
  tables: ConsistencyTables,
  options: {
    deadLettered?: ReadonlySet<string>;
    inFlight?: ReadonlySet<string>;
    /** Check only these orders (tests share tables with seed data and other tests). */
    only?: ReadonlySet<string>;
  } = {},
): Promise<Violation[]> {
  const [orders, inventory, payments, shipments] = await Promise.all([
    scanAll(client, tables.orders),
    scanAll(client, tables.inventory),
    scanAll(client, tables.payments),
    scanAll(client, tables.shipments),
  ]);
  const statusOf = new Map(orders.map((o) => [String(o.orderId), String(o.status)]));
  const records: [Violation['record'], Record<string, unknown>[]][] = [
    ['reservation', inventory.filter((item) => String(item.pk).startsWith('RESERVATION#'))],
    ['payment', payments],
    ['shipment', shipments],
  ];
  const violations: Violation[] = [];
  for (const [record, items] of records) {
    for (const item of items) {
      const orderId = String(item.orderId);
      if (options.only && !options.only.has(orderId)) continue;
      const recordStatus = String(item.status);
      const orderStatus = statusOf.get(orderId) ?? 'NONE';
      if (!HELD[record].includes(recordStatus) || orderStatus === 'COMPLETED') continue;
      if (options.deadLettered?.has(orderId) || options.inFlight?.has(orderId)) continue;
      violations.push({ orderId, orderStatus, record, recordStatus });
    }
  }
  return violations;
}
