import { ConflictError } from '../../shared/errors';
import type { Order, RequestReviewInput, Review, SubmitReviewBody } from '../schemas';
import { assertCanReview, assertReviewer, type Caller } from './access';
import { InvalidStatusTransition, WorkflowUnavailable } from './errors';
import { contention, loadOrder, MAX_RACE_ATTEMPTS } from './load';
import type { CallbackOutcome, EventPublisher, OrderRepository, ReviewCallback } from './ports';

export interface RequestReviewPorts {
  orders: OrderRepository;
  events: EventPublisher;
}

export interface RequestReviewResult {
  orderId: string;
  status: 'IN_REVIEW';
}

/** Stores the task token and moves the order to IN_REVIEW (or swaps the token on a retried Task). */
async function holdForReview(orders: OrderRepository, input: RequestReviewInput, now: string): Promise<Order> {
  const { orderId, taskToken } = input;
  for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
    const order = await loadOrder(orders, orderId);
    if (order.status === 'IN_REVIEW' && order.reviewTaskToken === taskToken) return order;

    let updated: Order | undefined;
    if (order.status === 'PENDING') {
      updated = await orders.update(
        orderId,
        { status: 'PENDING' },
        {
          updatedAt: now,
          status: 'IN_REVIEW',
          set: { reviewTaskToken: taskToken },
          history: { status: 'IN_REVIEW', at: now, reason: 'manual review requested' },
        },
      );
    } else if (order.status === 'IN_REVIEW') {
      // A retried Task gets a new token: the reviewer's answer must reach the current one.
      updated = await orders.update(
        orderId,
        {
          status: 'IN_REVIEW',
          ...(order.reviewTaskToken === undefined ? {} : { reviewTaskToken: order.reviewTaskToken }),
        },
        { updatedAt: now, set: { reviewTaskToken: taskToken } },
      );
    } else {
      throw new InvalidStatusTransition(orderId, order.status, 'IN_REVIEW');
    }
    if (updated) return updated;
  }
  throw contention(orderId);
}

/** When the order entered review (the last IN_REVIEW history entry). */
const reviewRequestedAt = (order: Order, fallback: string): string =>
  order.history.findLast((entry) => entry.status === 'IN_REVIEW')?.at ?? fallback;

/**
 * Task (`.waitForTaskToken`): PENDING → IN_REVIEW with the task token stored, then `ReviewRequested`
 * is published. Idempotent: a second call with the same token publishes nothing more; the event is
 * published again only if an earlier call stopped between the update and the publish.
 */
export async function requestReview(
  ports: RequestReviewPorts,
  input: RequestReviewInput,
  now: string,
): Promise<RequestReviewResult> {
  const order = await holdForReview(ports.orders, input, now);
  if (order.reviewNotifiedAt === undefined) {
    await ports.events.publish({
      type: 'ReviewRequested',
      orderId: order.orderId,
      customerId: order.customerId,
      total: order.total,
      at: reviewRequestedAt(order, now),
    });
    // Losing this guard means a concurrent call marked it first: nothing to do.
    await ports.orders.update(
      order.orderId,
      { status: 'IN_REVIEW', absent: ['reviewNotifiedAt'] },
      { updatedAt: now, set: { reviewNotifiedAt: now } },
    );
  }
  return { orderId: order.orderId, status: 'IN_REVIEW' };
}

export interface SubmitReviewPorts {
  orders: OrderRepository;
  callback: ReviewCallback;
}

export interface SubmitReviewResult {
  orderId: string;
  decision: Review['decision'];
}

const sameReview = (recorded: Review, review: Review): boolean =>
  recorded.decision === review.decision && recorded.reviewer === review.reviewer && recorded.comment === review.comment;

/** How a reviewer is named in history and in the workflow's rejection cause: user name, else email, else sub. */
export const reviewerName = (review: Pick<Review, 'reviewer' | 'reviewerUsername' | 'reviewerEmail'>): string =>
  review.reviewerUsername ?? review.reviewerEmail ?? review.reviewer;

/** The review record: the decision from the body, the reviewer from the token. */
export function reviewOf(caller: Caller, body: SubmitReviewBody, now: string): Review {
  return {
    decision: body.decision,
    reviewer: caller.sub,
    ...(caller.username === undefined ? {} : { reviewerUsername: caller.username }),
    ...(caller.email === undefined ? {} : { reviewerEmail: caller.email }),
    ...(body.comment === undefined ? {} : { comment: body.comment }),
    at: now,
  };
}

/** Records the review once; returns the task token to complete. */
async function recordReview(orders: OrderRepository, orderId: string, review: Review, caller: Caller): Promise<string> {
  const now = review.at;
  for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
    const order = await loadOrder(orders, orderId);
    assertCanReview(caller, order);
    const token = order.reviewTaskToken;
    if (order.status !== 'IN_REVIEW' || token === undefined) {
      throw new ConflictError(`Order ${orderId} is ${order.status}; only orders IN_REVIEW can be reviewed`, {
        status: order.status,
      });
    }
    if (order.review) {
      // The same request again (e.g. after a 503): deliver the recorded decision again.
      if (sameReview(order.review, review)) return token;
      throw new ConflictError(
        `Order ${orderId} was already reviewed (${order.review.decision} by ${reviewerName(order.review)} at ${order.review.at})`,
        { status: order.status },
      );
    }
    const updated = await orders.update(
      orderId,
      { status: 'IN_REVIEW', absent: ['review'], reviewTaskToken: token },
      {
        updatedAt: now,
        set: { review },
        history: { status: 'IN_REVIEW', at: now, reason: `review: ${review.decision} by ${reviewerName(review)}` },
      },
    );
    if (updated) return token;
  }
  throw contention(orderId);
}

/**
 * The reviewer's decision for an order IN_REVIEW: recorded once on the order with the reviewer
 * taken from the token, then sent to the waiting workflow step (approve → task success; reject →
 * task failure `ReviewRejected`). `Forbidden` (403) for a caller without the reviewer role (before
 * anything is read) and for a reviewer's own order; Conflict (409) when the order is not waiting
 * for a review, was reviewed differently, or the workflow's review window has closed;
 * `WorkflowUnavailable` when the workflow cannot be reached.
 */
export async function submitReview(
  ports: SubmitReviewPorts,
  caller: Caller,
  orderId: string,
  body: SubmitReviewBody,
  now: string,
): Promise<SubmitReviewResult> {
  assertReviewer(caller);
  const review = reviewOf(caller, body, now);
  const token = await recordReview(ports.orders, orderId, review, caller);
  const outcome: CallbackOutcome =
    review.decision === 'approve'
      ? await ports.callback.succeed(token, { decision: review.decision, reviewer: review.reviewer })
      : await ports.callback.fail(token, 'ReviewRejected', review.comment ?? `rejected by ${reviewerName(review)}`);
  switch (outcome.kind) {
    case 'delivered':
      return { orderId, decision: review.decision };
    case 'token-closed':
      throw new ConflictError(`The review window has closed for order ${orderId}: ${outcome.reason}`);
    case 'unreachable':
      throw WorkflowUnavailable.forReview(outcome.reason);
  }
}
