import { ConflictError } from '#shared/errors';
import { ORDER_OUTCOME_ERRORS, type OrderOutcomeError } from '#shared/workflow-errors';
import type { Order, Review, ReviewDecision, SubmitReviewBody } from '../schemas';
import { assertCanReview, assertReviewer, type Caller } from './access';
import { WorkflowUnavailable } from './errors';
import { contention, loadOrder, MAX_RACE_ATTEMPTS } from './load';
import type { CallbackOutcome, OrderRepository, ReviewCallback } from './ports';

export interface SubmitReviewPorts {
  orders: OrderRepository;
  callback: ReviewCallback;
  /** Waits before re-reading the order (see `SETTLE_DELAYS_MS`); a timer unless a test passes its own. */
  sleep?: (ms: number) => Promise<void>;
}

/** The answer: the order and the review recorded on it (the first answer's, for every repeat). */
export type SubmitReviewResult = { orderId: string } & Review;

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

/** The outcomes of the review step itself (a rejection, no decision in time): this service's own. */
const REVIEW_OUTCOMES: readonly OrderOutcomeError[] = ['OrderRejected', 'ReviewTimedOut'];

/**
 * The workflow's failures that can only happen after the review step completed with an approval:
 * every other order outcome (reserve, pay, ship, the customer's cancellation in the fulfilment
 * window, and any outcome a service declares later) and a failed undo. See
 * workflows/order-processing.asl.yml. A review that timed out or whose Task failed ends otherwise.
 */
const FAILURES_AFTER_APPROVAL: readonly string[] = [
  ...ORDER_OUTCOME_ERRORS.filter((outcome) => !REVIEW_OUTCOMES.includes(outcome)),
  'CompensationFailed',
];

/**
 * Whether the recorded decision reached the workflow. `reviewDeliveredAt` says so once a delivery
 * was marked; without it (an order reviewed before the mark existed, or a request that stopped
 * between the callback and the mark) the order's course says so: only a delivered approval leads to
 * CONFIRMED or to a failure after approval, and only a delivered rejection leads to REJECTED.
 */
export function wasDelivered(order: Order, review: Review): boolean {
  if (order.reviewDeliveredAt !== undefined) return true;
  if (review.decision === 'reject') return order.status === 'REJECTED';
  return (
    order.history.some((entry) => entry.status === 'CONFIRMED') ||
    (order.status === 'CANCELLED' && order.reason !== undefined && FAILURES_AFTER_APPROVAL.includes(order.reason))
  );
}

const answerOf = (orderId: string, review: Review): SubmitReviewResult => ({ orderId, ...review });

/** 409 "the review window has closed"; with the recorded review when there is one that never arrived. */
const windowClosed = (order: Pick<Order, 'orderId' | 'status' | 'review'>, reason: string): ConflictError =>
  new ConflictError(`The review window has closed for order ${order.orderId}: ${reason}`, {
    status: order.status,
    ...(order.review === undefined ? {} : { review: order.review }),
  });

/** Why an order that was in review no longer waits for one: its status and the workflow's reason. */
const leftReview = (order: Order): string =>
  `it is ${order.status}${order.reason === undefined ? '' : ` (${order.reason})`}`;

/** 409 for an order that does not wait for a review: never did, or its review ended without a decision. */
function notWaiting(order: Order): ConflictError {
  // The review Task stores its token on entering IN_REVIEW and nothing removes it.
  const wasInReview =
    order.reviewTaskToken !== undefined || order.history.some((entry) => entry.status === 'IN_REVIEW');
  if (order.status !== 'IN_REVIEW' && wasInReview) return windowClosed(order, leftReview(order));
  return new ConflictError(`Order ${order.orderId} is ${order.status}; only orders IN_REVIEW can be reviewed`, {
    status: order.status,
  });
}

/** What to do with a request: answer from the record, or (re)deliver the recorded decision with a token. */
type Plan = { kind: 'decided'; review: Review } | { kind: 'deliver'; review: Review; token: string };

/** A request meeting a recorded review: same decision → that review; another → 409 naming it. */
function planForRecorded(order: Order, recorded: Review, decision: ReviewDecision): Plan {
  if (recorded.decision !== decision) {
    throw new ConflictError(
      `Order ${order.orderId} was already reviewed (${recorded.decision} by ${reviewerName(recorded)} at ${recorded.at}); ` +
        'a different decision is refused',
      { status: order.status, review: recorded },
    );
  }
  if (wasDelivered(order, recorded)) return { kind: 'decided', review: recorded };
  // Recorded but not known to be delivered (a 503 before): deliver it again while the step waits.
  if (order.status === 'IN_REVIEW' && order.reviewTaskToken !== undefined) {
    return { kind: 'deliver', review: recorded, token: order.reviewTaskToken };
  }
  throw windowClosed(order, leftReview(order));
}

/** Records the review once (conditional write), or finds the one recorded before. */
async function planReview(orders: OrderRepository, orderId: string, review: Review, caller: Caller): Promise<Plan> {
  for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
    const order = await loadOrder(orders, orderId);
    assertCanReview(caller, order);
    if (order.review) return planForRecorded(order, order.review, review.decision);
    const token = order.reviewTaskToken;
    if (order.status !== 'IN_REVIEW' || token === undefined) throw notWaiting(order);
    const updated = await orders.update(
      orderId,
      { status: 'IN_REVIEW', absent: ['review'], reviewTaskToken: token },
      {
        updatedAt: review.at,
        set: { review },
        history: {
          status: 'IN_REVIEW',
          at: review.at,
          reason: `review: ${review.decision} by ${reviewerName(review)}`,
        },
      },
    );
    if (updated) return { kind: 'deliver', review, token };
  }
  throw contention(orderId);
}

const deliver = (callback: ReviewCallback, token: string, review: Review): Promise<CallbackOutcome> =>
  review.decision === 'approve'
    ? callback.succeed(token, { decision: review.decision, reviewer: review.reviewer })
    : callback.fail(token, 'ReviewRejected', review.comment ?? `rejected by ${reviewerName(review)}`);

/**
 * Marks the review delivered. Best effort: when it keeps losing races (the workflow is moving the
 * order on), repeats fall back to the order's course (`wasDelivered`), so the answer stays 200.
 */
async function markDelivered(orders: OrderRepository, orderId: string, now: string): Promise<void> {
  for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
    const order = await loadOrder(orders, orderId);
    if (order.reviewDeliveredAt !== undefined) return;
    const updated = await orders.update(
      orderId,
      { status: order.status, absent: ['reviewDeliveredAt'] },
      { updatedAt: now, set: { reviewDeliveredAt: now } },
    );
    if (updated) return;
  }
}

/**
 * When Step Functions says the token is closed (TaskTimedOut means "expired or already closed", so
 * it does not tell), a concurrent request for the same decision (a double click) may have
 * delivered it a moment earlier and be about to mark it: the order is read
 * at once, then again after each of these pauses (ms), before the answer is "the review window has closed".
 */
export const SETTLE_DELAYS_MS: readonly number[] = [50, 200];

const timer = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * After Step Functions said the token is closed: the order once it shows the decision delivered
 * (`delivered`), or as last read (`closed`) when it left IN_REVIEW otherwise or the pauses ran out.
 */
async function settle(
  ports: SubmitReviewPorts,
  orderId: string,
  review: Review,
): Promise<{ kind: 'delivered' | 'closed'; order: Order }> {
  const sleep = ports.sleep ?? timer;
  for (let reads = 0; ; reads += 1) {
    const order = await loadOrder(ports.orders, orderId);
    if (wasDelivered(order, review)) return { kind: 'delivered', order };
    const pause = SETTLE_DELAYS_MS[reads];
    // Left IN_REVIEW, and not as this decision would have: it was not delivered.
    if (order.status !== 'IN_REVIEW' || pause === undefined) return { kind: 'closed', order };
    await sleep(pause);
  }
}

/**
 * POST /orders/{orderId}/review: the reviewer's decision for an order IN_REVIEW, recorded once on
 * the order with the reviewer taken from the token (conditional write), then sent to the waiting
 * workflow step with the callback pattern (approve → SendTaskSuccess with `{decision, reviewer}`;
 * reject → SendTaskFailure `ReviewRejected`), following
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 * and https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html.
 *
 * Returns `{ orderId, decision, reviewer, reviewerUsername?, reviewerEmail?, comment?, at }`: the
 * review as recorded. Idempotent per decision: the same `decision` again (a double click, a retry
 * after a lost answer, or another reviewer agreeing) answers the recorded review (first reviewer,
 * comment and time), whatever the order's status now, and sends nothing to Step Functions when the
 * decision is known delivered (`wasDelivered`); a recorded decision not known delivered is sent
 * again while the order waits (the retry after a 503).
 *
 * Errors: `Forbidden` (403) for a caller without the reviewer role (before anything is read) and
 * for a reviewer's own order; `NotFound` (404); `Conflict` (409) for a different decision than the
 * recorded one (naming it), for an order that never waited for a review, and "the review window
 * has closed" when the review ended without this decision (timed out, the order left IN_REVIEW,
 * or Step Functions answers TaskTimedOut/InvalidToken/TaskDoesNotExist and no request delivered
 * the decision); `WorkflowUnavailable` (503) when Step Functions cannot be reached: the decision
 * stays recorded and the same request can be retried; `TransientError` under heavy contention.
 */
export async function submitReview(
  ports: SubmitReviewPorts,
  caller: Caller,
  orderId: string,
  body: SubmitReviewBody,
  now: string,
): Promise<SubmitReviewResult> {
  assertReviewer(caller);
  const plan = await planReview(ports.orders, orderId, reviewOf(caller, body, now), caller);
  if (plan.kind === 'decided') return answerOf(orderId, plan.review);
  const outcome = await deliver(ports.callback, plan.token, plan.review);
  switch (outcome.kind) {
    case 'delivered':
      await markDelivered(ports.orders, orderId, now);
      return answerOf(orderId, plan.review);
    case 'token-closed': {
      const settled = await settle(ports, orderId, plan.review);
      if (settled.kind === 'delivered') return answerOf(orderId, plan.review);
      throw windowClosed(settled.order, outcome.reason);
    }
    case 'unreachable':
      throw WorkflowUnavailable.forReview(outcome.reason);
  }
}
