import { TransientError } from '#shared/errors';
import type { Order } from '../schemas';
import { orderNotFound } from './access';
import type { OrderRepository } from './ports';

/**
 * Conditional updates that lose a race re-read the order and decide again. Each round sees a newer
 * state, so a handful of rounds is plenty; running out means heavy contention, worth a retry later.
 */
export const MAX_RACE_ATTEMPTS = 5;

export async function loadOrder(orders: OrderRepository, orderId: string): Promise<Order> {
  const order = await orders.get(orderId);
  if (!order) throw orderNotFound(orderId);
  return order;
}

export function contention(orderId: string): TransientError {
  return new TransientError(`Order ${orderId} kept changing while it was being updated; try again`);
}
