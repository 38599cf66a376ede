/** capturePayment: the domain rules, with the fake provider and an in-memory ledger. */
import { capturePayment, PaymentNotCapturable } from '../../../services/payment/domain/payment';
import type { Payment } from '../../../services/payment/schemas';
import { fakePorts } from './fakes';
import {
  AMOUNT,
  AUTH_ID,
  CAPTURE_ID,
  LATER,
  NOW,
  ORDER,
  authorized,
  captured,
  declined,
  tombstone,
} from './payment-fixtures';

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
