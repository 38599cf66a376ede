/** authorizePayment: the domain rules, with the fake provider and an in-memory ledger. */
import { fakeRefundId } from '../../../services/payment/adapters/fake-payment-provider';
import { authorizePayment, PaymentDeclined } from '../../../services/payment/domain/payment';
import type { Payment } from '../../../services/payment/schemas';
import { fakePorts } from './fakes';
import {
  AUTH_ID,
  CAPTURE_ID,
  LATER,
  NOW,
  ORDER,
  authorizeInput,
  authorized,
  captured,
  declined,
  tombstone,
} from './payment-fixtures';

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
