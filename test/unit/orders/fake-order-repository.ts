import type { CreateOutcome, OrderChange, OrderGuard, OrderRepository } from '../../../services/orders/domain/ports';
import type { Order } from '../../../services/orders/schemas';

/**
 * In-memory OrderRepository with the same conditional semantics as the DynamoDB adapter.
 * `beforeWrite` runs just before a conditional write checks its guard: tests use it to play a
 * concurrent writer that changes the order between the domain's read and its write.
 */
export class FakeOrderRepository implements OrderRepository {
  readonly orders = new Map<string, Order>();
  readonly calls = { get: 0, create: 0, update: 0 };
  beforeWrite?: (orderId: string) => void;

  constructor(orders: readonly Order[] = []) {
    for (const order of orders) this.orders.set(order.orderId, structuredClone(order));
  }

  stored(orderId: string): Order {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`test setup: no order ${orderId}`);
    return order;
  }

  /** Changes a stored order directly (a concurrent writer). */
  patch(orderId: string, patch: Partial<Order>): void {
    this.orders.set(orderId, { ...this.stored(orderId), ...patch });
  }

  async get(orderId: string): Promise<Order | undefined> {
    this.calls.get += 1;
    const order = this.orders.get(orderId);
    return order ? structuredClone(order) : undefined;
  }

  async create(order: Order): Promise<CreateOutcome> {
    this.calls.create += 1;
    this.beforeWrite?.(order.orderId);
    const existing = this.orders.get(order.orderId);
    if (existing) return { kind: 'exists', order: structuredClone(existing) };
    this.orders.set(order.orderId, structuredClone(order));
    return { kind: 'created' };
  }

  async update(orderId: string, guard: OrderGuard, change: OrderChange): Promise<Order | undefined> {
    this.calls.update += 1;
    this.beforeWrite?.(orderId);
    const order = this.orders.get(orderId);
    if (!order || order.status !== guard.status) return undefined;
    if ((guard.absent ?? []).some((field) => order[field] !== undefined)) return undefined;
    if (guard.reviewTaskToken !== undefined && order.reviewTaskToken !== guard.reviewTaskToken) return undefined;
    const set = Object.fromEntries(Object.entries(change.set ?? {}).filter(([, value]) => value !== undefined));
    const updated: Order = {
      ...order,
      ...set,
      ...(change.status === undefined ? {} : { status: change.status }),
      updatedAt: change.updatedAt,
      history: change.history ? [...order.history, change.history] : order.history,
    };
    this.orders.set(orderId, updated);
    return structuredClone(updated);
  }
}
