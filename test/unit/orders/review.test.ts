import type { EventPublisher, OrderEvent } from '../../../services/orders/domain/ports';
import { requestReview } from '../../../services/orders/domain/review';
import type { OrderStatus } from '../../../services/orders/schemas';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, LATER, NOW, orderId } from './fixtures';

const id = orderId(1);
const TOKEN = 'task-token-1';

class FakePublisher implements EventPublisher {
  readonly published: OrderEvent[] = [];
  failing = false;

  async publish(event: OrderEvent): Promise<void> {
    if (this.failing) throw new Error('SNS down');
    this.published.push(event);
  }
}

describe('requestReview', () => {
  const highValue = () =>
    anOrder({ status: 'PENDING', requiresReview: true, total: { amount: 139600, currency: 'EUR' } });

  function setup(order = highValue()) {
    const orders = new FakeOrderRepository([order]);
    const events = new FakePublisher();
    return { orders, events, ports: { orders, events } };
  }

  it('moves a PENDING order to IN_REVIEW with the token and publishes ReviewRequested', async () => {
    const { orders, events, ports } = setup();
    await expect(requestReview(ports, { orderId: id, taskToken: TOKEN }, NOW)).resolves.toEqual({
      orderId: id,
      status: 'IN_REVIEW',
    });
    const stored = orders.stored(id);
    expect(stored).toMatchObject({ status: 'IN_REVIEW', reviewTaskToken: TOKEN, reviewNotifiedAt: NOW });
    expect(stored.history.at(-1)).toEqual({ status: 'IN_REVIEW', at: NOW, reason: 'manual review requested' });
    expect(events.published).toEqual([
      {
        type: 'ReviewRequested',
        orderId: id,
        customerId: 'cust_0001',
        total: { amount: 139600, currency: 'EUR' },
        at: NOW,
      },
    ]);
  });

  it('is idempotent: the same token again publishes nothing and writes nothing', async () => {
    const { orders, events, ports } = setup();
    await requestReview(ports, { orderId: id, taskToken: TOKEN }, NOW);
    const updates = orders.calls.update;
    await expect(requestReview(ports, { orderId: id, taskToken: TOKEN }, LATER)).resolves.toEqual({
      orderId: id,
      status: 'IN_REVIEW',
    });
    expect(events.published).toHaveLength(1);
    expect(orders.calls.update).toBe(updates);
  });

  it('publishes on the retry when the first call stopped before publishing', async () => {
    const { orders, events, ports } = setup();
    events.failing = true;
    await expect(requestReview(ports, { orderId: id, taskToken: TOKEN }, NOW)).rejects.toThrow('SNS down');
    expect(orders.stored(id).status).toBe('IN_REVIEW');
    events.failing = false;
    await requestReview(ports, { orderId: id, taskToken: TOKEN }, LATER);
    expect(events.published).toHaveLength(1);
    // The event carries when the review was requested, not when it was finally published.
    expect(events.published[0]?.at).toBe(NOW);
  });

  it('stores the new token of a retried Task without publishing again', async () => {
    const { orders, events, ports } = setup();
    await requestReview(ports, { orderId: id, taskToken: TOKEN }, NOW);
    await requestReview(ports, { orderId: id, taskToken: 'task-token-2' }, LATER);
    expect(orders.stored(id).reviewTaskToken).toBe('task-token-2');
    expect(events.published).toHaveLength(1);
    expect(orders.stored(id).history.filter((h) => h.status === 'IN_REVIEW')).toHaveLength(1);
  });

  it.each<OrderStatus>(['CONFIRMED', 'COMPLETED', 'CANCELLED', 'REJECTED'])(
    'refuses a %s order with InvalidStatusTransition',
    async (status) => {
      const { events, ports } = setup(anOrder({ status }));
      await expect(requestReview(ports, { orderId: id, taskToken: TOKEN }, NOW)).rejects.toMatchObject({
        name: 'InvalidStatusTransition',
        from: status,
        to: 'IN_REVIEW',
      });
      expect(events.published).toHaveLength(0);
    },
  );

  it('throws NotFound for an unknown order', async () => {
    const events = new FakePublisher();
    await expect(
      requestReview({ orders: new FakeOrderRepository(), events }, { orderId: id, taskToken: TOKEN }, NOW),
    ).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('converges when a concurrent call with the same token wins the update', async () => {
    const { orders, events, ports } = setup();
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { status: 'IN_REVIEW', reviewTaskToken: TOKEN });
    };
    await requestReview(ports, { orderId: id, taskToken: TOKEN }, NOW);
    expect(orders.stored(id).reviewTaskToken).toBe(TOKEN);
    expect(events.published).toHaveLength(1);
  });

  it('does not mark the event twice when a concurrent call marked it first', async () => {
    const { orders, events, ports } = setup(
      anOrder({ status: 'IN_REVIEW', reviewTaskToken: TOKEN, history: [{ status: 'IN_REVIEW', at: NOW }] }),
    );
    orders.beforeWrite = () => orders.patch(id, { reviewNotifiedAt: NOW });
    await requestReview(ports, { orderId: id, taskToken: TOKEN }, LATER);
    expect(events.published).toHaveLength(1);
    expect(orders.stored(id).reviewNotifiedAt).toBe(NOW);
  });

  it('falls back to now for the event time when the history has no IN_REVIEW entry', async () => {
    const { events, ports } = setup(anOrder({ status: 'IN_REVIEW', reviewTaskToken: TOKEN }));
    await requestReview(ports, { orderId: id, taskToken: TOKEN }, LATER);
    expect(events.published[0]?.at).toBe(LATER);
  });

  it('gives up with a TransientError under endless contention', async () => {
    const { orders, ports } = setup();
    let flip = false;
    orders.beforeWrite = () => {
      flip = !flip;
      orders.patch(id, flip ? { status: 'IN_REVIEW', reviewTaskToken: 'other' } : { status: 'PENDING' });
    };
    await expect(requestReview(ports, { orderId: id, taskToken: TOKEN }, NOW)).rejects.toMatchObject({
      name: 'TransientError',
    });
  });
});
