/**
 * Reads what each service keeps for an order, as its declaration says (services/<name>/service.ts
 * `orderRecord`), straight from the service's own table: the scenario output and the invariant use it.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderKey } from '../../services/orders/adapters/dynamodb-order-repository';
import { orderRecordPartitionKey } from '../../services/shared/declaration';
import { findViolations, type HeldRecord, type Violation } from './consistency';
import type { ServiceDeclaration } from './services';
import type { LocalStack } from 'offline-aws/dynamodb/stack';

/** The record of one service for an order, parsed by its schema (key attributes dropped); null if none. */
async function readRecord(
  client: DynamoDBDocumentClient,
  table: string,
  record: NonNullable<ServiceDeclaration['orderRecord']>,
  orderId: string,
): Promise<unknown> {
  if (record.list) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': orderId },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.map((item) => record.schema.parse(item));
  }
  const { Item } = await client.send(
    new GetCommand({ TableName: table, Key: { pk: orderRecordPartitionKey(record, orderId) }, ConsistentRead: true }),
  );
  return Item ? record.schema.parse(Item) : null;
}

/** Every service's record for the order, by the key the declaration reports it as (`inventory`, …). */
export async function readOrderRecords(
  stack: Pick<LocalStack, 'documentClient' | 'tableName'>,
  services: readonly ServiceDeclaration[],
  orderId: string,
): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    services.flatMap((service) =>
      service.orderRecord
        ? [
            (async () =>
              [
                service.orderRecord?.reportAs ?? service.name,
                await readRecord(
                  stack.documentClient,
                  stack.tableName(service.table),
                  service.orderRecord as NonNullable<ServiceDeclaration['orderRecord']>,
                  orderId,
                ),
              ] as const)(),
          ]
        : [],
    ),
  );
  return Object.fromEntries(entries);
}

/** The held records of the declarations, with the stack's physical table names. */
export function heldRecordsIn(
  stack: Pick<LocalStack, 'tableName'>,
  services: readonly ServiceDeclaration[],
): HeldRecord[] {
  return services.flatMap((service) => {
    const record = service.orderRecord;
    return record?.holds
      ? [
          {
            record: record.record,
            keyPrefix: record.keyPrefix,
            list: record.list,
            holds: record.holds,
            table: stack.tableName(service.table),
          },
        ]
      : [];
  });
}

/** The orders service's table: the anchor of the invariant (the order and its status). */
export function ordersTableIn(stack: Pick<LocalStack, 'tableName'>, services: readonly ServiceDeclaration[]): string {
  const orders = services.find((service) => service.name === 'orders');
  if (!orders) throw new Error('No services/orders/service.ts: the order invariant needs the orders table');
  return stack.tableName(orders.table);
}

/** The order invariant checked on the stack's tables (see tools/offline/consistency.ts). */
export function findStackViolations(
  stack: Pick<LocalStack, 'documentClient' | 'tableName'>,
  services: readonly ServiceDeclaration[],
  options: { inFlight?: ReadonlySet<string>; only?: ReadonlySet<string> } = {},
): Promise<Violation[]> {
  return findViolations(stack.documentClient, ordersTableIn(stack, services), heldRecordsIn(stack, services), {
    ...options,
    orderKey,
  });
}
