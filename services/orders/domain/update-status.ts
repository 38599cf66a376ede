import type { Order, UpdateOrderStatusInput, UpdateOrderStatusResult } from '../schemas';
import { InvalidStatusTransition } from './errors';
import { contention, loadOrder, MAX_RACE_ATTEMPTS } from './load';
import type { OrderRepository } from './ports';
import { canTransition } from './status';

const resultOf = (order: Order): UpdateOrderStatusResult => ({
  orderId: order.orderId,
  status: order.status,
  cancelRequested: order.cancelRequestedAt !== undefined,
});

/**
 * Task: moves the order to `status` if the transition table allows it, appending a history entry.
 * The same status again is a no-op (idempotent). With `closeFulfilmentWindow`, it also closes the
 * fulfilment window once, atomically with reading whether the customer asked for a cancellation
 * before: the answer (`cancelRequested`) is final, since cancelOrder refuses once the window is closed.
 */
export async function updateOrderStatus(
  orders: OrderRepository,
  input: UpdateOrderStatusInput,
  now: string,
): Promise<UpdateOrderStatusResult> {
  const { orderId, status: target, reason } = input;
  for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
    const order = await loadOrder(orders, orderId);
    const changesStatus = order.status !== target;
    if (changesStatus && !canTransition(order.status, target)) {
      throw new InvalidStatusTransition(orderId, order.status, target);
    }
    const closesWindow = input.closeFulfilmentWindow === true && order.windowClosedAt === undefined;
    if (!changesStatus && !closesWindow) return resultOf(order);

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
    if (updated) return resultOf(updated);
  }
  throw contention(orderId);
}
