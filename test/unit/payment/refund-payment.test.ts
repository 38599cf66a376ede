/** refundPayment: the domain rules, with the fake provider and an in-memory ledger. */
import { fakeRefundId } from '../../../services/payment/adapters/fake-payment-provider';
import { authorizePayment, refundPayment } from '../../../services/payment/domain/payment';
import type { Payment } from '../../../services/payment/schemas';
import { fakePorts } from './fakes';
import {
  AMOUNT,
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
      ...tombstone,
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
