import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '#shared/dynamodb';
import type { CreateOutcome, OrderChange, OrderGuard, OrderRepository } from '../domain/ports';
import { OrderSchema, type Order } from '../schemas';

/** Key layout of the orders table: one item per order, partition key `pk` = the order id. */
export const orderKey = (orderId: string) => ({ pk: orderId });

function toOrder(item: Record<string, unknown> | undefined): Order | undefined {
  return item ? OrderSchema.parse(item) : undefined;
}

/** Builds the UpdateExpression and ConditionExpression of a guarded change (every name is aliased). */
export function updateExpressions(guard: OrderGuard, change: OrderChange) {
  const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':expectedStatus': guard.status, ':updatedAt': change.updatedAt };
  const sets = ['#updatedAt = :updatedAt'];
  const conditions = ['#status = :expectedStatus'];

  if (change.status !== undefined) {
    sets.push('#status = :status');
    values[':status'] = change.status;
  }
  for (const [field, value] of Object.entries(change.set ?? {})) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  if (change.history) {
    names['#history'] = 'history';
    values[':history'] = [change.history];
    values[':empty'] = [];
    sets.push('#history = list_append(if_not_exists(#history, :empty), :history)');
  }
  for (const field of guard.absent ?? []) {
    names[`#${field}`] = field;
    conditions.push(`attribute_not_exists(#${field})`);
  }
  if (guard.reviewTaskToken !== undefined) {
    names['#reviewTaskToken'] = 'reviewTaskToken';
    values[':expectedToken'] = guard.reviewTaskToken;
    conditions.push('#reviewTaskToken = :expectedToken');
  }
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

export class DynamoDbOrderRepository implements OrderRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(orderId: string): Promise<Order | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: orderKey(orderId), ConsistentRead: true }),
    );
    return toOrder(Item);
  }

  async create(order: Order): Promise<CreateOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...orderKey(order.orderId), ...order },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { kind: 'created' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.get(order.orderId);
      // Orders are never deleted, so the one that won the condition is there to read.
      if (!existing) throw error;
      return { kind: 'exists', order: existing };
    }
  }

  async update(orderId: string, guard: OrderGuard, change: OrderChange): Promise<Order | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: orderKey(orderId),
          ...updateExpressions(guard, change),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toOrder(Attributes);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw error;
    }
  }
}
