import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderRecordPartitionKey } from '#shared/declaration';
import { isConditionalCheckFailed } from '#shared/dynamodb';
import { TransientError } from '#shared/errors';
import type { CreateOutcome, PaymentChanges, PaymentLedger, TransitionOutcome } from '../domain/payment';
import { PaymentSchema, type Payment, type PaymentStatus } from '../schemas';
import declaration from '../service';

/**
 * Key layout of the payments table: one item per order, string partition key
 * `pk = <keyPrefix><orderId>` (`orderRecord` of services/payment/service.ts, which the offline
 * runtime and the order invariant read too); the other attributes are the Payment record as is.
 */
export const paymentKey = (orderId: string) => ({ pk: orderRecordPartitionKey(declaration.orderRecord, orderId) });

function toPayment(item: Record<string, unknown> | undefined): Payment | undefined {
  return item ? PaymentSchema.parse(item) : undefined;
}

export class DynamoDbPaymentLedger implements PaymentLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(orderId: string): Promise<Payment | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: paymentKey(orderId), ConsistentRead: true }),
    );
    return toPayment(Item);
  }

  async create(payment: Payment): Promise<CreateOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...paymentKey(payment.orderId), ...payment },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { kind: 'created' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.find(payment.orderId);
      // Records are never deleted, so this only happens if someone edits the table by hand.
      if (!existing) throw new TransientError(`Payment record of order ${payment.orderId} vanished; retry`);
      return { kind: 'exists', payment: existing };
    }
  }

  async transition(orderId: string, from: PaymentStatus, changes: PaymentChanges): Promise<TransitionOutcome> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':from': from };
    const sets: string[] = [];
    for (const [field, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: paymentKey(orderId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      const payment = toPayment(Attributes);
      if (!payment) throw new Error(`UpdateItem on the payment of order ${orderId} returned no attributes`);
      return { kind: 'updated', payment };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return { kind: 'changed', payment: await this.find(orderId) };
    }
  }
}
