import { InvalidStatusTransition } from '../../../services/orders/domain/errors';
import { updateOrderStatus } from '../../../services/orders/domain/update-status';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, LATER, NOW, orderId } from './fixtures';

const id = orderId(1);

describe('updateOrderStatus', () => {
  it('moves the order along an allowed transition and appends history', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'PENDING' })]);
    await expect(updateOrderStatus(orders, { orderId: id, status: 'CONFIRMED' }, NOW)).resolves.toEqual({
      orderId: id,
      status: 'CONFIRMED',
      cancelRequested: false,
    });
    const stored = orders.stored(id);
    expect(stored.status).toBe('CONFIRMED');
    expect(stored.updatedAt).toBe(NOW);
    expect(stored.history.at(-1)).toEqual({ status: 'CONFIRMED', at: NOW });
    expect(stored.reason).toBeUndefined();
  });

  it('records the reason on the order and in history', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    await updateOrderStatus(orders, { orderId: id, status: 'CANCELLED', reason: 'payment declined' }, NOW);
    expect(orders.stored(id)).toMatchObject({ status: 'CANCELLED', reason: 'payment declined' });
    expect(orders.stored(id).history.at(-1)).toEqual({ status: 'CANCELLED', at: NOW, reason: 'payment declined' });
  });

  it('is idempotent: the current status again changes nothing', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'PENDING' })]);
    await updateOrderStatus(orders, { orderId: id, status: 'CONFIRMED' }, NOW);
    const second = await updateOrderStatus(orders, { orderId: id, status: 'CONFIRMED' }, LATER);
    expect(second).toEqual({ orderId: id, status: 'CONFIRMED', cancelRequested: false });
    expect(orders.stored(id).history).toHaveLength(2);
    expect(orders.calls.update).toBe(1);
  });

  it.each([
    ['CANCELLED', 'REJECTED'],
    ['REJECTED', 'CANCELLED'],
    ['CANCELLED', 'CANCELLED'],
  ] as const)('keeps an order that ended %s as it ended when asked for %s again', async (ended, target) => {
    const orders = new FakeOrderRepository([anOrder({ status: ended, reason: 'OutOfStock' })]);
    await expect(
      updateOrderStatus(orders, { orderId: id, status: target, reason: 'CompensationFailed' }, NOW),
    ).resolves.toMatchObject({ status: ended });
    expect(orders.stored(id)).toMatchObject({ status: ended, reason: 'OutOfStock' });
    expect(orders.calls.update).toBe(0);
  });

  it('reports a cancellation request on every answer', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED', cancelRequestedAt: NOW })]);
    await expect(updateOrderStatus(orders, { orderId: id, status: 'CONFIRMED' }, LATER)).resolves.toMatchObject({
      cancelRequested: true,
    });
  });

  it('refuses an illegal transition with InvalidStatusTransition and writes nothing', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'COMPLETED' })]);
    const error = await updateOrderStatus(orders, { orderId: id, status: 'CANCELLED' }, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidStatusTransition);
    expect(error).toMatchObject({ name: 'InvalidStatusTransition', from: 'COMPLETED', to: 'CANCELLED' });
    expect(orders.calls.update).toBe(0);
  });

  it('throws NotFound for an unknown order', async () => {
    await expect(
      updateOrderStatus(new FakeOrderRepository(), { orderId: id, status: 'CONFIRMED' }, NOW),
    ).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('re-reads when the status changed under it and decides again', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'PENDING' })]);
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { status: 'IN_REVIEW' });
    };
    await expect(updateOrderStatus(orders, { orderId: id, status: 'CONFIRMED' }, NOW)).resolves.toMatchObject({
      status: 'CONFIRMED',
    });
    expect(orders.calls.update).toBe(2);
  });

  it('fails the transition a concurrent writer made illegal', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { status: 'CANCELLED' });
    };
    await expect(updateOrderStatus(orders, { orderId: id, status: 'COMPLETED' }, NOW)).rejects.toMatchObject({
      name: 'InvalidStatusTransition',
      from: 'CANCELLED',
    });
  });

  it('gives up with a TransientError under endless contention', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'PENDING' })]);
    let flip = false;
    orders.beforeWrite = () => {
      flip = !flip;
      orders.patch(id, { status: flip ? 'IN_REVIEW' : 'PENDING' });
    };
    await expect(updateOrderStatus(orders, { orderId: id, status: 'CONFIRMED' }, NOW)).rejects.toMatchObject({
      name: 'TransientError',
    });
  });

  describe('closeFulfilmentWindow', () => {
    const close = { orderId: id, status: 'CONFIRMED', closeFulfilmentWindow: true } as const;

    it('closes the window once and reports no cancellation', async () => {
      const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
      await expect(updateOrderStatus(orders, close, NOW)).resolves.toEqual({
        orderId: id,
        status: 'CONFIRMED',
        cancelRequested: false,
      });
      const stored = orders.stored(id);
      expect(stored.windowClosedAt).toBe(NOW);
      expect(stored.history.at(-1)).toEqual({ status: 'CONFIRMED', at: NOW, reason: 'fulfilment window closed' });
    });

    it('reports a cancellation requested before the window closed', async () => {
      const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED', cancelRequestedAt: NOW })]);
      await expect(updateOrderStatus(orders, close, LATER)).resolves.toMatchObject({ cancelRequested: true });
      expect(orders.stored(id).windowClosedAt).toBe(LATER);
    });

    it('is idempotent: a second close keeps the first time and the same answer', async () => {
      const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
      const first = await updateOrderStatus(orders, close, NOW);
      const second = await updateOrderStatus(orders, close, LATER);
      expect(second).toEqual(first);
      expect(orders.stored(id).windowClosedAt).toBe(NOW);
      expect(orders.stored(id).history).toHaveLength(2);
    });

    it('sees a cancellation that won the race against the close', async () => {
      const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
      orders.beforeWrite = () => {
        orders.beforeWrite = undefined;
        orders.patch(id, { cancelRequestedAt: NOW });
      };
      await expect(updateOrderStatus(orders, close, LATER)).resolves.toMatchObject({ cancelRequested: true });
      expect(orders.stored(id).windowClosedAt).toBe(LATER);
    });

    it('uses the given reason and status change when there is one', async () => {
      const orders = new FakeOrderRepository([anOrder({ status: 'PENDING' })]);
      await updateOrderStatus(orders, { ...close, reason: 'window elapsed' }, NOW);
      expect(orders.stored(id)).toMatchObject({ status: 'CONFIRMED', windowClosedAt: NOW, reason: 'window elapsed' });
      expect(orders.stored(id).history.at(-1)).toEqual({ status: 'CONFIRMED', at: NOW, reason: 'window elapsed' });
    });

    it('refuses to close the window of a terminal order', async () => {
      const orders = new FakeOrderRepository([anOrder({ status: 'CANCELLED' })]);
      await expect(updateOrderStatus(orders, close, NOW)).rejects.toMatchObject({ name: 'InvalidStatusTransition' });
      expect(orders.stored(id).windowClosedAt).toBeUndefined();
    });
  });
});
