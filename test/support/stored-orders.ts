/** Orders written straight to a stack's orders table, for tests of what acts on a stored order. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from 'offline-aws/dynamodb/stack';
import { orderKey } from '../../services/orders/adapters/dynamodb-order-repository';
import type { WorkflowInput } from '../../services/orders/schemas';

/**
 * Stores an order PENDING as createOrder writes it before it starts the order's execution (the
 * record toWorkflowInput reads back to `input`), and starts nothing.
 */
export async function storePendingOrder(
  stack: Pick<LocalStack, 'documentClient' | 'tableName'>,
  input: WorkflowInput,
): Promise<void> {
  const now = new Date().toISOString();
  await stack.documentClient.send(
    new PutCommand({
      TableName: stack.tableName('OrdersTable'),
      Item: {
        ...orderKey(input.orderId),
        ...input,
        status: 'PENDING',
        createdAt: now,
        updatedAt: now,
        history: [{ status: 'PENDING', at: now }],
      },
    }),
  );
}
