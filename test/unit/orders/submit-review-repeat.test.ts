/** submitReview after a decision is recorded: the same decision again, or a different one. */
import { WorkflowUnavailable } from '../../../services/orders/domain/errors';
import { submitReview } from '../../../services/orders/domain/submit-review';
import type { Order, Review } from '../../../services/orders/schemas';
import { LATER, NOW } from './fixtures';
import {
  DELIVERED_AT,
  ana,
  anasApproval,
  anasRejection,
  approve,
  ben,
  id,
  inReview,
  reject,
  setup,
} from './submit-review-setup';

describe('submitReview: a repeat of the recorded decision', () => {
  it('answers the recorded review again and sends nothing (double click, lost answer)', async () => {
    const { orders, callback, ports } = setup();
    const first = await submitReview(ports, ana, id, approve, NOW);
    const updates = orders.calls.update;
    await expect(submitReview(ports, ana, id, approve, LATER)).resolves.toEqual(first);
    expect(callback.calls).toHaveLength(1);
    expect(orders.calls.update).toBe(updates);
  });

  it("answers another reviewer's same decision with the first review (reviewer, comment, time)", async () => {
    const { callback, ports } = setup();
    await submitReview(ports, ana, id, reject, NOW);
    await expect(submitReview(ports, ben, id, { decision: 'reject', comment: 'other words' }, LATER)).resolves.toEqual({
      orderId: id,
      ...anasRejection,
    });
    expect(callback.calls).toHaveLength(1);
  });

  it.each<[string, Partial<Order>, Review]>([
    ['IN_REVIEW (the workflow has not moved it yet)', { status: 'IN_REVIEW' }, anasApproval],
    ['CONFIRMED', { status: 'CONFIRMED' }, anasApproval],
    ['COMPLETED', { status: 'COMPLETED' }, anasApproval],
    ['CANCELLED (out of stock after the approval)', { status: 'CANCELLED', reason: 'OutOfStock' }, anasApproval],
    ['CANCELLED (whatever the reason: the mark decides)', { status: 'CANCELLED' }, anasApproval],
    ['REJECTED', { status: 'REJECTED', reason: 'OrderRejected' }, anasRejection],
  ])('answers 200 without calling Step Functions for a delivered decision, order %s', async (_case, patch, review) => {
    const { orders, callback, ports } = setup(inReview({ ...patch, review, reviewDeliveredAt: DELIVERED_AT }));
    await expect(submitReview(ports, ana, id, { decision: review.decision }, LATER)).resolves.toEqual({
      orderId: id,
      ...review,
    });
    expect(callback.calls).toHaveLength(0);
    expect(orders.calls.update).toBe(0);
  });

  it.each<[string, Partial<Order>, Review]>([
    ['approval, order CONFIRMED', { status: 'CONFIRMED' }, anasApproval],
    ['approval, order COMPLETED', { status: 'COMPLETED' }, anasApproval],
    [
      'approval, order cancelled by the customer in the window',
      { status: 'CANCELLED', reason: 'OrderCancelled' },
      anasApproval,
    ],
    ['approval, payment declined', { status: 'CANCELLED', reason: 'PaymentDeclined' }, anasApproval],
    ['rejection, order REJECTED', { status: 'REJECTED', reason: 'OrderRejected' }, anasRejection],
  ])(
    'answers 200 without calling Step Functions when the order shows the unmarked decision delivered: %s',
    async (_case, patch, review) => {
      const history = inReview().history.concat(
        patch.status === 'CONFIRMED' || patch.status === 'COMPLETED' ? [{ status: 'CONFIRMED', at: LATER }] : [],
      );
      const { callback, ports } = setup(inReview({ ...patch, history, review }));
      await expect(submitReview(ports, ben, id, { decision: review.decision }, LATER)).resolves.toEqual({
        orderId: id,
        ...review,
      });
      expect(callback.calls).toHaveLength(0);
    },
  );

  it('re-delivers the recorded decision when the first delivery failed (retry after 503), then marks it', async () => {
    const { orders, callback, ports } = setup();
    callback.outcome = { kind: 'unreachable', reason: 'ECONNREFUSED' };
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toBeInstanceOf(WorkflowUnavailable);
    callback.outcome = { kind: 'delivered' };
    await expect(submitReview(ports, ana, id, approve, LATER)).resolves.toEqual({ orderId: id, ...anasApproval });
    expect(callback.calls).toHaveLength(2);
    expect(orders.stored(id).reviewDeliveredAt).toBe(LATER);
    expect(orders.stored(id).history).toHaveLength(3);
    await submitReview(ports, ana, id, approve, LATER);
    expect(callback.calls).toHaveLength(2);
  });

  it("re-delivers the recorded review, not the repeat's, when another reviewer retries it", async () => {
    const { callback, ports } = setup();
    callback.outcome = { kind: 'unreachable', reason: 'ECONNREFUSED' };
    await expect(submitReview(ports, ana, id, reject, NOW)).rejects.toBeInstanceOf(WorkflowUnavailable);
    callback.outcome = { kind: 'delivered' };
    await expect(submitReview(ports, ben, id, { decision: 'reject' }, LATER)).resolves.toMatchObject({
      reviewer: 'rev_0001',
      comment: 'address mismatch',
    });
    expect(callback.calls[1]?.payload).toEqual({ error: 'ReviewRejected', cause: 'address mismatch' });
  });

  it('answers 200 when the token is closed because a concurrent request delivered the decision first', async () => {
    const { orders, callback, ports, onPause } = setup(inReview({ review: anasApproval }));
    callback.outcome = { kind: 'token-closed', reason: 'TaskTimedOut: Task Timed Out' };
    // The other request's callback went first; its mark lands while this one waits.
    onPause(() => orders.patch(id, { reviewDeliveredAt: DELIVERED_AT }));
    await expect(submitReview(ports, ana, id, approve, LATER)).resolves.toEqual({ orderId: id, ...anasApproval });
  });

  it('answers 200 when the token is closed and the order meanwhile went on as approved', async () => {
    const { orders, callback, ports } = setup(inReview({ review: anasApproval }));
    callback.outcome = { kind: 'token-closed', reason: 'TaskTimedOut: Task Timed Out' };
    callback.during = () =>
      orders.patch(id, { status: 'CONFIRMED', history: [...inReview().history, { status: 'CONFIRMED', at: LATER }] });
    await expect(submitReview(ports, ana, id, approve, LATER)).resolves.toMatchObject({ decision: 'approve' });
  });

  it('answers 409 "the review window has closed" for a recorded decision that was never delivered', async () => {
    const { callback, ports, orders, onPause } = setup(inReview({ review: anasApproval }));
    callback.outcome = { kind: 'token-closed', reason: 'TaskTimedOut: Task Timed Out' };
    onPause(() => orders.patch(id, { status: 'CANCELLED', reason: 'ReviewTimedOut' }));
    await expect(submitReview(ports, ana, id, approve, LATER)).rejects.toMatchObject({
      name: 'Conflict',
      message: `The review window has closed for order ${id}: TaskTimedOut: Task Timed Out`,
      details: { status: 'CANCELLED', review: anasApproval },
    });
  });

  it.each([
    ['the review timed out', 'ReviewTimedOut'],
    ['the review Task failed', 'TransientError'],
  ])('answers 409 without calling Step Functions when %s after the decision was recorded', async (_case, reason) => {
    const { callback, ports } = setup(inReview({ status: 'CANCELLED', reason, review: anasApproval }));
    await expect(submitReview(ports, ana, id, approve, LATER)).rejects.toMatchObject({
      name: 'Conflict',
      message: `The review window has closed for order ${id}: it is CANCELLED (${reason})`,
      details: { status: 'CANCELLED', review: anasApproval },
    });
    expect(callback.calls).toHaveLength(0);
  });
});

describe('submitReview: a different decision', () => {
  it('is refused with 409 naming the recorded decision, reviewer and time; the first stays', async () => {
    const { orders, callback, ports } = setup();
    await submitReview(ports, ana, id, approve, NOW);
    await expect(submitReview(ports, ben, id, reject, LATER)).rejects.toMatchObject({
      name: 'Conflict',
      message: `Order ${id} was already reviewed (approve by ana.lima at ${NOW}); a different decision is refused`,
      details: { status: 'IN_REVIEW', review: anasApproval },
    });
    expect(orders.stored(id).review).toEqual(anasApproval);
    expect(callback.calls).toHaveLength(1);
  });

  it('is refused with 409 whatever the status now', async () => {
    const { callback, ports } = setup(inReview({ status: 'COMPLETED', review: anasApproval, reviewDeliveredAt: NOW }));
    await expect(submitReview(ports, ana, id, reject, LATER)).rejects.toMatchObject({
      name: 'Conflict',
      details: { status: 'COMPLETED', review: anasApproval },
    });
    expect(callback.calls).toHaveLength(0);
  });
});
