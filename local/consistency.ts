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
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OrderRecordDeclaration } from '../services/shared/declaration';

/** A record that takes part in the invariant: its declaration (services/<name>/service.ts) and its table. */
export type HeldRecord = Pick<OrderRecordDeclaration, 'record' | 'keyPrefix'> &
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

/**
 * Every violation of the invariant over the orders table and the tables of the held records.
 * @param ordersTable physical name of the orders table (items with `orderId` and `status`).
 * @param held the records that hold something (local/services.ts `heldRecords`, with physical tables).
 * @param options.only check only these orders (tests share tables with seed data and other tests);
 *   without it, every order in the orders table and every record naming an order is checked.
 * @param options.inFlight orders whose execution is still running: skipped.
 */
export async function findViolations(
  client: DynamoDBDocumentClient,
  ordersTable: string,
  held: readonly HeldRecord[],
  options: { inFlight?: ReadonlySet<string>; only?: ReadonlySet<string> } = {},
): Promise<Violation[]> {
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
  const orderIds = options.only ?? new Set([...statusOf.keys(), ...recordsOf.keys()]);
  return [...orderIds]
    .filter((orderId) => !options.inFlight?.has(orderId))
    .flatMap((orderId) => checkOrder(orderId, statusOf.get(orderId) ?? 'NONE', recordsOf.get(orderId) ?? {}, held));
}
