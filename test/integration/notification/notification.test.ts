import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbNotificationLog } from '../../../services/notification/adapters/dynamodb-notification-log';
import { notificationExpiresAt } from '../../../services/notification/domain/notify';
import { startTestStack, type TestStack } from '../../support/stack';
import { newOrderId } from '../../support/ids';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 240_000);
afterAll(() => stack.stop());

function snsEvent(message: unknown, messageId: string = randomUUID(), timestamp = new Date().toISOString()) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:eu-west-1:000000000000:order-processing-dev-order-events:sub',
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: 'arn:aws:sns:eu-west-1:000000000000:order-processing-dev-order-events',
          Message: typeof message === 'string' ? message : JSON.stringify(message),
          Timestamp: timestamp,
          MessageAttributes: {},
        },
      },
    ],
  };
}

async function itemsOf(orderId: string) {
  const { Items = [] } = await stack.documentClient.send(
    new QueryCommand({
      TableName: stack.tableName('NotificationsTable'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': orderId },
      ConsistentRead: true,
    }),
  );
  return Items;
}

describe('notifyCustomer against DynamoDB Local', () => {
  it('records one notification per message, sent once, even when SNS delivers it twice', async () => {
    const orderId = newOrderId();
    const event = snsEvent({
      type: 'OrderCompleted',
      orderId,
      customerId: 'cust_it',
      total: { amount: 129900, currency: 'EUR' },
    });

    await expect(stack.invoke('notifyCustomer', event)).resolves.toEqual({ delivered: 1, duplicates: 0 });
    await expect(stack.invoke('notifyCustomer', event)).resolves.toEqual({ delivered: 0, duplicates: 1 });

    const items = await itemsOf(orderId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      orderId,
      type: 'OrderCompleted',
      recipient: 'cust_it',
      channel: 'email',
      status: 'SENT',
      subject: `Your order ${orderId} is on its way`,
    });
    expect(String(items[0]?.body)).toContain('EUR 1,299.00');
    // What the table's TTL (TimeToLiveSpecification on expiresAt) deletes: a number of epoch seconds.
    expect(items[0]?.expiresAt).toBe(notificationExpiresAt(String(items[0]?.createdAt)));
  });

  it('lists an order’s notifications in publish order', async () => {
    const orderId = newOrderId();
    await stack.invoke(
      'notifyCustomer',
      snsEvent(
        { type: 'ReviewRequested', orderId, customerId: 'c', total: { amount: 250000, currency: 'JPY' } },
        'm-1',
        '2026-11-25T10:00:00.000Z',
      ),
    );
    await stack.invoke(
      'notifyCustomer',
      snsEvent(
        { type: 'OrderCancelled', orderId, customerId: 'c', reason: 'OrderRejected' },
        'm-2',
        '2026-11-25T10:05:00.000Z',
      ),
    );

    // Read through the service's adapter on this stack's table (not the handlers' process-wide one).
    const log = new DynamoDbNotificationLog(stack.documentClient, stack.tableName('NotificationsTable'));
    const notifications = await log.list(orderId);
    expect(notifications.map((n) => [n.type, n.notificationId])).toEqual([
      ['ReviewRequested', 'm-1'],
      ['OrderCancelled', 'm-2'],
    ]);
    expect(notifications[0]?.body).toContain('JPY 250,000');
    expect(notifications[1]?.body).toContain('did not pass our review');
  });

  it('rejects a malformed message with a ValidationError and records nothing', async () => {
    const orderId = newOrderId();
    await expect(
      stack.invoke('notifyCustomer', snsEvent({ type: 'OrderShipped', orderId, customerId: 'c' })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(stack.invoke('notifyCustomer', snsEvent('not json'))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    expect(await itemsOf(orderId)).toHaveLength(0);
  });
});
