/** submitReview: the first answer to a review (recorded, delivered, refused). */
import { SETTLE_DELAYS_MS, submitReview } from '../../../services/orders/domain/submit-review';
import type { OrderStatus } from '../../../services/orders/schemas';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, customer, CUSTOMER, LATER, NOW, reviewer } from './fixtures';
import {
  DELIVERED_AT,
  TOKEN,
  ana,
  anasApproval,
  anasRejection,
  approve,
  id,
  inReview,
  reject,
  setup,
} from './submit-review-setup';

describe('submitReview: the first answer', () => {
  it('records an approval, completes the task with {decision, reviewer}, marks it delivered and answers the review', async () => {
    const { orders, callback, ports } = setup();
    await expect(submitReview(ports, ana, id, approve, NOW)).resolves.toEqual({ orderId: id, ...anasApproval });
    expect(orders.stored(id).review).toEqual(anasApproval);
    expect(orders.stored(id).reviewDeliveredAt).toBe(NOW);
    expect(orders.stored(id).history.at(-1)).toEqual({
      status: 'IN_REVIEW',
      at: NOW,
      reason: 'review: approve by ana.lima',
    });
    expect(callback.calls).toEqual([
      { kind: 'succeed', token: TOKEN, payload: { decision: 'approve', reviewer: 'rev_0001' } },
    ]);
  });

  it('names a reviewer without user name by email, else by sub', async () => {
    const { orders, ports } = setup();
    await submitReview(ports, reviewer({ username: undefined }), id, approve, NOW);
    expect(orders.stored(id).review).toEqual({
      decision: 'approve',
      reviewer: 'rev_0001',
      reviewerEmail: 'ana.lima@example.com',
      at: NOW,
    });
    expect(orders.stored(id).history.at(-1)?.reason).toBe('review: approve by ana.lima@example.com');

    const other = setup();
    await submitReview(other.ports, { sub: 'rev_9', scopes: [], groups: ['reviewers'] }, id, approve, NOW);
    expect(other.orders.stored(id).review).toEqual({ decision: 'approve', reviewer: 'rev_9', at: NOW });
    expect(other.orders.stored(id).history.at(-1)?.reason).toBe('review: approve by rev_9');
  });

  it('records a rejection and fails the task with ReviewRejected and the comment', async () => {
    const { orders, callback, ports } = setup();
    await expect(submitReview(ports, ana, id, reject, NOW)).resolves.toEqual({ orderId: id, ...anasRejection });
    expect(orders.stored(id).review).toEqual(anasRejection);
    expect(callback.calls).toEqual([
      { kind: 'fail', token: TOKEN, payload: { error: 'ReviewRejected', cause: 'address mismatch' } },
    ]);
  });

  it('names the reviewer as the cause of a rejection without comment', async () => {
    const { callback, ports } = setup();
    await submitReview(ports, ana, id, { decision: 'reject' }, NOW);
    expect(callback.calls[0]?.payload).toEqual({ error: 'ReviewRejected', cause: 'rejected by ana.lima' });
  });

  it('refuses a caller without the reviewer role with Forbidden, before reading the order', async () => {
    const { orders, callback, ports } = setup();
    await expect(submitReview(ports, customer('cust_0002'), id, approve, NOW)).rejects.toMatchObject({
      name: 'Forbidden',
      httpStatus: 403,
    });
    expect(orders.calls.get).toBe(0);
    expect(callback.calls).toHaveLength(0);
  });

  it("refuses a reviewer's own order with Forbidden and records nothing, even a repeat", async () => {
    const { orders, callback, ports } = setup();
    await expect(submitReview(ports, reviewer({ sub: CUSTOMER }), id, approve, NOW)).rejects.toMatchObject({
      name: 'Forbidden',
      message: expect.stringContaining('your own order'),
    });
    expect(orders.calls.update).toBe(0);
    const decided = setup(inReview({ review: anasApproval, reviewDeliveredAt: DELIVERED_AT }));
    await expect(submitReview(decided.ports, reviewer({ sub: CUSTOMER }), id, approve, LATER)).rejects.toMatchObject({
      name: 'Forbidden',
    });
    expect(callback.calls).toHaveLength(0);
    expect(decided.callback.calls).toHaveLength(0);
  });

  it('throws NotFound for an unknown order', async () => {
    const { ports } = setup();
    await expect(
      submitReview({ ...ports, orders: new FakeOrderRepository() }, ana, id, approve, NOW),
    ).rejects.toMatchObject({ name: 'NotFound' });
  });

  it.each<OrderStatus>(['PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'REJECTED'])(
    'refuses a %s order that never waited for a review with 409 (not IN_REVIEW)',
    async (status) => {
      const { callback, ports } = setup(anOrder({ status }));
      await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({
        name: 'Conflict',
        httpStatus: 409,
        message: `Order ${id} is ${status}; only orders IN_REVIEW can be reviewed`,
      });
      expect(callback.calls).toHaveLength(0);
    },
  );

  it('refuses an IN_REVIEW order without a task token with 409', async () => {
    const { ports } = setup(inReview({ reviewTaskToken: undefined }));
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({ name: 'Conflict' });
  });

  it('answers 409 "the review window has closed" when the review ended without a decision', async () => {
    const timedOut = inReview({ status: 'CANCELLED', reason: 'ReviewTimedOut' });
    const { orders, callback, ports } = setup(timedOut);
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({
      name: 'Conflict',
      message: `The review window has closed for order ${id}: it is CANCELLED (ReviewTimedOut)`,
      details: { status: 'CANCELLED' },
    });
    expect(orders.calls.update).toBe(0);
    expect(callback.calls).toHaveLength(0);
  });

  it('answers 409 "the review window has closed" when Step Functions says the token timed out', async () => {
    const { orders, ports, callback, pauses } = setup();
    callback.outcome = { kind: 'token-closed', reason: 'TaskTimedOut: Task Timed Out' };
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({
      name: 'Conflict',
      message: `The review window has closed for order ${id}: TaskTimedOut: Task Timed Out`,
    });
    // The order was read again after every pause: no concurrent request had delivered the decision.
    expect(pauses).toEqual(SETTLE_DELAYS_MS);
    expect(orders.stored(id).review).toEqual(anasApproval);
    expect(orders.stored(id).reviewDeliveredAt).toBeUndefined();
  });

  it('answers 503 WorkflowUnavailable with a clear message when Step Functions is unreachable', async () => {
    const { orders, ports, callback } = setup();
    callback.outcome = { kind: 'unreachable', reason: 'Step Functions is not reachable: ECONNREFUSED' };
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({
      name: 'WorkflowUnavailable',
      httpStatus: 503,
      message:
        'The review was recorded but the order workflow could not be reached: Step Functions is not reachable: ECONNREFUSED. Retry the same request.',
    });
    expect(orders.stored(id).reviewDeliveredAt).toBeUndefined();
  });

  it('still answers 200 when marking the delivery keeps losing races (best effort)', async () => {
    const { orders, callback, ports } = setup();
    callback.during = () => {
      // The workflow moves the order on while the mark is being written, on every attempt.
      let flip = false;
      orders.beforeWrite = () => {
        flip = !flip;
        orders.patch(id, { status: flip ? 'CONFIRMED' : 'IN_REVIEW' });
      };
    };
    await expect(submitReview(ports, ana, id, approve, NOW)).resolves.toMatchObject({ decision: 'approve' });
    expect(orders.stored(id).reviewDeliveredAt).toBeUndefined();
  });
});
