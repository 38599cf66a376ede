/**
 * verifyOrder (services/orders/domain/verify-order.ts), the first step of the Express children
 * that reserve or capture: the execution input is the stored order's own, and a capture comes
 * after a window that closed uncancelled.
 */
import { NotFoundError } from '../../../services/shared/errors';
import { toWorkflowInput } from '../../../services/orders/domain/create-order';
import { OrderInputMismatch, OrderNotReadyForCapture } from '../../../services/orders/domain/errors';
import { differingFields, verifyOrder } from '../../../services/orders/domain/verify-order';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, NOW, orderId } from './fixtures';

const id = orderId(1);

describe('verifyOrder', () => {
  it.each(['CONFIRMED', 'COMPLETED'] as const)(
    'accepts the input createOrder starts the execution with, at either stage, and writes nothing (%s)',
    async (status) => {
      const order = anOrder({ status, windowClosedAt: NOW });
      const orders = new FakeOrderRepository([order]);
      for (const stage of ['reserve', 'capture'] as const)
        await expect(verifyOrder(orders, { orderId: id, stage, order: toWorkflowInput(order) })).resolves.toEqual({
          orderId: id,
          stage,
          verified: true,
        });
      expect(orders.calls.update).toBe(0);
    },
  );

  it('whatever the order of the keys', async () => {
    const order = anOrder();
    const reversed = Object.fromEntries(Object.entries(toWorkflowInput(order)).reverse());
    await expect(
      verifyOrder(new FakeOrderRepository([order]), { orderId: id, stage: 'reserve', order: reversed }),
    ).resolves.toMatchObject({ verified: true });
  });

  it('refuses an order that does not exist (NotFound)', async () => {
    const order = anOrder();
    await expect(
      verifyOrder(new FakeOrderRepository([]), { orderId: id, stage: 'reserve', order: toWorkflowInput(order) }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it.each([
    ['another total', { total: { amount: 1, currency: 'EUR' } }, ['total']],
    [
      'another address and token',
      { shippingAddress: { line1: 'x' }, paymentToken: 'tok_other' },
      ['paymentToken', 'shippingAddress'],
    ],
    [
      'no review asked for',
      { requiresReview: false, total: { amount: 1, currency: 'EUR' } },
      ['requiresReview', 'total'],
    ],
    ['a field the order has not', { evil: 1 }, ['evil']],
  ])('refuses an input with %s, naming the fields (OrderInputMismatch)', async (_what, change, fields) => {
    const order = anOrder({ requiresReview: true });
    const attempt = verifyOrder(new FakeOrderRepository([order]), {
      orderId: id,
      stage: 'reserve',
      order: { ...toWorkflowInput(order), ...change },
    });
    await expect(attempt).rejects.toBeInstanceOf(OrderInputMismatch);
    await expect(attempt).rejects.toMatchObject({ fields });
  });

  it.each([
    ['PENDING, its window not closed', { status: 'PENDING' as const }, 'it is PENDING'],
    ['CONFIRMED, its window not closed', { status: 'CONFIRMED' as const }, 'its fulfilment window has not closed'],
    [
      'cancelled by its customer in the window',
      { status: 'CONFIRMED' as const, windowClosedAt: NOW, cancelRequestedAt: NOW },
      'its customer asked to cancel it in the window',
    ],
    ['CANCELLED', { status: 'CANCELLED' as const, windowClosedAt: NOW }, 'it is CANCELLED'],
  ])('refuses a capture for an order %s (OrderNotReadyForCapture)', async (_what, state, why) => {
    const order = anOrder(state);
    const attempt = verifyOrder(new FakeOrderRepository([order]), {
      orderId: id,
      stage: 'capture',
      order: toWorkflowInput(order),
    });
    await expect(attempt).rejects.toBeInstanceOf(OrderNotReadyForCapture);
    await expect(attempt).rejects.toThrow(`Order ${id} is not ready for capture: ${why}`);
  });
});

describe('differingFields', () => {
  it('names missing, extra and changed top-level fields, sorted', () => {
    expect(differingFields({ a: 1, b: { c: 2 } }, { b: { c: 3 }, d: 0 })).toEqual(['a', 'b', 'd']);
    expect(differingFields({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
