/** What the submitReview tests share: an order in review, reviewers, their decisions, fake ports. */
import type { CallbackOutcome, ReviewCallback } from '../../../services/orders/domain/ports';
import type { Order, Review } from '../../../services/orders/schemas';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, NOW, orderId, reviewer } from './fixtures';

export const id = orderId(1);
export const TOKEN = 'task-token-1';
export const DELIVERED_AT = '2026-11-25T10:00:01.000Z';

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

export const inReview = (overrides: Partial<Order> = {}) =>
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
export const approve = { decision: 'approve' } as const;
export const reject = { decision: 'reject', comment: 'address mismatch' } as const;
export const ana = reviewer();
export const ben = reviewer({ sub: 'rev_0002', username: 'ben', email: undefined });
const recordedBy = { reviewer: 'rev_0001', reviewerUsername: 'ana.lima', reviewerEmail: 'ana.lima@example.com' };
/** Ana's approval as recorded at NOW. */
export const anasApproval: Review = { decision: 'approve', ...recordedBy, at: NOW };
export const anasRejection: Review = { ...reject, ...recordedBy, at: NOW };

export function setup(order: Order = inReview()) {
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
