/**
 * The order's records in each service's own table, read from DynamoDB Local as they stand (GetItem
 * or Query, as the service's declaration says), and its status in the orders table.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { dynamodb } from './aws';
import type { ConsoleConfig, RecordTable } from './types';

type Item = Record<string, AttributeValue>;

const plain = (item: Item): Record<string, unknown> => unmarshall(item);

async function readTable(table: RecordTable, orderId: string): Promise<unknown> {
  if (table.list) {
    const answer = await dynamodb<{ Items?: Item[] }>('Query', {
      TableName: table.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: orderId } },
      ConsistentRead: true,
    });
    return (answer.Items ?? []).map(plain);
  }
  const answer = await dynamodb<{ Item?: Item }>('GetItem', {
    TableName: table.table,
    Key: { pk: { S: `${table.keyPrefix ?? ''}${orderId}` } },
    ConsistentRead: true,
  });
  return answer.Item ? plain(answer.Item) : null;
}

export interface OrderRecords {
  order: Record<string, unknown> | null;
  services: { table: RecordTable; record: unknown }[];
}

export async function readOrderRecords(config: ConsoleConfig, orderId: string): Promise<OrderRecords> {
  const [order, ...services] = await Promise.all([
    config.ordersTable
      ? dynamodb<{ Item?: Item }>('GetItem', {
          TableName: config.ordersTable,
          Key: { pk: { S: orderId } },
          ConsistentRead: true,
        }).then((answer) => (answer.Item ? plain(answer.Item) : null))
      : Promise.resolve(null),
    ...config.tables.map(async (table) => ({ table, record: await readTable(table, orderId) })),
  ]);
  return { order: order as Record<string, unknown> | null, services: services as OrderRecords['services'] };
}

/** Each order's status in the orders table (BatchGetItem, 100 keys a call), by order id. */
export async function orderStatuses(config: ConsoleConfig, orderIds: string[]): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  const table = config.ordersTable;
  if (!table) return statuses;
  for (let start = 0; start < orderIds.length; start += 100) {
    let request: Record<
      string,
      { Keys: Item[]; ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> }
    > = {
      [table]: {
        Keys: orderIds.slice(start, start + 100).map((id) => ({ pk: { S: id } })),
        ProjectionExpression: 'pk, #s',
        ExpressionAttributeNames: { '#s': 'status' },
      },
    };
    while (Object.keys(request).length > 0) {
      const answer = await dynamodb<{ Responses?: Record<string, Item[]>; UnprocessedKeys?: typeof request }>(
        'BatchGetItem',
        { RequestItems: request },
      );
      for (const item of answer.Responses?.[table] ?? []) {
        const id = item.pk?.S;
        const status = item.status?.S;
        if (id && status) statuses.set(id, status);
      }
      request = answer.UnprocessedKeys ?? {};
    }
  }
  return statuses;
}
