import { WorkflowUnavailable } from '../../../services/orders/domain/errors';
import type {
  CallbackOutcome,
  EventPublisher,
  OrderEvent,
  ReviewCallback,
} from '../../../services/orders/domain/ports';
import { requestReview, submitReview } from '../../../services/orders/domain/review';
import type { OrderStatus } from '../../../services/orders/schemas';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, customer, CUSTOMER, LATER, NOW, orderId, reviewer } from './fixtures';

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

class FakeCallback implements ReviewCallback {
  readonly calls: { kind: 'succeed' | 'fail'; token: string; payload: unknown }[] = [];
  outcome: CallbackOutcome = { kind: 'delivered' };

  async succeed(taskToken: string, output: Record<string, unknown>): Promise<CallbackOutcome> {
    this.calls.push({ kind: 'succeed', token: taskToken, payload: output });
    return this.outcome;
  }

  async fail(taskToken: string, error: string, cause: string): Promise<CallbackOutcome> {
    this.calls.push({ kind: 'fail', token: taskToken, payload: { error, cause } });
    return this.outcome;
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

describe('submitReview', () => {
  const inReview = () => anOrder({ status: 'IN_REVIEW', requiresReview: true, reviewTaskToken: TOKEN });
  const approve = { decision: 'approve' } as const;
  const reject = { decision: 'reject', comment: 'address mismatch' } as const;
  const ana = reviewer();
  const recordedBy = { reviewer: 'rev_0001', reviewerUsername: 'ana.lima', reviewerEmail: 'ana.lima@example.com' };

  function setup(order = inReview()) {
    const orders = new FakeOrderRepository([order]);
    const callback = new FakeCallback();
    return { orders, callback, ports: { orders, callback } };
  }

  it('records an approval by the reviewer of the token and completes the task with {decision, reviewer}', async () => {
    const { orders, callback, ports } = setup();
    await expect(submitReview(ports, ana, id, approve, NOW)).resolves.toEqual({ orderId: id, decision: 'approve' });
    expect(orders.stored(id).review).toEqual({ decision: 'approve', ...recordedBy, at: NOW });
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

  it('refuses a caller without the reviewer role with Forbidden, before reading the order', async () => {
    const { orders, callback, ports } = setup();
    await expect(submitReview(ports, customer('cust_0002'), id, approve, NOW)).rejects.toMatchObject({
      name: 'Forbidden',
      httpStatus: 403,
    });
    expect(orders.calls.get).toBe(0);
    expect(callback.calls).toHaveLength(0);
  });

  it("refuses a reviewer's own order with Forbidden and records nothing", async () => {
    const { orders, callback, ports } = setup();
    await expect(submitReview(ports, reviewer({ sub: CUSTOMER }), id, approve, NOW)).rejects.toMatchObject({
      name: 'Forbidden',
      message: expect.stringContaining('your own order'),
    });
    expect(orders.calls.update).toBe(0);
    expect(orders.stored(id).review).toBeUndefined();
    expect(callback.calls).toHaveLength(0);
  });

  it('records a rejection and fails the task with ReviewRejected and the comment', async () => {
    const { orders, callback, ports } = setup();
    await expect(submitReview(ports, ana, id, reject, NOW)).resolves.toEqual({ orderId: id, decision: 'reject' });
    expect(orders.stored(id).review).toEqual({ ...reject, ...recordedBy, at: NOW });
    expect(callback.calls).toEqual([
      { kind: 'fail', token: TOKEN, payload: { error: 'ReviewRejected', cause: 'address mismatch' } },
    ]);
  });

  it('names the reviewer as the cause of a rejection without comment', async () => {
    const { callback, ports } = setup();
    await submitReview(ports, ana, id, { decision: 'reject' }, NOW);
    expect(callback.calls[0]?.payload).toEqual({ error: 'ReviewRejected', cause: 'rejected by ana.lima' });
  });

  it.each<OrderStatus>(['PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'REJECTED'])(
    'refuses a %s order with 409',
    async (status) => {
      const { callback, ports } = setup(anOrder({ status }));
      await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({
        name: 'Conflict',
        httpStatus: 409,
      });
      expect(callback.calls).toHaveLength(0);
    },
  );

  it('refuses an IN_REVIEW order without a task token with 409', async () => {
    const { ports } = setup(anOrder({ status: 'IN_REVIEW' }));
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({ name: 'Conflict' });
  });

  it('refuses a different second review with 409 and keeps the first', async () => {
    const { orders, callback, ports } = setup();
    await submitReview(ports, ana, id, approve, NOW);
    await expect(submitReview(ports, ana, id, reject, LATER)).rejects.toMatchObject({
      name: 'Conflict',
      message: expect.stringContaining('already reviewed (approve by ana.lima'),
    });
    expect(orders.stored(id).review?.decision).toBe('approve');
    expect(callback.calls).toHaveLength(1);
  });

  it('refuses the same decision from another reviewer with 409: one reviewer decides', async () => {
    const { callback, ports } = setup();
    await submitReview(ports, ana, id, approve, NOW);
    await expect(
      submitReview(ports, reviewer({ sub: 'rev_0002', username: 'ben' }), id, approve, LATER),
    ).rejects.toMatchObject({ name: 'Conflict' });
    expect(callback.calls).toHaveLength(1);
  });

  it('re-delivers the recorded decision when the same review is sent again (retry after 503)', async () => {
    const { orders, callback, ports } = setup();
    callback.outcome = { kind: 'unreachable', reason: 'ECONNREFUSED' };
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toBeInstanceOf(WorkflowUnavailable);
    callback.outcome = { kind: 'delivered' };
    await expect(submitReview(ports, ana, id, approve, LATER)).resolves.toEqual({ orderId: id, decision: 'approve' });
    expect(callback.calls).toHaveLength(2);
    expect(orders.stored(id).review?.at).toBe(NOW);
    expect(orders.stored(id).history).toHaveLength(2);
  });

  it('answers 503 WorkflowUnavailable with a clear message when Step Functions is unreachable', async () => {
    const { ports, callback } = setup();
    callback.outcome = { kind: 'unreachable', reason: 'Step Functions is not reachable: ECONNREFUSED' };
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({
      name: 'WorkflowUnavailable',
      httpStatus: 503,
      message:
        'The review was recorded but the order workflow could not be reached: Step Functions is not reachable: ECONNREFUSED. Retry the same request.',
    });
  });

  it('answers 409 when the review window has closed', async () => {
    const { ports, callback } = setup();
    callback.outcome = { kind: 'token-closed', reason: 'TaskTimedOut: Task Timed Out' };
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({
      name: 'Conflict',
      message: `The review window has closed for order ${id}: TaskTimedOut: Task Timed Out`,
    });
  });

  it('throws NotFound for an unknown order', async () => {
    await expect(
      submitReview({ orders: new FakeOrderRepository(), callback: new FakeCallback() }, ana, id, approve, NOW),
    ).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('loses the race to a concurrent different review: 409, one callback', async () => {
    const { orders, callback, ports } = setup();
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      orders.patch(id, { review: { decision: 'reject', reviewer: 'rev_0002', at: NOW } });
    };
    await expect(submitReview(ports, ana, id, approve, NOW)).rejects.toMatchObject({ name: 'Conflict' });
    expect(callback.calls).toHaveLength(0);
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
