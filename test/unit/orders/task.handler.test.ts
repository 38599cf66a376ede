import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { fakeContext } from '../../support/lambda-context';
import { anOrder, orderId } from './fixtures';

process.env.ORDERS_TABLE = 'orders-test';
process.env.ORDER_EVENTS_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:order-events';

let updateOrderStatus: typeof import('../../../services/orders/handlers/updateOrderStatus').handler;
let requestReview: typeof import('../../../services/orders/handlers/requestReview').handler;
beforeAll(async () => {
  ({ handler: updateOrderStatus } = await import('../../../services/orders/handlers/updateOrderStatus'));
  ({ handler: requestReview } = await import('../../../services/orders/handlers/requestReview'));
});

const ddbMock = mockClient(DynamoDBDocumentClient);
const snsMock = mockClient(SNSClient);
beforeEach(() => {
  ddbMock.reset();
  snsMock.reset();
});

const id = orderId(7);
const stored = (overrides = {}) => ({ pk: id, ...anOrder({ orderId: id, ...overrides }) });
const ccf = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

describe('updateOrderStatus handler', () => {
  it('makes a conditional transition and returns { orderId, status, cancelRequested }', async () => {
    ddbMock.on(GetCommand).resolves({ Item: stored({ status: 'CONFIRMED' }) });
    ddbMock.on(UpdateCommand).resolves({ Attributes: stored({ status: 'COMPLETED' }) });
    await expect(updateOrderStatus({ orderId: id, status: 'COMPLETED' }, fakeContext())).resolves.toEqual({
      orderId: id,
      status: 'COMPLETED',
      cancelRequested: false,
    });
    const update = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      TableName: 'orders-test',
      Key: { pk: id },
      ConditionExpression: '#status = :expectedStatus',
      ExpressionAttributeValues: { ':expectedStatus': 'CONFIRMED', ':status': 'COMPLETED' },
      ReturnValues: 'ALL_NEW',
    });
    expect(update?.UpdateExpression).toContain('#history = list_append(if_not_exists(#history, :empty), :history)');
  });

  it('closes the fulfilment window atomically and reports a cancellation request', async () => {
    ddbMock.on(GetCommand).resolves({ Item: stored({ status: 'CONFIRMED' }) });
    ddbMock
      .on(UpdateCommand)
      .resolves({ Attributes: stored({ status: 'CONFIRMED', windowClosedAt: 'now', cancelRequestedAt: 'before' }) });
    await expect(
      updateOrderStatus({ orderId: id, status: 'CONFIRMED', closeFulfilmentWindow: true }, fakeContext()),
    ).resolves.toEqual({ orderId: id, status: 'CONFIRMED', cancelRequested: true });
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input.ConditionExpression).toBe(
      '#status = :expectedStatus AND attribute_not_exists(#windowClosedAt)',
    );
  });

  it('re-reads after losing the conditional write and ends idempotently', async () => {
    ddbMock
      .on(GetCommand)
      .resolvesOnce({ Item: stored({ status: 'CONFIRMED' }) })
      .resolves({ Item: stored({ status: 'COMPLETED' }) });
    ddbMock.on(UpdateCommand).rejects(ccf());
    await expect(updateOrderStatus({ orderId: id, status: 'COMPLETED' }, fakeContext())).resolves.toMatchObject({
      status: 'COMPLETED',
    });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(1);
  });

  it('throws InvalidStatusTransition by name for an illegal transition', async () => {
    ddbMock.on(GetCommand).resolves({ Item: stored({ status: 'COMPLETED' }) });
    await expect(updateOrderStatus({ orderId: id, status: 'PENDING' }, fakeContext())).rejects.toMatchObject({
      name: 'InvalidStatusTransition',
    });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('keeps any reason as failureReason makes it: a 300-character error name with a newline is cut, not refused', async () => {
    ddbMock.on(GetCommand).resolves({ Item: stored({ status: 'CONFIRMED' }) });
    ddbMock.on(UpdateCommand).resolves({ Attributes: stored({ status: 'CANCELLED' }) });
    const reason = `Ops.\n${'E'.repeat(300)}`;
    await updateOrderStatus({ orderId: id, status: 'CANCELLED', reason }, fakeContext());
    const update = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(JSON.stringify(update?.ExpressionAttributeValues)).toContain(`"Ops. ${'E'.repeat(251)}"`);
  });

  it('throws NotFound for an unknown order', async () => {
    ddbMock.on(GetCommand).resolves({});
    await expect(updateOrderStatus({ orderId: id, status: 'CONFIRMED' }, fakeContext())).rejects.toMatchObject({
      name: 'NotFound',
    });
  });

  it.each([
    ['unknown status', { orderId: id, status: 'SHIPPED' }],
    ['lower-case status', { orderId: id, status: 'completed' }],
    ['bad order id', { orderId: 'order-7', status: 'COMPLETED' }],
    ['missing order id', { status: 'COMPLETED' }],
    ['reason of wrong type', { orderId: id, status: 'CANCELLED', reason: 42 }],
    ['flag of wrong type', { orderId: id, status: 'CONFIRMED', closeFulfilmentWindow: 'yes' }],
    ['no input', null],
  ])('rejects %s with a ValidationError and touches nothing', async (_case, input) => {
    await expect(updateOrderStatus(input, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe('requestReview handler', () => {
  const TOKEN = 'AQCEAAAAKgAAAAMAAAAAAAAAA-token';

  it('moves the order to IN_REVIEW with the token and publishes ReviewRequested with an eventType attribute', async () => {
    const inReview = stored({
      status: 'IN_REVIEW',
      reviewTaskToken: TOKEN,
      history: [{ status: 'IN_REVIEW', at: '2026-11-25T10:00:00.000Z' }],
    });
    ddbMock.on(GetCommand).resolves({ Item: stored({ status: 'PENDING' }) });
    ddbMock.on(UpdateCommand).resolves({ Attributes: inReview });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });

    await expect(requestReview({ orderId: id, taskToken: TOKEN }, fakeContext())).resolves.toEqual({
      orderId: id,
      status: 'IN_REVIEW',
    });

    const [hold, mark] = ddbMock.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(hold).toMatchObject({
      ConditionExpression: '#status = :expectedStatus',
      ExpressionAttributeValues: { ':expectedStatus': 'PENDING', ':status': 'IN_REVIEW', ':reviewTaskToken': TOKEN },
    });
    expect(mark?.ConditionExpression).toBe('#status = :expectedStatus AND attribute_not_exists(#reviewNotifiedAt)');
    const publish = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(publish?.TopicArn).toBe(process.env.ORDER_EVENTS_TOPIC_ARN);
    expect(publish?.MessageAttributes).toEqual({ eventType: { DataType: 'String', StringValue: 'ReviewRequested' } });
    expect(JSON.parse(publish?.Message ?? '{}')).toEqual({
      type: 'ReviewRequested',
      orderId: id,
      customerId: 'cust_0001',
      total: { amount: 14997, currency: 'EUR' },
      at: '2026-11-25T10:00:00.000Z',
    });
  });

  it('publishes nothing when the order already waits with the same token and was announced', async () => {
    ddbMock.on(GetCommand).resolves({
      Item: stored({ status: 'IN_REVIEW', reviewTaskToken: TOKEN, reviewNotifiedAt: '2026-11-25T10:00:00.000Z' }),
    });
    await requestReview({ orderId: id, taskToken: TOKEN }, fakeContext());
    expect(snsMock.calls()).toHaveLength(0);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('fails the Task when SNS fails (the state machine retries it)', async () => {
    ddbMock.on(GetCommand).resolves({ Item: stored({ status: 'IN_REVIEW', reviewTaskToken: TOKEN }) });
    snsMock.on(PublishCommand).rejects(new Error('SNS throttled'));
    await expect(requestReview({ orderId: id, taskToken: TOKEN }, fakeContext())).rejects.toThrow('SNS throttled');
  });

  it.each([
    ['missing token', { orderId: id }],
    ['empty token', { orderId: id, taskToken: '' }],
    ['oversized token', { orderId: id, taskToken: 't'.repeat(2049) }],
    ['bad order id', { orderId: 'ord_X', taskToken: TOKEN }],
  ])('rejects %s with a ValidationError and touches nothing', async (_case, input) => {
    await expect(requestReview(input, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
  });
});
