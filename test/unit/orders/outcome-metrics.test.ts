import {
  applyStatusUpdate,
  CANCELLATION_REASONS,
  cancellationReason,
  outcomeMetrics,
  type StatusTransition,
} from '../../../services/orders/domain/update-status';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, LATER, NOW, orderId } from './fixtures';

const id = orderId(1);

describe('applyStatusUpdate: what changed', () => {
  it('reports the transition it made, with the reason', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    await expect(
      applyStatusUpdate(orders, { orderId: id, status: 'CANCELLED', reason: 'OutOfStock' }, NOW),
    ).resolves.toEqual({
      result: { orderId: id, status: 'CANCELLED', cancelRequested: false },
      transition: { orderId: id, from: 'CONFIRMED', to: 'CANCELLED', reason: 'OutOfStock' },
    });
  });

  it('reports a transition without a reason when none was given', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    const { transition } = await applyStatusUpdate(orders, { orderId: id, status: 'COMPLETED' }, NOW);
    expect(transition).toEqual({ orderId: id, from: 'CONFIRMED', to: 'COMPLETED' });
  });

  it('reports no transition for an idempotent repeat', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    await applyStatusUpdate(orders, { orderId: id, status: 'COMPLETED' }, NOW);
    const repeat = await applyStatusUpdate(orders, { orderId: id, status: 'COMPLETED' }, LATER);
    expect(repeat).toEqual({ result: { orderId: id, status: 'COMPLETED', cancelRequested: false } });
  });

  it('reports no transition when only the fulfilment window closed', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    const update = await applyStatusUpdate(
      orders,
      { orderId: id, status: 'CONFIRMED', closeFulfilmentWindow: true },
      NOW,
    );
    expect(update.transition).toBeUndefined();
    expect(orders.stored(id).windowClosedAt).toBe(NOW);
  });

  it('reports no transition when a concurrent writer made the same change first', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'CONFIRMED' })]);
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { status: 'COMPLETED' });
    };
    const update = await applyStatusUpdate(orders, { orderId: id, status: 'COMPLETED' }, NOW);
    expect(update).toEqual({ result: { orderId: id, status: 'COMPLETED', cancelRequested: false } });
    expect(orders.calls.update).toBe(1);
  });

  it('reports the transition from what it re-read after losing a race', async () => {
    const orders = new FakeOrderRepository([anOrder({ status: 'PENDING' })]);
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { status: 'IN_REVIEW' });
    };
    const { transition } = await applyStatusUpdate(orders, { orderId: id, status: 'CANCELLED', reason: 'x' }, NOW);
    expect(transition).toMatchObject({ from: 'IN_REVIEW', to: 'CANCELLED' });
  });
});

describe('outcomeMetrics', () => {
  const transition = (overrides: Partial<StatusTransition>): StatusTransition => ({
    orderId: id,
    from: 'CONFIRMED',
    to: 'COMPLETED',
    ...overrides,
  });

  it('counts nothing without a transition', () => {
    expect(outcomeMetrics(undefined)).toEqual([]);
  });

  it('counts a completed order', () => {
    expect(outcomeMetrics(transition({ to: 'COMPLETED' }))).toEqual([{ name: 'OrdersCompleted' }]);
  });

  it('counts nothing for the intermediate statuses', () => {
    expect(outcomeMetrics(transition({ from: 'PENDING', to: 'CONFIRMED' }))).toEqual([]);
    expect(outcomeMetrics(transition({ from: 'PENDING', to: 'IN_REVIEW' }))).toEqual([]);
  });

  it('counts a cancelled or rejected order by its reason', () => {
    expect(outcomeMetrics(transition({ to: 'CANCELLED', reason: 'PaymentDeclined' }))).toEqual([
      { name: 'OrdersCancelled', dimensions: { reason: 'PaymentDeclined' } },
    ]);
    expect(outcomeMetrics(transition({ from: 'IN_REVIEW', to: 'REJECTED', reason: 'OrderRejected' }))).toEqual([
      { name: 'OrdersCancelled', dimensions: { reason: 'OrderRejected' } },
    ]);
  });

  it('also counts a compensation failure', () => {
    expect(outcomeMetrics(transition({ to: 'CANCELLED', reason: 'CompensationFailed' }))).toEqual([
      { name: 'OrdersCancelled', dimensions: { reason: 'CompensationFailed' } },
      { name: 'CompensationFailures' },
    ]);
  });

  it('keeps the reason dimension bounded: anything but a Fail-state error name is Other', () => {
    expect(outcomeMetrics(transition({ to: 'CANCELLED', reason: 'TransientError' }))).toEqual([
      { name: 'OrdersCancelled', dimensions: { reason: 'Other' } },
    ]);
    expect(outcomeMetrics(transition({ to: 'CANCELLED' }))).toEqual([
      { name: 'OrdersCancelled', dimensions: { reason: 'Other' } },
    ]);
  });
});

describe('cancellationReason', () => {
  it.each(CANCELLATION_REASONS)('keeps the contract name %s', (reason) => {
    expect(cancellationReason(reason)).toBe(reason);
  });

  it.each([undefined, '', 'States.Timeout', 'Lambda.Unknown', 'outofstock', 'x'.repeat(200)])(
    'maps %p to Other',
    (reason) => {
      expect(cancellationReason(reason)).toBe('Other');
    },
  );
});
