import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import { fakeAuthorizationId, fakeCaptureId } from '../../../services/payment/adapters/fake-payment-provider';
import { fakeContext } from '../../support/lambda-context';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const TABLE = 'payments-unit-test';
const ORDER = 'ord_0123456789abcdef0123456789abcdef';
const KEY = { pk: `PAYMENT#${ORDER}` };
const AMOUNT = { amount: 2599, currency: 'EUR' };
const AUTH_ID = fakeAuthorizationId(ORDER);
const T0 = '2026-11-25T12:00:00.000Z';
const authorizedItem = {
  ...KEY,
  orderId: ORDER,
  status: 'AUTHORIZED',
  amount: AMOUNT,
  authorizationId: AUTH_ID,
  createdAt: T0,
  updatedAt: T0,
};

const ddbMock = mockClient(DynamoDBDocumentClient);
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

let authorizePayment: Handler;
let capturePayment: Handler;
let refundPayment: Handler;

beforeAll(async () => {
  process.env.PAYMENTS_TABLE = TABLE;
  ({ handler: authorizePayment } = await import('../../../services/payment/handlers/authorizePayment'));
  ({ handler: capturePayment } = await import('../../../services/payment/handlers/capturePayment'));
  ({ handler: refundPayment } = await import('../../../services/payment/handlers/refundPayment'));
});

beforeEach(() => ddbMock.reset());

describe('authorizePayment handler', () => {
  const event = { orderId: ORDER, amount: AMOUNT, paymentToken: 'tok_visa' };

  it('authorizes and stores the record with a conditional put', async () => {
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(PutCommand).resolves({});
    const result = await authorizePayment(event, fakeContext());
    expect(result).toMatchObject({ orderId: ORDER, status: 'AUTHORIZED', amount: AMOUNT, authorizationId: AUTH_ID });
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: KEY,
      ConsistentRead: true,
    });
    const puts = ddbMock.commandCalls(PutCommand);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.args[0].input).toMatchObject({
      TableName: TABLE,
      Item: { ...KEY, orderId: ORDER, status: 'AUTHORIZED', authorizationId: AUTH_ID },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('ignores the other fields of the workflow state and never stores the card token', async () => {
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(PutCommand).resolves({});
    const result = await authorizePayment({ ...event, customerId: 'cus_1', items: [] }, fakeContext());
    expect(result).not.toHaveProperty('customerId');
    const item = ddbMock.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(item).not.toHaveProperty('paymentToken');
    expect(item).not.toHaveProperty('customerId');
  });

  it('returns the existing record without writing', async () => {
    ddbMock.on(GetCommand).resolves({ Item: authorizedItem });
    await expect(authorizePayment(event, fakeContext())).resolves.toEqual(
      expect.objectContaining({ status: 'AUTHORIZED', createdAt: T0 }),
    );
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('stores DECLINED and throws PaymentDeclined for tok_chargeDeclined', async () => {
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(PutCommand).resolves({});
    await expect(
      authorizePayment({ ...event, paymentToken: 'tok_chargeDeclined' }, fakeContext()),
    ).rejects.toMatchObject({ name: 'PaymentDeclined', reason: 'card declined' });
    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({
      status: 'DECLINED',
      declineReason: 'card declined',
    });
  });

  it('re-reads and returns the winner when the conditional put loses', async () => {
    ddbMock.on(GetCommand).resolvesOnce({}).resolves({ Item: authorizedItem });
    ddbMock.on(PutCommand).rejects(conditionFailed());
    await expect(authorizePayment(event, fakeContext())).resolves.toMatchObject({ createdAt: T0 });
    expect(ddbMock.commandCalls(GetCommand)).toHaveLength(2);
  });

  it.each([
    ['missing token', { orderId: ORDER, amount: AMOUNT }],
    ['zero amount', { ...event, amount: { amount: 0, currency: 'EUR' } }],
    ['negative amount', { ...event, amount: { amount: -1, currency: 'EUR' } }],
    ['unknown currency', { ...event, amount: { amount: 1, currency: 'XXX' } }],
    ['bad order id', { ...event, orderId: 'ord_1' }],
    ['malformed token', { ...event, paymentToken: 'visa' }],
    ['not an object', 'tok_visa'],
  ])('rejects %s with a ValidationError before any write', async (_, bad) => {
    await expect(authorizePayment(bad, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe('capturePayment handler', () => {
  it('moves AUTHORIZED to CAPTURED with a conditional update', async () => {
    const captureId = fakeCaptureId(AUTH_ID);
    ddbMock.on(GetCommand).resolves({ Item: authorizedItem });
    ddbMock.on(UpdateCommand).resolves({ Attributes: { ...authorizedItem, status: 'CAPTURED', captureId } });
    await expect(capturePayment({ orderId: ORDER }, fakeContext())).resolves.toMatchObject({
      status: 'CAPTURED',
      captureId,
    });
    const update = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update).toMatchObject({
      TableName: TABLE,
      Key: KEY,
      ConditionExpression: '#status = :from',
      ExpressionAttributeValues: expect.objectContaining({
        ':from': 'AUTHORIZED',
        ':status': 'CAPTURED',
        ':captureId': captureId,
      }),
    });
  });

  it('throws PaymentNotCapturable when nothing was authorized, writing nothing', async () => {
    ddbMock.on(GetCommand).resolves({});
    await expect(capturePayment({ orderId: ORDER }, fakeContext())).rejects.toMatchObject({
      name: 'PaymentNotCapturable',
    });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it.each([[{}], [{ orderId: 'nope' }], [{ orderId: 42 }]])('rejects %j with a ValidationError', async (bad) => {
    await expect(capturePayment(bad, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
  });
});

describe('refundPayment handler', () => {
  it('writes a VOIDED tombstone when there is no payment', async () => {
    ddbMock.on(GetCommand).resolves({});
    ddbMock.on(PutCommand).resolves({});
    const result = await refundPayment({ orderId: ORDER }, fakeContext());
    expect(result).toEqual({
      orderId: ORDER,
      status: 'VOIDED',
      nothingToUndo: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(ddbMock.commandCalls(PutCommand)[0]?.args[0].input).toMatchObject({
      Item: { ...KEY, status: 'VOIDED', nothingToUndo: true },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('voids an AUTHORIZED payment', async () => {
    ddbMock.on(GetCommand).resolves({ Item: authorizedItem });
    ddbMock.on(UpdateCommand).resolves({ Attributes: { ...authorizedItem, status: 'VOIDED' } });
    await expect(refundPayment({ orderId: ORDER }, fakeContext())).resolves.toEqual({
      orderId: ORDER,
      status: 'VOIDED',
      amount: AMOUNT,
      authorizationId: AUTH_ID,
      createdAt: T0,
      updatedAt: T0,
    });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({
      ':from': 'AUTHORIZED',
      ':status': 'VOIDED',
    });
  });

  it('returns an already VOIDED payment as stored and writes nothing', async () => {
    const record = {
      orderId: ORDER,
      status: 'VOIDED',
      amount: AMOUNT,
      authorizationId: AUTH_ID,
      createdAt: T0,
      updatedAt: '2026-11-25T12:05:00.000Z',
    };
    ddbMock.on(GetCommand).resolves({ Item: { ...KEY, ...record } });
    await expect(refundPayment({ orderId: ORDER }, fakeContext())).resolves.toEqual(record);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it.each([[{}], [{ orderId: 'ord_' }], [null]])('rejects %j with a ValidationError', async (bad) => {
    await expect(refundPayment(bad, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
  });
});
