import { cancelOrder } from '../../../services/orders/domain/cancel-order';
import type { OrderStatus } from '../../../services/orders/schemas';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, customer, LATER, NOW, orderId, reviewer } from './fixtures';

const id = orderId(1);
const owner = customer();

describe('cancelOrder', () => {
  it.each<OrderStatus>(['PENDING', 'IN_REVIEW', 'CONFIRMED'])(
    'records the request on a %s order with a history entry',
    async (status) => {
      const orders = new FakeOrderRepository([anOrder({ status })]);
      const result = await cancelOrder(orders, owner, id, NOW);
      expect(result).toEqual({ orderId: id, status, cancelRequested: true });
      const stored = orders.stored(id);
      expect(stored.status).toBe(status);
      expect(stored.cancelRequestedAt).toBe(NOW);
      expect(stored.updatedAt).toBe(NOW);
      expect(stored.history.at(-1)).toEqual({ status, at: NOW, reason: 'cancellation requested' });
    },
  );

  it('is idempotent: a second request answers the same and writes nothing', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    const first = await cancelOrder(orders, owner, id, NOW);
    const updates = orders.calls.update;
    const second = await cancelOrder(orders, owner, id, LATER);
    expect(second).toEqual(first);
    expect(orders.calls.update).toBe(updates);
    expect(orders.stored(id).cancelRequestedAt).toBe(NOW);
    expect(orders.stored(id).history).toHaveLength(2);
  });

  it('still answers 202 for an earlier request after the window closed', async () => {
    const orders = new FakeOrderRepository([
      anOrder({ status: 'CANCELLED', cancelRequestedAt: NOW, windowClosedAt: LATER }),
    ]);
    await expect(cancelOrder(orders, owner, id, LATER)).resolves.toEqual({
      orderId: id,
      status: 'CANCELLED',
      cancelRequested: true,
    });
  });

  it.each<OrderStatus>(['COMPLETED', 'CANCELLED', 'REJECTED'])('refuses a %s order with 409', async (status) => {
    const orders = new FakeOrderRepository([anOrder({ status })]);
    await expect(cancelOrder(orders, owner, id, NOW)).rejects.toMatchObject({
      name: 'Conflict',
      httpStatus: 409,
      message: `Order ${id} is ${status} and can no longer be cancelled`,
    });
    expect(orders.calls.update).toBe(0);
  });

  it('refuses with 409 once the fulfilment window has closed', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED', windowClosedAt: NOW })]);
    await expect(cancelOrder(orders, owner, id, LATER)).rejects.toMatchObject({
      name: 'Conflict',
      message: expect.stringContaining(`closed at ${NOW}`),
    });
    expect(orders.stored(id).cancelRequestedAt).toBeUndefined();
  });

  it.each([
    ['another customer', customer('cust_0002')],
    ['a reviewer', reviewer()],
  ])('answers NotFound to %s, as for an unknown order, and records nothing', async (_case, caller) => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    await expect(cancelOrder(orders, caller, id, NOW)).rejects.toMatchObject({
      name: 'NotFound',
      message: `Order ${id} was not found`,
    });
    expect(orders.calls.update).toBe(0);
    expect(orders.stored(id).cancelRequestedAt).toBeUndefined();
  });

  it('throws NotFound for an unknown order', async () => {
    await expect(cancelOrder(new FakeOrderRepository(), owner, id, NOW)).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('loses the race to the window close: 409, and no request recorded', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { windowClosedAt: NOW });
    };
    await expect(cancelOrder(orders, owner, id, NOW)).rejects.toMatchObject({ name: 'Conflict' });
    expect(orders.stored(id).cancelRequestedAt).toBeUndefined();
  });

  it('re-reads after a status change between read and write and records the new status', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'PENDING' })]);
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { status: 'CONFIRMED' });
    };
    await expect(cancelOrder(orders, owner, id, NOW)).resolves.toEqual({
      orderId: id,
      status: 'CONFIRMED',
      cancelRequested: true,
    });
    expect(orders.stored(id).history.at(-1)).toEqual({
      status: 'CONFIRMED',
      at: NOW,
      reason: 'cancellation requested',
    });
  });

  it('answers the same when a concurrent identical request wins the write', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'PENDING' })]);
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { cancelRequestedAt: LATER });
    };
    await expect(cancelOrder(orders, owner, id, NOW)).resolves.toEqual({
      orderId: id,
      status: 'PENDING',
      cancelRequested: true,
    });
    expect(orders.stored(id).cancelRequestedAt).toBe(LATER);
  });

  it('gives up with a TransientError under endless contention', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'PENDING' })]);
    let flip = false;
    orders.beforeWrite = () => {
      flip = !flip;
      orders.patch(id, { status: flip ? 'IN_REVIEW' : 'PENDING' });
    };
    await expect(cancelOrder(orders, owner, id, NOW)).rejects.toMatchObject({ name: 'TransientError' });
  });
});
