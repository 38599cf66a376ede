import type { Order, PublicOrder } from '../schemas';
import { loadOrder } from './load';
import type { OrderRepository } from './ports';

/** Attributes that never leave the service: payment token, review task token and request hash. */
const SECRET_FIELDS = new Set<string>(['paymentToken', 'reviewTaskToken', 'requestHash']);

/** The order without its secrets. */
export function toPublicOrder(order: Order): PublicOrder {
  return Object.fromEntries(Object.entries(order).filter(([key]) => !SECRET_FIELDS.has(key))) as PublicOrder;
}

/** The public view of an order; `NotFound` when unknown. */
export async function getOrder(orders: OrderRepository, orderId: string): Promise<PublicOrder> {
  return toPublicOrder(await loadOrder(orders, orderId));
}
