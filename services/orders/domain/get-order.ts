import type { Order, PublicOrder } from '../schemas';
import { canRead, loadOrderFor, type Caller } from './access';
import type { OrderRepository } from './ports';

/** Attributes that never leave the service: payment token, review task token and request hash. */
const SECRET_FIELDS = new Set<string>(['paymentToken', 'reviewTaskToken', 'requestHash']);

/** The order without its secrets. */
export function toPublicOrder(order: Order): PublicOrder {
  return Object.fromEntries(Object.entries(order).filter(([key]) => !SECRET_FIELDS.has(key))) as PublicOrder;
}

/** The public view of an order for its customer (or a reviewer); `NotFound` when unknown or someone else's. */
export async function getOrder(orders: OrderRepository, caller: Caller, orderId: string): Promise<PublicOrder> {
  return toPublicOrder(await loadOrderFor(orders, orderId, caller, canRead));
}
