import { ORDER_OUTCOME_ERRORS } from '#shared/workflow-errors';
import type { Order, OrderStatus, UpdateOrderStatusInput, UpdateOrderStatusResult } from '../schemas';
import { InvalidStatusTransition } from './errors';
import { contention, loadOrder, MAX_RACE_ATTEMPTS } from './load';
import type { OrderRepository } from './ports';
import { canTransition } from './status';

const resultOf = (order: Order): UpdateOrderStatusResult => ({
  orderId: order.orderId,
  status: order.status,
  cancelRequested: order.cancelRequestedAt !== undefined,
});

const endedUnsuccessfully = (status: OrderStatus): boolean => status === 'CANCELLED' || status === 'REJECTED';

/** A status change this call made (not one found already done). */
export interface StatusTransition {
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  reason?: string;
}

export interface StatusUpdate {
  /** The Task output. */
  result: UpdateOrderStatusResult;
  /** Present only when this call changed the status: idempotent repeats and lost races have none. */
  transition?: StatusTransition;
}

/**
 * Task: moves the order to `status` if the transition table allows it, appending a history entry.
 * The same status again is a no-op (idempotent), and so is CANCELLED or REJECTED for an order that
 * already ended CANCELLED or REJECTED (its first outcome and reason stay). With `closeFulfilmentWindow`, it also closes the
 * fulfilment window once, atomically with reading whether the customer asked for a cancellation
 * before: the answer (`cancelRequested`) is final, since cancelOrder refuses once the window is closed.
 */
export async function updateOrderStatus(
  orders: OrderRepository,
  input: UpdateOrderStatusInput,
  now: string,
): Promise<UpdateOrderStatusResult> {
  return (await applyStatusUpdate(orders, input, now)).result;
}

/** `updateOrderStatus`, also telling whether this call changed the status (what the outcome metrics count). */
export async function applyStatusUpdate(
  orders: OrderRepository,
  input: UpdateOrderStatusInput,
  now: string,
): Promise<StatusUpdate> {
  const { orderId, status: target, reason } = input;
  for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
    const order = await loadOrder(orders, orderId);
    // An order that already ended unsuccessfully stays as it ended: marking it CANCELLED or
    // REJECTED again (a dead-letter path, a redrive) is a repeat, not a new outcome.
    if (endedUnsuccessfully(order.status) && endedUnsuccessfully(target)) return { result: resultOf(order) };
    const changesStatus = order.status !== target;
    if (changesStatus && !canTransition(order.status, target)) {
      throw new InvalidStatusTransition(orderId, order.status, target);
    }
    const closesWindow = input.closeFulfilmentWindow === true && order.windowClosedAt === undefined;
    if (!changesStatus && !closesWindow) return { result: resultOf(order) };

    const updated = await orders.update(
      orderId,
      { status: order.status, ...(closesWindow ? { absent: ['windowClosedAt'] as const } : {}) },
      {
        updatedAt: now,
        ...(changesStatus ? { status: target } : {}),
        set: {
          ...(closesWindow ? { windowClosedAt: now } : {}),
          ...(reason === undefined ? {} : { reason }),
        },
        history: {
          status: target,
          at: now,
          ...(reason === undefined ? (closesWindow ? { reason: 'fulfilment window closed' } : {}) : { reason }),
        },
      },
    );
    if (updated) {
      if (!changesStatus) return { result: resultOf(updated) };
      const transition = { orderId, from: order.status, to: target, ...(reason === undefined ? {} : { reason }) };
      return { result: resultOf(updated), transition };
    }
  }
  throw contention(orderId);
}

// ---------------------------------------------------------------------------------------------
// Outcome metrics: what a status change means for the business, as counts (the handler publishes them).

/**
 * The reasons an order ends CANCELLED or REJECTED: the workflow's Fail-state error names (contract),
 * which the state machine passes as `reason`. Anything else (a retried-out TransientError, a
 * Lambda or States error) is counted as `Other`, so the metric's dimension stays bounded.
 */
export const CANCELLATION_REASONS = [...ORDER_OUTCOME_ERRORS, 'CompensationFailed'] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number] | 'Other';

export function cancellationReason(reason: string | undefined): CancellationReason {
  return CANCELLATION_REASONS.find((known) => known === reason) ?? 'Other';
}

export type OutcomeMetric =
  | { name: 'OrdersCompleted' }
  | { name: 'OrdersCancelled'; dimensions: { reason: CancellationReason } }
  | { name: 'CompensationFailures' };

/**
 * The counts a status change adds: `OrdersCompleted` on COMPLETED; `OrdersCancelled` by `reason`
 * on CANCELLED or REJECTED, plus `CompensationFailures` when an undo step failed. No change, no count.
 */
export function outcomeMetrics(transition: StatusTransition | undefined): OutcomeMetric[] {
  if (transition === undefined) return [];
  if (transition.to === 'COMPLETED') return [{ name: 'OrdersCompleted' }];
  if (transition.to !== 'CANCELLED' && transition.to !== 'REJECTED') return [];
  const reason = cancellationReason(transition.reason);
  const cancelled: OutcomeMetric = { name: 'OrdersCancelled', dimensions: { reason } };
  return reason === 'CompensationFailed' ? [cancelled, { name: 'CompensationFailures' }] : [cancelled];
}
