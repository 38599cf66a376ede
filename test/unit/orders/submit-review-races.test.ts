/** submitReview under concurrent writes, and how it tells whether a recorded decision was delivered. */
import { submitReview, wasDelivered } from '../../../services/orders/domain/submit-review';
import type { Order, OrderStatus, Review } from '../../../services/orders/schemas';
import { LATER, NOW } from './fixtures';
import { TOKEN, ana, anasApproval, anasRejection, approve, id, inReview, setup } from './submit-review-setup';

describe('submitReview: races', () => {
  it('loses the race to a concurrent different review: 409, no callback', async () => {
    const { orders, callback, ports } = setup();
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { review: { decision: 'reject', reviewer: 'rev_0002', at: NOW } });
    };
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({ name: 'Conflict' });
    expect(callback.calls).toHaveLength(0);
  });

  it('joins a concurrent same decision: delivers the recorded one and answers it', async () => {
    const { orders, callback, ports } = setup();
    const bens: Review = { decision: 'approve', reviewer: 'rev_0002', reviewerUsername: 'ben', at: NOW };
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { review: bens });
    };
    await expect(submitReview(ports, ana, id, approve, LATER)).resolves.toEqual({ orderId: id, ...bens });
    expect(callback.calls).toEqual([
      { kind: 'succeed', token: TOKEN, payload: { decision: 'approve', reviewer: 'rev_0002' } },
    ]);
  });

  it('follows a token swapped by a retried review Task', async () => {
    const { orders, callback, ports } = setup();
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { reviewTaskToken: 'task-token-2' });
    };
    await submitReview(ports, ana, id, approve, NOW);
    expect(callback.calls[0]?.token).toBe('task-token-2');
  });

  it('gives up with a TransientError under endless contention', async () => {
    const { orders, ports } = setup();
    orders.beforeWrite = () => orders.patch(id, { reviewTaskToken: String(Math.random()) });
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({ name: 'TransientError' });
  });
});

describe('wasDelivered', () => {
  const withHistory = (status: OrderStatus, reason?: string): Order =>
    inReview({ status, ...(reason === undefined ? {} : { reason }) });

  it('trusts the delivery mark first', () => {
    expect(wasDelivered(inReview({ reviewDeliveredAt: NOW }), anasApproval)).toBe(true);
    expect(wasDelivered(inReview(), anasApproval)).toBe(false);
  });

  it('reads an unmarked approval from the order going on: CONFIRMED in its history or a failure after approval', () => {
    expect(wasDelivered(inReview({ history: [{ status: 'CONFIRMED', at: NOW }] }), anasApproval)).toBe(true);
    for (const reason of [
      'OutOfStock',
      'PaymentDeclined',
      'ShippingUnavailable',
      'OrderCancelled',
      'CompensationFailed',
    ]) {
      expect(wasDelivered(withHistory('CANCELLED', reason), anasApproval)).toBe(true);
    }
    for (const reason of ['ReviewTimedOut', 'TransientError', undefined]) {
      expect(wasDelivered(withHistory('CANCELLED', reason), anasApproval)).toBe(false);
    }
    expect(wasDelivered(withHistory('REJECTED', 'OrderRejected'), anasApproval)).toBe(false);
  });

  it('reads an unmarked rejection from REJECTED only', () => {
    expect(wasDelivered(withHistory('REJECTED', 'OrderRejected'), anasRejection)).toBe(true);
    expect(wasDelivered(withHistory('CANCELLED', 'ReviewTimedOut'), anasRejection)).toBe(false);
    expect(wasDelivered(withHistory('IN_REVIEW'), anasRejection)).toBe(false);
  });
});
