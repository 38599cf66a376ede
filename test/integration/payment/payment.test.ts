import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  fakeAuthorizationId,
  fakeCaptureId,
  fakeRefundId,
} from '../../../services/payment/adapters/fake-payment-provider';
import { startTestStack, type TestStack } from '../../support/stack';
import { newOrderId } from '../../support/ids';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 240_000);
afterAll(() => stack.stop());

const EUR = (amount: number) => ({ amount, currency: 'EUR' });

async function stored(orderId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await stack.documentClient.send(
    new GetCommand({
      TableName: stack.tableName('PaymentsTable'),
      Key: { pk: `PAYMENT#${orderId}` },
      ConsistentRead: true,
    }),
  );
  return Item;
}

describe('payment against DynamoDB Local', () => {
  it('authorizes, captures and refunds, each step idempotent', async () => {
    const orderId = newOrderId();
    const authorizationId = fakeAuthorizationId(orderId);
    const captureId = fakeCaptureId(authorizationId);
    const input = { orderId, amount: EUR(12999), paymentToken: 'tok_visa', customerId: 'cus_1' };

    const authorized = await stack.invoke('authorizePayment', input);
    expect(authorized).toMatchObject({ orderId, status: 'AUTHORIZED', amount: EUR(12999), authorizationId });
    await expect(stack.invoke('authorizePayment', input)).resolves.toEqual(authorized);
    expect(await stored(orderId)).toEqual({ pk: `PAYMENT#${orderId}`, ...(authorized as object) });
    expect(await stored(orderId)).not.toHaveProperty('paymentToken');

    const captured = await stack.invoke('capturePayment', { orderId });
    expect(captured).toMatchObject({ status: 'CAPTURED', captureId });
    await expect(stack.invoke('capturePayment', { orderId })).resolves.toEqual(captured);
    expect(await stored(orderId)).toMatchObject({ status: 'CAPTURED', captureId });

    const refunded = await stack.invoke('refundPayment', { orderId });
    expect(refunded).toMatchObject({ orderId, status: 'REFUNDED', refundId: fakeRefundId(captureId) });
    expect(await stored(orderId)).toEqual({ pk: `PAYMENT#${orderId}`, ...(refunded as object) });
    // Idempotent: the same record again, and the table is left as the first call left it.
    await expect(stack.invoke('refundPayment', { orderId })).resolves.toEqual(refunded);
    expect(await stored(orderId)).toEqual({ pk: `PAYMENT#${orderId}`, ...(refunded as object) });
  });

  it('voids an authorization that was never captured, after which it cannot be captured', async () => {
    const orderId = newOrderId();
    await stack.invoke('authorizePayment', { orderId, amount: EUR(500), paymentToken: 'tok_amex' });
    const voided = await stack.invoke('refundPayment', { orderId });
    expect(voided).toMatchObject({ status: 'VOIDED', authorizationId: fakeAuthorizationId(orderId) });
    await expect(stack.invoke('refundPayment', { orderId })).resolves.toEqual(voided);
    expect(await stored(orderId)).toEqual({ pk: `PAYMENT#${orderId}`, ...(voided as object) });
    // As Lambda reports a function error: errorType and errorMessage cross, the error's own fields do not.
    await expect(stack.invoke('capturePayment', { orderId })).rejects.toMatchObject({
      name: 'PaymentNotCapturable',
      message: expect.stringContaining('it is VOIDED'),
    });
    expect(await stored(orderId)).toMatchObject({ status: 'VOIDED', authorizationId: fakeAuthorizationId(orderId) });
  });

  it('stores a declined payment once and throws PaymentDeclined on every attempt', async () => {
    const orderId = newOrderId();
    const input = { orderId, amount: EUR(2599), paymentToken: 'tok_chargeDeclined' };
    await expect(stack.invoke('authorizePayment', input)).rejects.toMatchObject({ name: 'PaymentDeclined' });
    const first = await stored(orderId);
    expect(first).toMatchObject({ status: 'DECLINED', declineReason: 'card declined' });
    await expect(stack.invoke('authorizePayment', { ...input, paymentToken: 'tok_visa' })).rejects.toMatchObject({
      name: 'PaymentDeclined',
    });
    expect(await stored(orderId)).toEqual(first);
    // Nothing to undo: the DECLINED record is returned as stored, and left as it was.
    const declined = await stack.invoke('refundPayment', { orderId });
    expect({ pk: `PAYMENT#${orderId}`, ...(declined as object) }).toEqual(first);
    await expect(stack.invoke('refundPayment', { orderId })).resolves.toEqual(declined);
    expect(await stored(orderId)).toEqual(first);
  });

  it('compensation first leaves a tombstone, so a late authorization charges nothing', async () => {
    const orderId = newOrderId();
    const result = await stack.invoke('refundPayment', { orderId });
    expect(result).toEqual({
      orderId,
      status: 'VOIDED',
      // Marked as the tombstone it is: nothing was authorized, so nothing was undone.
      nothingToUndo: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const tombstone = await stored(orderId);
    expect(tombstone).toEqual({ pk: `PAYMENT#${orderId}`, ...(result as object) });
    await expect(stack.invoke('refundPayment', { orderId })).resolves.toEqual(result);
    expect(tombstone).toMatchObject({ status: 'VOIDED' });
    expect(tombstone).not.toHaveProperty('amount');
    await expect(
      stack.invoke('authorizePayment', { orderId, amount: EUR(2599), paymentToken: 'tok_visa' }),
    ).resolves.toMatchObject({ status: 'VOIDED' });
    expect(await stored(orderId)).toEqual(tombstone);
  });

  it('refuses to capture an order with no authorization, writing nothing', async () => {
    const orderId = newOrderId();
    await expect(stack.invoke('capturePayment', { orderId })).rejects.toMatchObject({ name: 'PaymentNotCapturable' });
    expect(await stored(orderId)).toBeUndefined();
  });

  it('rejects invalid input with a ValidationError and writes nothing', async () => {
    const orderId = newOrderId();
    await expect(
      stack.invoke('authorizePayment', { orderId, amount: EUR(-1), paymentToken: 'tok_visa' }),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    expect(await stored(orderId)).toBeUndefined();
  });

  it('lets racing authorizations and a compensation settle on one consistent record', async () => {
    const orderId = newOrderId();
    const input = { orderId, amount: EUR(999), paymentToken: 'tok_visa' };
    const results = await Promise.allSettled([
      stack.invoke('authorizePayment', input),
      stack.invoke('authorizePayment', input),
      stack.invoke('refundPayment', { orderId }),
    ]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    // Whatever the interleaving, the compensation wins: the payment ends VOIDED (a late authorization is voided).
    await expect(stack.invoke('refundPayment', { orderId })).resolves.toMatchObject({ status: 'VOIDED' });
    expect(await stored(orderId)).toMatchObject({ status: 'VOIDED' });
  });

  it('captures the seeded authorization the sample event uses', async () => {
    // Work on a copy, so the seed record stays as `sls invoke local` expects it.
    const orderId = newOrderId();
    const seeded = await stored('ord_seed0000000000000000000000000001');
    expect(seeded).toMatchObject({ status: 'AUTHORIZED' });
    await stack.documentClient.send(
      new PutCommand({
        TableName: stack.tableName('PaymentsTable'),
        Item: { ...seeded, pk: `PAYMENT#${orderId}`, orderId, authorizationId: fakeAuthorizationId(orderId) },
      }),
    );
    await expect(stack.invoke('capturePayment', { orderId })).resolves.toMatchObject({ status: 'CAPTURED' });
  });
});
