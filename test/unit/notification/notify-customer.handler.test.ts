import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { fakeContext } from '../../support/lambda-context';
import { completed, ORDER_ID, snsEvent } from './fakes';

process.env.NOTIFICATIONS_TABLE = 'notifications-test';

type Handler = typeof import('../../../services/notification/handlers/notifyCustomer').handler;
let handler: Handler;
beforeAll(async () => {
  ({ handler } = await import('../../../services/notification/handlers/notifyCustomer'));
});

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

describe('notifyCustomer handler', () => {
  it('records the notification with a conditional put, marks it sent and reports it', async () => {
    ddbMock.on(PutCommand).resolves({}).on(UpdateCommand).resolves({});
    const result = await handler(snsEvent({ messageId: 'm-1', message: completed() }), fakeContext());
    expect(result).toEqual({ delivered: 1, duplicates: 0 });

    const put = ddbMock.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      TableName: 'notifications-test',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: ORDER_ID,
        sk: 'OrderCompleted',
        orderId: ORDER_ID,
        notificationId: 'm-1',
        type: 'OrderCompleted',
        recipient: 'cust_0001',
        channel: 'email',
        subject: `Your order ${ORDER_ID} is on its way`,
        status: 'RECORDED',
      },
    });
    expect(String(put?.Item?.body)).toContain('EUR 1,299.00');
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: ORDER_ID, sk: 'OrderCompleted' },
      ExpressionAttributeValues: { ':sent': 'SENT' },
    });
  });

  it('counts a redelivered, already sent message as a duplicate and sends nothing', async () => {
    ddbMock
      .on(PutCommand)
      .rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }))
      .on(GetCommand)
      .resolves({
        Item: {
          pk: ORDER_ID,
          sk: 'OrderCompleted',
          orderId: ORDER_ID,
          notificationId: 'm-1',
          type: 'OrderCompleted',
          recipient: 'cust_0001',
          channel: 'email',
          subject: 's',
          body: 'b',
          publishedAt: '2026-11-25T09:59:59.000Z',
          createdAt: '2026-11-25T10:00:00.000Z',
          expiresAt: 1_803_376_800,
          status: 'SENT',
          sentAt: '2026-11-25T10:00:00.000Z',
        },
      });
    await expect(handler(snsEvent({ messageId: 'm-1', message: completed() }), fakeContext())).resolves.toEqual({
      delivered: 0,
      duplicates: 1,
    });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it.each([
    ['a message that is not JSON', snsEvent({ message: '{"type": "OrderCompleted"' })],
    ['an unknown event type', snsEvent({ message: completed({ type: 'OrderShipped' }) })],
    ['a missing order id', snsEvent({ message: completed({ orderId: undefined }) })],
    ['a malformed order id', snsEvent({ message: completed({ orderId: 'ORD-1' }) })],
    ['a float amount', snsEvent({ message: completed({ total: { amount: 12.5, currency: 'EUR' } }) })],
    ['no records', { Records: [] }],
    ['not an SNS event', { orderId: ORDER_ID }],
  ])('rejects %s with a ValidationError and writes nothing', async (_case, event) => {
    await expect(handler(event, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('writes nothing when one record of a batch is malformed', async () => {
    const event = snsEvent({ messageId: 'ok', message: completed() }, { messageId: 'bad', message: 'nope' });
    await expect(handler(event, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
  });
});
