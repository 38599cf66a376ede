import {
  fakeAuthorizationId,
  fakeCaptureId,
  fakeRefundId,
} from '../../../services/payment/adapters/fake-payment-provider';
import {
  authorizePayment,
  capturePayment,
  PaymentDeclined,
  PaymentNotCapturable,
  refundPayment,
} from '../../../services/payment/domain/payment';
import type { Payment } from '../../../services/payment/schemas';
import { fakePorts } from './fakes';

const NOW = '2026-11-25T12:00:00.000Z';
const LATER = '2026-11-25T12:05:00.000Z';
const ORDER = 'ord_0123456789abcdef0123456789abcdef';
const AMOUNT = { amount: 2599, currency: 'EUR' } as const;
const AUTH_ID = fakeAuthorizationId(ORDER);
const CAPTURE_ID = fakeCaptureId(AUTH_ID);

const authorized: Payment = {
  orderId: ORDER,
  status: 'AUTHORIZED',
  amount: { ...AMOUNT },
  authorizationId: AUTH_ID,
  createdAt: NOW,
  updatedAt: NOW,
};
const captured: Payment = { ...authorized, status: 'CAPTURED', captureId: CAPTURE_ID };
const tombstone: Payment = { orderId: ORDER, status: 'VOIDED', createdAt: NOW, updatedAt: NOW };
const declined: Payment = { ...tombstone, status: 'DECLINED', amount: { ...AMOUNT }, declineReason: 'card declined' };

const authorizeInput = (paymentToken = 'tok_visa') => ({ orderId: ORDER, amount: { ...AMOUNT }, paymentToken });

describe('authorizePayment', () => {
  it.each(['tok_visa', 'tok_mastercard', 'tok_amex'])(
    'authorizes %s and stores the AUTHORIZED record',
    async (token) => {
      const ports = fakePorts();
      const payment = await authorizePayment(ports, authorizeInput(token), NOW);
      expect(payment).toEqual(authorized);
      expect(await ports.ledger.find(ORDER)).toEqual(authorized);
      expect(ports.provider.ops()).toEqual(['authorize']);
    },
  );

  it.each([
    ['tok_chargeDeclined', 'card declined'],
    ['tok_chargeDeclinedInsufficientFunds', 'insufficient funds'],
    ['tok_chargeDeclinedSomethingElse', 'card declined'],
    ['tok_someUnknownCard', 'card not recognised'],
  ])('declines %s: stores DECLINED and throws PaymentDeclined (%s)', async (token, reason) => {
    const ports = fakePorts();
    const error = await authorizePayment(ports, authorizeInput(token), NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentDeclined);
    expect(error).toMatchObject({ name: 'PaymentDeclined', reason, orderId: ORDER, httpStatus: 402 });
    expect(await ports.ledger.find(ORDER)).toEqual({ ...declined, declineReason: reason });
  });

  it('is idempotent: a second call returns the stored authorization without calling the provider again', async () => {
    const ports = fakePorts();
    const first = await authorizePayment(ports, authorizeInput(), NOW);
    const second = await authorizePayment(ports, authorizeInput(), LATER);
    expect(second).toEqual(first);
    expect(ports.provider.ops()).toEqual(['authorize']);
    expect(ports.ledger.writes).toBe(1);
  });

  it('throws PaymentDeclined again for a declined order, without asking the provider again', async () => {
    const ports = fakePorts();
    await expect(authorizePayment(ports, authorizeInput('tok_chargeDeclined'), NOW)).rejects.toThrow(PaymentDeclined);
    await expect(authorizePayment(ports, authorizeInput('tok_visa'), LATER)).rejects.toMatchObject({
      name: 'PaymentDeclined',
      reason: 'card declined',
    });
    expect(ports.provider.ops()).toEqual(['authorize']);
    expect(ports.ledger.writes).toBe(1);
  });

  it('reports a stored DECLINED record without a reason with a generic reason', async () => {
    const ports = fakePorts();
    ports.ledger.put({ ...declined, declineReason: undefined });
    await expect(authorizePayment(ports, authorizeInput(), NOW)).rejects.toMatchObject({
      reason: 'declined by the provider',
    });
  });

  it.each([
    ['VOIDED tombstone', tombstone],
    ['CAPTURED', captured],
    ['REFUNDED', { ...captured, status: 'REFUNDED', refundId: fakeRefundId(CAPTURE_ID) } satisfies Payment],
  ])('returns an existing %s record unchanged and never authorizes', async (_, existing) => {
    const ports = fakePorts();
    ports.ledger.put(existing);
    await expect(authorizePayment(ports, authorizeInput(), LATER)).resolves.toEqual(existing);
    expect(ports.provider.calls).toHaveLength(0);
    expect(ports.ledger.writes).toBe(0);
  });

  it('loses the race to the compensation tombstone: voids its own authorization and returns VOIDED', async () => {
    const ports = fakePorts();
    ports.ledger.beforeNextWrite((ledger) => ledger.put(tombstone));
    await expect(authorizePayment(ports, authorizeInput(), NOW)).resolves.toEqual(tombstone);
    expect(ports.provider.calls).toEqual([
      expect.objectContaining({ op: 'authorize' }),
      { op: 'void', authorizationId: AUTH_ID },
    ]);
  });

  it('loses the race to an identical authorization: returns it and voids nothing', async () => {
    const ports = fakePorts();
    ports.ledger.beforeNextWrite((ledger) => ledger.put(authorized));
    await expect(authorizePayment(ports, authorizeInput(), LATER)).resolves.toEqual(authorized);
    expect(ports.provider.ops()).toEqual(['authorize']);
  });

  it('loses the race to a declined attempt: voids its approval and throws PaymentDeclined', async () => {
    const ports = fakePorts();
    ports.ledger.beforeNextWrite((ledger) => ledger.put(declined));
    await expect(authorizePayment(ports, authorizeInput(), NOW)).rejects.toThrow(PaymentDeclined);
    expect(ports.provider.ops()).toEqual(['authorize', 'void']);
  });

  it('a declined attempt that loses the race to an authorization returns that authorization', async () => {
    const ports = fakePorts();
    ports.ledger.beforeNextWrite((ledger) => ledger.put(authorized));
    await expect(authorizePayment(ports, authorizeInput('tok_chargeDeclined'), NOW)).resolves.toEqual(authorized);
    expect(ports.provider.ops()).toEqual(['authorize']);
  });
});

describe('capturePayment', () => {
  it('captures an AUTHORIZED payment', async () => {
    const ports = fakePorts();
    ports.ledger.put(authorized);
    const payment = await capturePayment(ports, { orderId: ORDER }, LATER);
    expect(payment).toEqual({ ...authorized, status: 'CAPTURED', captureId: CAPTURE_ID, updatedAt: LATER });
    expect(await ports.ledger.find(ORDER)).toEqual(payment);
    expect(ports.provider.calls).toEqual([{ op: 'capture', authorizationId: AUTH_ID, amount: AMOUNT }]);
  });

  it('is idempotent: a second call returns the capture without capturing again', async () => {
    const ports = fakePorts();
    ports.ledger.put(authorized);
    const first = await capturePayment(ports, { orderId: ORDER }, LATER);
    await expect(capturePayment(ports, { orderId: ORDER }, LATER)).resolves.toEqual(first);
    expect(ports.provider.ops()).toEqual(['capture']);
    expect(ports.ledger.writes).toBe(1);
  });

  it('refuses when nothing was authorized', async () => {
    const ports = fakePorts();
    const error = await capturePayment(ports, { orderId: ORDER }, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentNotCapturable);
    expect(error).toMatchObject({ name: 'PaymentNotCapturable', httpStatus: 409, status: undefined });
    expect((error as Error).message).toMatch(/nothing was authorized/);
    expect(ports.provider.calls).toHaveLength(0);
  });

  it.each([
    ['VOIDED', tombstone],
    ['DECLINED', declined],
    ['REFUNDED', { ...captured, status: 'REFUNDED' } satisfies Payment],
  ])('refuses a %s payment with a message naming the status', async (status, existing) => {
    const ports = fakePorts();
    ports.ledger.put(existing);
    await expect(capturePayment(ports, { orderId: ORDER }, NOW)).rejects.toMatchObject({
      name: 'PaymentNotCapturable',
      status,
      message: expect.stringContaining(`it is ${status}`),
    });
    expect(ports.provider.calls).toHaveLength(0);
    expect(ports.ledger.writes).toBe(0);
  });

  it('fails loudly (not as a business error) on an AUTHORIZED record without an authorization id', async () => {
    const ports = fakePorts();
    ports.ledger.put({ ...authorized, authorizationId: undefined });
    await expect(capturePayment(ports, { orderId: ORDER }, NOW)).rejects.toThrow(/without authorizationId/);
  });

  it('loses the race to the compensation: refunds what it captured and throws PaymentNotCapturable', async () => {
    const ports = fakePorts();
    ports.ledger.put(authorized);
    ports.ledger.beforeNextWrite((ledger) => ledger.put({ ...authorized, status: 'VOIDED' }));
    await expect(capturePayment(ports, { orderId: ORDER }, LATER)).rejects.toMatchObject({
      name: 'PaymentNotCapturable',
      status: 'VOIDED',
    });
    expect(ports.provider.calls).toEqual([
      { op: 'capture', authorizationId: AUTH_ID, amount: AMOUNT },
      { op: 'refund', captureId: CAPTURE_ID, amount: AMOUNT },
    ]);
  });

  it('loses the race to an identical capture: returns it and refunds nothing', async () => {
    const ports = fakePorts();
    ports.ledger.put(authorized);
    ports.ledger.beforeNextWrite((ledger) => ledger.put(captured));
    await expect(capturePayment(ports, { orderId: ORDER }, LATER)).resolves.toEqual(captured);
    expect(ports.provider.ops()).toEqual(['capture']);
  });

  it('refunds and refuses when the record vanished during the capture', async () => {
    const ports = fakePorts();
    ports.ledger.put(authorized);
    ports.ledger.beforeNextWrite((ledger) => ledger.records.clear());
    await expect(capturePayment(ports, { orderId: ORDER }, LATER)).rejects.toMatchObject({
      name: 'PaymentNotCapturable',
      status: undefined,
    });
    expect(ports.provider.ops()).toEqual(['capture', 'refund']);
  });
});

describe('refundPayment', () => {
  it('voids an AUTHORIZED payment and returns the VOIDED record', async () => {
    const ports = fakePorts();
    ports.ledger.put(authorized);
    const result = await refundPayment(ports, { orderId: ORDER }, LATER);
    expect(result).toEqual({ ...authorized, status: 'VOIDED', updatedAt: LATER });
    expect(await ports.ledger.find(ORDER)).toEqual(result);
    expect(ports.provider.calls).toEqual([{ op: 'void', authorizationId: AUTH_ID }]);
  });

  it('refunds a CAPTURED payment and returns the REFUNDED record', async () => {
    const ports = fakePorts();
    ports.ledger.put(captured);
    const result = await refundPayment(ports, { orderId: ORDER }, LATER);
    const refundId = fakeRefundId(CAPTURE_ID);
    expect(result).toEqual({ ...captured, status: 'REFUNDED', refundId, updatedAt: LATER });
    expect(await ports.ledger.find(ORDER)).toEqual(result);
    expect(ports.provider.calls).toEqual([{ op: 'refund', captureId: CAPTURE_ID, amount: AMOUNT }]);
  });

  it.each([
    ['an AUTHORIZED', authorized],
    ['a CAPTURED', captured],
  ])('is idempotent for %s payment: the same result again, one void/refund, one write', async (_, existing) => {
    const ports = fakePorts();
    ports.ledger.put(existing);
    const first = await refundPayment(ports, { orderId: ORDER }, LATER);
    const second = await refundPayment(ports, { orderId: ORDER }, '2026-11-25T12:10:00.000Z');
    expect(second).toEqual(first);
    expect(ports.provider.calls).toHaveLength(1);
    expect(ports.ledger.writes).toBe(1);
  });

  it.each([
    ['VOIDED', { ...authorized, status: 'VOIDED' } satisfies Payment],
    ['REFUNDED', { ...captured, status: 'REFUNDED' } satisfies Payment],
    ['DECLINED', declined],
  ])('is a no-op for a %s payment', async (_, existing) => {
    const ports = fakePorts();
    ports.ledger.put(existing);
    await expect(refundPayment(ports, { orderId: ORDER }, LATER)).resolves.toEqual(existing);
    expect(ports.provider.calls).toHaveLength(0);
    expect(ports.ledger.writes).toBe(0);
  });

  it('with no payment writes a VOIDED tombstone without amount, so a late authorization cannot charge', async () => {
    const ports = fakePorts();
    const result = await refundPayment(ports, { orderId: ORDER }, NOW);
    expect(result).toEqual(tombstone);
    expect(result).not.toHaveProperty('amount');
    expect(await ports.ledger.find(ORDER)).toEqual(tombstone);

    await expect(authorizePayment(ports, authorizeInput(), LATER)).resolves.toEqual(tombstone);
    await expect(refundPayment(ports, { orderId: ORDER }, LATER)).resolves.toEqual(result);
    expect(ports.provider.calls).toHaveLength(0);
    expect(ports.ledger.writes).toBe(1);
  });

  it('loses the tombstone race to a late authorization: voids that authorization', async () => {
    const ports = fakePorts();
    ports.ledger.beforeNextWrite((ledger) => ledger.put(authorized));
    const result = await refundPayment(ports, { orderId: ORDER }, LATER);
    expect(result).toEqual({ ...authorized, status: 'VOIDED', updatedAt: LATER });
    expect(await ports.ledger.find(ORDER)).toEqual(result);
    expect(ports.provider.ops()).toEqual(['void']);
  });

  it('loses the void race to a capture: refunds the capture instead', async () => {
    const ports = fakePorts();
    ports.ledger.put(authorized);
    ports.ledger.beforeNextWrite((ledger) => ledger.put(captured));
    const result = await refundPayment(ports, { orderId: ORDER }, LATER);
    expect(result).toEqual({ ...captured, status: 'REFUNDED', refundId: fakeRefundId(CAPTURE_ID), updatedAt: LATER });
    expect(await ports.ledger.find(ORDER)).toEqual(result);
    expect(ports.provider.ops()).toEqual(['void', 'refund']);
  });

  it('loses the race to a concurrent compensation: returns the record the winner wrote', async () => {
    const ports = fakePorts();
    ports.ledger.put(captured);
    const refunded: Payment = { ...captured, status: 'REFUNDED', refundId: fakeRefundId(CAPTURE_ID) };
    ports.ledger.beforeNextWrite((ledger) => ledger.put(refunded));
    await expect(refundPayment(ports, { orderId: ORDER }, LATER)).resolves.toEqual(refunded);
    // Our refund call is the winner's refund again (the provider is idempotent per capture); we write nothing.
    expect(ports.provider.ops()).toEqual(['refund']);
    expect(ports.ledger.writes).toBe(0);
  });

  it('writes a tombstone when the record vanished between read and write', async () => {
    const ports = fakePorts();
    ports.ledger.put(authorized);
    ports.ledger.beforeNextWrite((ledger) => ledger.records.clear());
    await expect(refundPayment(ports, { orderId: ORDER }, LATER)).resolves.toEqual({
      orderId: ORDER,
      status: 'VOIDED',
      createdAt: LATER,
      updatedAt: LATER,
    });
  });

  it('fails loudly on a CAPTURED record without a capture id', async () => {
    const ports = fakePorts();
    ports.ledger.put({ ...captured, captureId: undefined });
    await expect(refundPayment(ports, { orderId: ORDER }, LATER)).rejects.toThrow(/without captureId/);
  });
});
