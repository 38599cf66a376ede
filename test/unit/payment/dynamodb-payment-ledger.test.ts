import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbPaymentLedger, paymentKey } from '../../../services/payment/adapters/dynamodb-payment-ledger';
import type { Payment } from '../../../services/payment/schemas';

const ddbMock = mockClient(DynamoDBDocumentClient);
const ledger = new DynamoDbPaymentLedger(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'payments');
const ORDER = 'ord_0123456789abcdef0123456789abcdef';
const T0 = '2026-11-25T12:00:00.000Z';
const payment: Payment = { orderId: ORDER, status: 'VOIDED', createdAt: T0, updatedAt: T0 };
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

beforeEach(() => ddbMock.reset());

describe('DynamoDbPaymentLedger', () => {
  it('keys records by PAYMENT#<orderId> and strips the key when reading', async () => {
    expect(paymentKey(ORDER)).toEqual({ pk: `PAYMENT#${ORDER}` });
    ddbMock.on(GetCommand).resolves({ Item: { ...paymentKey(ORDER), ...payment } });
    await expect(ledger.find(ORDER)).resolves.toEqual(payment);
  });

  it('rejects a stored item that is not a payment record', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { ...paymentKey(ORDER), orderId: ORDER, status: 'LOST' } });
    await expect(ledger.find(ORDER)).rejects.toThrow();
  });

  it('reports a create that lost the race with the record that won', async () => {
    ddbMock.on(PutCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({ Item: { ...payment, status: 'DECLINED' } });
    await expect(ledger.create(payment)).resolves.toEqual({
      kind: 'exists',
      payment: { ...payment, status: 'DECLINED' },
    });
  });

  it('reports a transient error when the record that made the create fail is gone', async () => {
    ddbMock.on(PutCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({});
    await expect(ledger.create(payment)).rejects.toMatchObject({ name: 'TransientError' });
  });

  it('passes other errors through', async () => {
    ddbMock.on(PutCommand).rejects(new Error('throttled'));
    ddbMock.on(UpdateCommand).rejects(new Error('throttled'));
    await expect(ledger.create(payment)).rejects.toThrow('throttled');
    await expect(ledger.transition(ORDER, 'AUTHORIZED', { status: 'VOIDED', updatedAt: T0 })).rejects.toThrow(
      'throttled',
    );
  });

  it('updates only the fields given, conditioned on the previous status', async () => {
    ddbMock.on(UpdateCommand).resolves({ Attributes: { ...payment, status: 'REFUNDED', refundId: 're_1' } });
    await expect(
      ledger.transition(ORDER, 'CAPTURED', {
        status: 'REFUNDED',
        refundId: 're_1',
        captureId: undefined,
        updatedAt: T0,
      }),
    ).resolves.toEqual({ kind: 'updated', payment: { ...payment, status: 'REFUNDED', refundId: 're_1' } });
    expect(ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'payments',
      Key: paymentKey(ORDER),
      UpdateExpression: 'SET #status = :status, #refundId = :refundId, #updatedAt = :updatedAt',
      ConditionExpression: '#status = :from',
      ExpressionAttributeNames: { '#status': 'status', '#refundId': 'refundId', '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: { ':from': 'CAPTURED', ':status': 'REFUNDED', ':refundId': 're_1', ':updatedAt': T0 },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('reports a lost transition with the current record', async () => {
    ddbMock.on(UpdateCommand).rejects(conditionFailed());
    ddbMock.on(GetCommand).resolves({});
    await expect(ledger.transition(ORDER, 'AUTHORIZED', { status: 'VOIDED', updatedAt: T0 })).resolves.toEqual({
      kind: 'changed',
      payment: undefined,
    });
  });

  it('fails when an update returns no attributes', async () => {
    ddbMock.on(UpdateCommand).resolves({});
    await expect(ledger.transition(ORDER, 'AUTHORIZED', { status: 'VOIDED', updatedAt: T0 })).rejects.toThrow(
      /returned no attributes/,
    );
  });
});
