import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { orderRecordPartitionKey } from '#shared/declaration';
import { isConditionalCheckFailed } from '#shared/dynamodb';
import type { NotificationLog, RecordOutcome } from '../domain/notify';
import { NotificationSchema, type Notification } from '../schemas';
import declaration from '../service';

/**
 * Key layout of the notifications table: partition key `pk` = order id (the declaration's key of a
 * `list` record, services/notification/service.ts, which the offline runtime reads too), sort key
 * `sk` = the event type: one notification per order and event type (domain/notify.ts), so a
 * redelivered message, and the same event published again by a step that ran twice, map to the
 * same item.
 */
export const notificationKey = (n: Pick<Notification, 'orderId' | 'type'>) => ({
  pk: orderRecordPartitionKey(declaration.orderRecord, n.orderId),
  sk: n.type,
});

const toNotification = (item: Record<string, unknown>): Notification => NotificationSchema.parse(item);

export class DynamoDbNotificationLog implements NotificationLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(notification: Notification): Promise<RecordOutcome> {
    const Key = notificationKey(notification);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...Key, ...notification },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { kind: 'created' };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }));
      // The one that won the condition is there to read: TTL deletes a record only long after its
      // message can be redelivered (NOTIFICATION_RETENTION_DAYS).
      if (!Item) throw error;
      return { kind: 'exists', notification: toNotification(Item) };
    }
  }

  async markSent(notification: Notification, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: notificationKey(notification),
        UpdateExpression: 'SET #status = :sent, sentAt = if_not_exists(sentAt, :at)',
        // Never creates a partial item: the notification was recorded before it was sent.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'SENT', ':at': at },
      }),
    );
  }

  /** Every notification of an order, oldest first (used by the workflow CLI and tests). */
  async list(orderId: string): Promise<Notification[]> {
    const notifications: Notification[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': orderRecordPartitionKey(declaration.orderRecord, orderId) },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      notifications.push(...(page.Items ?? []).map(toNotification));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    // The sort key is the event type: publish order is the SNS Timestamp's (ISO 8601, sortable).
    return notifications.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
  }
}
