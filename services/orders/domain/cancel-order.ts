import { ConflictError } from '#shared/errors';
import type { OrderStatus } from '../schemas';
import { canCancel, loadOrderFor, type Caller } from './access';
import { contention, MAX_RACE_ATTEMPTS } from './load';
import type { OrderRepository } from './ports';
import { CANCELLABLE } from './status';

export interface CancelOrderResult {
  orderId: string;
  status: OrderStatus;
  cancelRequested: true;
}

/**
 * Records a customer's cancellation request. The workflow reads it when the fulfilment window
 * closes (`updateOrderStatus` with `closeFulfilmentWindow`) and compensates. The update is
 * conditional on the window still being open, which makes the request and the window close
 * race-free: exactly one of them sees the other. Idempotent: a second request answers the same.
 * Only the order's customer may cancel it: for anyone else the order is `NotFound`, as if unknown.
 */
export async function cancelOrder(
  orders: OrderRepository,
  caller: Caller,
  orderId: string,
  now: string,
): Promise<CancelOrderResult> {
  for (let attempt = 1; attempt <= MAX_RACE_ATTEMPTS; attempt += 1) {
    const order = await loadOrderFor(orders, orderId, caller, canCancel);
    const result: CancelOrderResult = { orderId, status: order.status, cancelRequested: true };
    if (order.cancelRequestedAt !== undefined) return result;
    if (!CANCELLABLE.includes(order.status)) {
      throw new ConflictError(`Order ${orderId} is ${order.status} and can no longer be cancelled`, {
        status: order.status,
      });
    }
    if (order.windowClosedAt !== undefined) {
      throw new ConflictError(
        `The fulfilment window of order ${orderId} closed at ${order.windowClosedAt}; it is being fulfilled and can no longer be cancelled`,
        { status: order.status, windowClosedAt: order.windowClosedAt },
      );
    }
    const updated = await orders.update(
      orderId,
      { status: order.status, absent: ['windowClosedAt', 'cancelRequestedAt'] },
      {
        updatedAt: now,
        set: { cancelRequestedAt: now },
        history: { status: order.status, at: now, reason: 'cancellation requested' },
      },
    );
    if (updated) return { ...result, status: updated.status };
  }
  throw contention(orderId);
}
