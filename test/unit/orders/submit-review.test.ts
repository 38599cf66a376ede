import { WorkflowUnavailable } from '../../../services/orders/domain/errors';
import type { CallbackOutcome, ReviewCallback } from '../../../services/orders/domain/ports';
import { SETTLE_DELAYS_MS, submitReview, wasDelivered } from '../../../services/orders/domain/submit-review';
import type { Order, OrderStatus, Review } from '../../../services/orders/schemas';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, customer, CUSTOMER, LATER, NOW, orderId, reviewer } from './fixtures';

const id = orderId(1);
const TOKEN = 'task-token-1';
const DELIVERED_AT = '2026-11-25T10:00:01.000Z';

class FakeCallback implements ReviewCallback {
  readonly calls: { kind: 'succeed' | 'fail'; token: string; payload: unknown }[] = [];
  outcome: CallbackOutcome = { kind: 'delivered' };
  /** Runs while Step Functions handles the call (a concurrent request, the workflow moving on). */
  during?: () => void;

  async succeed(taskToken: string, output: Record<string, unknown>): Promise<CallbackOutcome> {
    this.calls.push({ kind: 'succeed', token: taskToken, payload: output });
    this.during?.();
    return this.outcome;
  }

  async fail(taskToken: string, error: string, cause: string): Promise<CallbackOutcome> {
    this.calls.push({ kind: 'fail', token: taskToken, payload: { error, cause } });
    this.during?.();
    return this.outcome;
  }
}

const inReview = (overrides: Partial<Order> = {}) =>
  anOrder({
    status: 'IN_REVIEW',
    requiresReview: true,
    reviewTaskToken: TOKEN,
    history: [
      { status: 'PENDING', at: '2026-11-25T09:00:00.000Z' },
      { status: 'IN_REVIEW', at: '2026-11-25T09:00:01.000Z', reason: 'manual review requested' },
    ],
    ...overrides,
  });
const approve = { decision: 'approve' } as const;
const reject = { decision: 'reject', comment: 'address mismatch' } as const;
const ana = reviewer();
const ben = reviewer({ sub: 'rev_0002', username: 'ben', email: undefined });
const recordedBy = { reviewer: 'rev_0001', reviewerUsername: 'ana.lima', reviewerEmail: 'ana.lima@example.com' };
/** Ana's approval as recorded at NOW. */
const anasApproval: Review = { decision: 'approve', ...recordedBy, at: NOW };
const anasRejection: Review = { ...reject, ...recordedBy, at: NOW };

function setup(order: Order = inReview()) {
  const orders = new FakeOrderRepository([order]);
  const callback = new FakeCallback();
  const pauses: number[] = [];
  /** Runs at each pause before the order is read again (what happens meanwhile). */
  let duringPause: (() => void) | undefined;
  const sleep = async (ms: number) => {
    pauses.push(ms);
    duringPause?.();
  };
  const ports = { orders, callback, sleep };
  return { orders, callback, pauses, ports, onPause: (fn: () => void) => (duringPause = fn) };
}

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
