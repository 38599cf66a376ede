import type { Order, RequestReviewInput } from '../schemas';
import { InvalidStatusTransition } from './errors';
import { contention, loadOrder, MAX_RACE_ATTEMPTS } from './load';
import type { EventPublisher, OrderRepository } from './ports';

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
