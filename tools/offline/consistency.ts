/**
 * The order invariant, the one meaning of "consistent" (the `--json` output, the tests, the bench):
 * - an order that is not COMPLETED holds nothing: no RESERVED stock, no AUTHORIZED or CAPTURED
 *   payment, no CREATED shipment;
 * - a COMPLETED order holds exactly RESERVED stock, a CAPTURED payment and a CREATED shipment.
 * Which records hold what is declared by each service (services/<name>/service.ts, `orderRecord.holds`);
 * checked over every service's own table. An order in the dead-letter queue is not exempt: its
 * violations are reported as they are, and the caller reports it as dead-lettered with its alert.
 * Orders still being processed (`inFlight`) are skipped: mid-saga, holding is expected.
 */
import { GetCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderRecordPartitionKey, type OrderRecordDeclaration } from '../../services/shared/declaration';

/** A record that takes part in the invariant: its declaration (services/<name>/service.ts) and its table. */
export type HeldRecord = Pick<OrderRecordDeclaration, 'record' | 'keyPrefix' | 'list'> &
  Required<Pick<OrderRecordDeclaration, 'holds'>> & {
    /** Physical table name. */
    table: string;
  };

export interface Violation {
  orderId: string;
  orderStatus: string;
  /** The record, in the invariant's words (`reservation`, `payment`, `shipment`). */
  record: string;
  /** The record's status, or `NONE` when a COMPLETED order has no such record. */
  recordStatus: string;
  /** What the invariant wants of this record for this order. */
  expected: string;
}

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

/**
 * The invariant for one order.
 * @param records the status of each of its records that exist, by record name.
 */
export function checkOrder(
  orderId: string,
  orderStatus: string,
  records: Readonly<Record<string, string>>,
  held: readonly Pick<HeldRecord, 'record' | 'holds'>[],
): Violation[] {
  const violations: Violation[] = [];
  for (const { record, holds } of held) {
    const recordStatus = records[record] ?? 'NONE';
    if (orderStatus === 'COMPLETED') {
      if (recordStatus !== holds.whenCompleted) {
        violations.push({ orderId, orderStatus, record, recordStatus, expected: holds.whenCompleted });
      }
    } else if (holds.statuses.includes(recordStatus)) {
      violations.push({ orderId, orderStatus, record, recordStatus, expected: 'nothing held' });
    }
  }
  return violations;
}

/** Each order's status, and the status of each held record by order id. */
interface Statuses {
  statusOf: Map<string, string>;
  recordsOf: Map<string, Record<string, string>>;
}

/** Every order and every held record, by scanning the tables. */
async function scanStatuses(
  client: DynamoDBDocumentClient,
  ordersTable: string,
  held: readonly HeldRecord[],
): Promise<Statuses> {
  const [orders, ...tables] = await Promise.all([
    scanAll(client, ordersTable),
    ...held.map((record) => scanAll(client, record.table)),
  ]);
  const statusOf = new Map((orders ?? []).map((o) => [String(o.orderId), String(o.status)]));
  const recordsOf = new Map<string, Record<string, string>>();
  held.forEach(({ record, keyPrefix = '' }, index) => {
    for (const item of tables[index] ?? []) {
      if (!String(item.pk).startsWith(keyPrefix)) continue;
      const orderId = String(item.orderId);
      recordsOf.set(orderId, { ...recordsOf.get(orderId), [record]: String(item.status) });
    }
  });
  return { statusOf, recordsOf };
}

/**
 * These orders and their held records only, each read by its key: the order by `orderKey`, a record
 * at `pk = <keyPrefix><orderId>` (the declaration's contract). A scenario checks its one order in
 * constant time, however many orders the tables hold.
 */
async function readStatuses(
  client: DynamoDBDocumentClient,
  ordersTable: string,
  held: readonly HeldRecord[],
  orderIds: readonly string[],
  orderKey: (orderId: string) => Record<string, unknown>,
): Promise<Statuses> {
  const get = async (table: string, key: Record<string, unknown>) =>
    (await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
  const statusOf = new Map<string, string>();
  const recordsOf = new Map<string, Record<string, string>>();
  await Promise.all(
    orderIds.map(async (orderId) => {
      const [order, ...items] = await Promise.all([
        get(ordersTable, orderKey(orderId)),
        ...held.map((record) => get(record.table, { pk: orderRecordPartitionKey(record, orderId) })),
      ]);
      if (order) statusOf.set(orderId, String(order.status));
      const records: Record<string, string> = {};
      held.forEach(({ record }, index) => {
        const item = items[index];
        if (item) records[record] = String(item.status);
      });
      recordsOf.set(orderId, records);
    }),
  );
  return { statusOf, recordsOf };
}

/**
 * Every violation of the invariant over the orders table and the tables of the held records.
 * @param ordersTable physical name of the orders table (items with `orderId` and `status`).
 * @param held the records that hold something (tools/offline/services.ts `heldRecords`, with physical tables).
 * @param options.only check only these orders (tests share tables with seed data and other tests);
 *   without it, every order in the orders table and every record naming an order is checked.
 * @param options.orderKey the orders table's key for an order: with `only`, each order and its
 *   records are read by key instead of scanning every table (unless a held record is a `list`).
 * @param options.inFlight orders whose execution is still running: skipped.
 */
export async function findViolations(
  client: DynamoDBDocumentClient,
  ordersTable: string,
  held: readonly HeldRecord[],
  options: {
    inFlight?: ReadonlySet<string>;
    only?: ReadonlySet<string>;
    orderKey?: (orderId: string) => Record<string, unknown>;
  } = {},
): Promise<Violation[]> {
  const { only, orderKey, inFlight } = options;
  const checked = (orderIds: Iterable<string>) => [...orderIds].filter((orderId) => !inFlight?.has(orderId));
  const { statusOf, recordsOf } =
    only && orderKey && !held.some((record) => record.list)
      ? await readStatuses(client, ordersTable, held, checked(only), orderKey)
      : await scanStatuses(client, ordersTable, held);
  const orderIds = only ?? new Set([...statusOf.keys(), ...recordsOf.keys()]);
  return checked(orderIds).flatMap((orderId) =>
    checkOrder(orderId, statusOf.get(orderId) ?? 'NONE', recordsOf.get(orderId) ?? {}, held),
  );
}
