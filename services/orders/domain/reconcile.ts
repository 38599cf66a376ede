/**
 * The reconciler: an order whose execution ended without the saga's own handling — stopped
 * (ABORTED), timed out (TIMED_OUT), or FAILED on an error no Catch can take (States.Runtime) — is
 * brought to the order invariant by the saga's own rule, from Step Functions' status-change event:
 *
 * - an order that already ended (COMPLETED, CANCELLED, REJECTED) is never touched: the saga
 *   finished it;
 * - an execution the saga dead-lettered itself (CompensationFailed, CompletionFailed) is left to
 *   its dead-letter message and alert (npm run redrive finishes it);
 * - after the pivot (the execution's history shows PIVOT_STATE succeeded): finish forward — mark
 *   COMPLETED, announce OrderCompleted;
 * - before it: run the undo steps, mark CANCELLED and announce OrderCancelled, with a reason a
 *   customer understands (an order that was waiting for its review gets a timed-out review's,
 *   ReviewTimedOut).
 *
 * Only the order's own execution acts on it: its name is the order id (createOrder's rule) and its
 * input names the same order. Only an execution that did end as the event says: its history is read
 * first, and is what counts (its status and its input: an event is not proof, it can be sent by hand
 * or outlived by a redrive). EventBridge delivers at least once and the execution may have run
 * part of its compensation: every step here is idempotent. A step that fails throws, so Lambda
 * retries the event (twice, asynchronously) and then dead-letters it, which alarms.
 */
import { ESCALATION_ERRORS, EXECUTION_END_REASONS, failureReason, REVIEW_STATE } from '#shared/workflow-errors';
import { OrderIdSchema } from '#shared/schemas';
import type { ExecutionEndedEvent, Order, Reconciliation } from '../schemas';
import type { EventPublisher, ExecutionHistory, OrderRepository, UndoSteps } from './ports';
import { isTerminal } from './status';
import { applyStatusUpdate } from './update-status';

export interface ReconcilePorts {
  orders: OrderRepository;
  history: ExecutionHistory;
  undo: UndoSteps;
  events: EventPublisher;
}

/** The order id the execution input names, if it is an object with a string `orderId`. */
function inputOrderId(input: string | null | undefined): string | undefined {
  try {
    const value = JSON.parse(input ?? 'null') as { orderId?: unknown } | null;
    return typeof value?.orderId === 'string' ? value.orderId : undefined;
  } catch {
    return undefined;
  }
}

const notTheOrdersOwn = (orderId: string): Reconciliation => ({
  orderId,
  action: 'ignored',
  reason: 'not an order’s own execution (its name must be the order id its input names): it touches no order',
});

/**
 * An order that ended after its execution did was ended by a reconciliation (this event's, delivered
 * before): if that one failed between marking the order and announcing it, Lambda retried the
 * event, which finds the order ended. Its announcement is published again — at least once, as SNS
 * delivers anyway: the customer is told once (a notification per order and event type).
 */
async function announceAgain(
  ports: ReconcilePorts,
  order: Order,
  stopDate: number | null | undefined,
): Promise<string> {
  const last = order.history.at(-1);
  if (stopDate == null || last === undefined || Date.parse(last.at) < stopDate) return '';
  const { orderId, customerId } = order;
  if (order.status === 'COMPLETED') {
    await ports.events.publish({ type: 'OrderCompleted', orderId, customerId, total: order.total });
  } else if (order.status === 'CANCELLED') {
    await ports.events.publish({
      type: 'OrderCancelled',
      orderId,
      customerId,
      reason: order.reason ?? last.reason ?? 'ExecutionFailed',
    });
  } else return '';
  return `, after its execution: its ${order.status === 'COMPLETED' ? 'OrderCompleted' : 'OrderCancelled'} is announced again`;
}

/** The reason an order is cancelled with: the execution's error, or how it ended. */
function cancellationReason(detail: ExecutionEndedEvent['detail'], waitingForReview: boolean): string {
  if (waitingForReview) return 'ReviewTimedOut';
  if (detail.status === 'FAILED') return failureReason(detail.error, 'ExecutionFailed');
  return EXECUTION_END_REASONS[detail.status];
}

/**
 * Brings the order of an execution that ended without succeeding to the invariant.
 * @param now ISO-8601 time of the status changes it writes.
 * @throws what a port throws (an undo step that failed, the database): the event is then retried.
 */
export async function reconcileOrder(
  ports: ReconcilePorts,
  event: ExecutionEndedEvent,
  now: string,
): Promise<Reconciliation> {
  const { detail } = event;
  const orderId = detail.name;
  // The execution named is the one whose history is read: its ARN ends with its name.
  if (!OrderIdSchema.safeParse(orderId).success || !detail.executionArn.endsWith(`:${orderId}`)) {
    return notTheOrdersOwn(orderId);
  }
  // The history, not the event, says how the execution stands: an event replayed by hand (the
  // runbook's `aws lambda invoke`) or delivered after a redrive may say ABORTED of a running one.
  const progress = await ports.history.progress(detail.executionArn);
  if (progress === undefined) return { orderId, action: 'ignored', reason: 'no such execution' };
  if (progress.status !== detail.status) {
    const stands = progress.status === undefined ? 'has no status in its history' : `is ${progress.status}`;
    return { orderId, action: 'ignored', reason: `the event says ${detail.status}, but the execution ${stands}` };
  }
  // The execution's own input, from its history (the event's may be left out when too large,
  // inputDetails.included false, or be anything in an event sent by hand).
  if (inputOrderId(progress.input) !== orderId) return notTheOrdersOwn(orderId);

  const order = await ports.orders.get(orderId);
  if (!order) return { orderId, action: 'ignored', reason: 'no such order' };
  if (isTerminal(order.status)) {
    const announced = await announceAgain(ports, order, detail.stopDate);
    return { orderId, action: 'none', reason: `the order already ended ${order.status}${announced}` };
  }
  const escalated = ESCALATION_ERRORS.find((error) => error === detail.error);
  if (detail.status === 'FAILED' && escalated !== undefined) {
    return { orderId, action: 'none', reason: `${escalated}: dead-lettered by the saga, finished by its redrive` };
  }
  if (progress.passedPivot) {
    await applyStatusUpdate(ports.orders, { orderId, status: 'COMPLETED' }, now);
    await ports.events.publish({ type: 'OrderCompleted', orderId, customerId: order.customerId, total: order.total });
    return { orderId, action: 'completed', reason: `${detail.status} after the pivot: finished forward` };
  }
  // Waiting for its review: the order says so once requestReview ran; the history as soon as it began.
  const reason = cancellationReason(detail, order.status === 'IN_REVIEW' || progress.lastState === REVIEW_STATE);
  await ports.undo.undo(orderId);
  await applyStatusUpdate(ports.orders, { orderId, status: 'CANCELLED', reason }, now);
  await ports.events.publish({ type: 'OrderCancelled', orderId, customerId: order.customerId, reason });
  return { orderId, action: 'cancelled', reason: `${detail.status} before the pivot: undone (${reason})` };
}
