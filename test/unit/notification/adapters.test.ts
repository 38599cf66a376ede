import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { listNotifications } from '../../../services/notification/adapters';
import {
  DynamoDbNotificationLog,
  notificationKey,
} from '../../../services/notification/adapters/dynamodb-notification-log';
import { LogSender } from '../../../services/notification/adapters/log-sender';
import type { Notification } from '../../../services/notification/schemas';
import { NOW, ORDER_ID } from './fakes';

process.env.NOTIFICATIONS_TABLE = 'notifications-test';

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

const notification = (id: string): Notification => ({
  orderId: ORDER_ID,
  notificationId: id,
  type: 'OrderCompleted',
  recipient: 'cust_0001',
  channel: 'email',
  subject: 's',
  body: 'b',
  publishedAt: NOW,
  createdAt: NOW,
  expiresAt: 1_803_376_800,
  status: 'SENT',
});
const item = (id: string) => ({ ...notificationKey(notification(id)), ...notification(id) });
const log = () =>
  new DynamoDbNotificationLog(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'notifications-test');

describe('DynamoDbNotificationLog', () => {
  it('re-throws when the condition failed but the record cannot be read, and other errors', async () => {
    ddbMock.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    ddbMock.on(GetCommand).resolves({});
    await expect(log().record(notification('a'))).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    ddbMock.on(PutCommand).rejects(new Error('boom'));
    await expect(log().record(notification('a'))).rejects.toThrow('boom');
  });
});

describe('listNotifications', () => {
  it('queries by order id, page by page, oldest first', async () => {
    ddbMock
      .on(QueryCommand)
      .resolvesOnce({ Items: [item('a')], LastEvaluatedKey: { pk: ORDER_ID, sk: 'k' } })
      .resolvesOnce({ Items: [item('b')] });
    const result = await listNotifications(ORDER_ID);
    expect(result.map((n) => n.notificationId)).toEqual(['a', 'b']);
    expect(result[0]).not.toHaveProperty('pk');
    const [first, second] = ddbMock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(first).toMatchObject({
      TableName: 'notifications-test',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': ORDER_ID },
    });
    expect(second?.ExclusiveStartKey).toEqual({ pk: ORDER_ID, sk: 'k' });
  });

  it('returns an empty list for an order without notifications', async () => {
    ddbMock.on(QueryCommand).resolves({});
    await expect(listNotifications(ORDER_ID)).resolves.toEqual([]);
  });
});

describe('LogSender', () => {
  it('logs the rendered message', async () => {
    const info = jest.fn();
    await new LogSender({ info } as never).send(notification('a'));
    expect(info).toHaveBeenCalledWith(
      'notification sent',
      expect.objectContaining({ orderId: ORDER_ID, recipient: 'cust_0001', subject: 's', body: 'b' }),
    );
  });
});
