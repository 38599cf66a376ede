import { createHash, randomUUID } from 'node:crypto';
import { ValidationError } from '#shared/errors';
import type { Money } from '#shared/schemas';
import type { CreateOrderBody, Order, OrderItem, OrderStatus, WorkflowInput } from '../schemas';
import { IdempotencyKeyReused, WorkflowUnavailable } from './errors';
import type { OrderRepository, WorkflowStarter } from './ports';

export interface CreateOrderConfig {
  /** Orders whose total is at or above this amount (minor units) need a manual review. */
  reviewThreshold: number;
  /** Used when the request does not set `fulfilmentWindowSeconds`. */
  defaultFulfilmentWindowSeconds: number;
}

export interface CreateOrderRequest {
  /** The customer placing the order: the caller's `sub`, never a body field. */
  customerId: string;
  body: CreateOrderBody;
  idempotencyKey?: string;
}

export interface CreateOrderResult {
  orderId: string;
  status: OrderStatus;
  /** False when the Idempotency-Key matched an order stored before. */
  created: boolean;
}

export interface CreateOrderPorts {
  orders: OrderRepository;
  workflow: WorkflowStarter;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** JSON with object keys sorted at every level, so equal bodies hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const requestHashOf = (body: CreateOrderBody): string => sha256(canonicalJson(body));

/** `ord_` + 32 hex: random, or derived from the customer and the Idempotency-Key so retries find the same order. */
export function orderIdFor(customerId: string, idempotencyKey?: string): string {
  const hex = idempotencyKey
    ? sha256(`${customerId}:${idempotencyKey}`).slice(0, 32)
    : randomUUID().replaceAll('-', '');
  return `ord_${hex}`;
}

export function orderTotal(items: readonly OrderItem[], currency: Money['currency']): Money {
  let amount = 0;
  for (const { quantity, unitPrice } of items) amount += quantity * unitPrice;
  if (!Number.isSafeInteger(amount)) {
    throw new ValidationError('Invalid request body: the order total is too large', [
      { path: 'items', message: 'the order total exceeds the largest supported amount', code: 'too_big' },
    ]);
  }
  return { amount, currency };
}

export function toWorkflowInput(order: Order): WorkflowInput {
  const { orderId, customerId, items, total, paymentToken, shippingAddress, fulfilmentWindowSeconds, requiresReview } =
    order;
  return { orderId, customerId, items, total, paymentToken, shippingAddress, fulfilmentWindowSeconds, requiresReview };
}

export function newOrder(request: CreateOrderRequest, now: string, config: CreateOrderConfig): Order {
  const { customerId, body, idempotencyKey } = request;
  const total = orderTotal(body.items, body.currency);
  return {
    orderId: orderIdFor(customerId, idempotencyKey),
    customerId,
    status: 'PENDING',
    items: body.items,
    total,
    paymentToken: body.paymentToken,
    shippingAddress: body.shippingAddress,
    fulfilmentWindowSeconds: body.fulfilmentWindowSeconds ?? config.defaultFulfilmentWindowSeconds,
    requiresReview: total.amount >= config.reviewThreshold,
    createdAt: now,
    updatedAt: now,
    history: [{ status: 'PENDING', at: now }],
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    requestHash: requestHashOf(body),
  };
}

/**
 * Stores the order PENDING and starts its workflow execution (named by the order id).
 * Idempotent per customer and Idempotency-Key: the same key and body give the same order and at most
 * one execution; the same key with another body is refused (`IdempotencyKeyReused`). The order id is
 * derived from the customer and the key, so two customers using the same key never meet.
 * Throws `WorkflowUnavailable` when the workflow cannot be reached (the order stays stored, a retry starts it).
 */
export async function createOrder(
  ports: CreateOrderPorts,
  request: CreateOrderRequest,
  now: string,
  config: CreateOrderConfig,
): Promise<CreateOrderResult> {
  const order = newOrder(request, now, config);
  const outcome = await ports.orders.create(order);
  let current = order;
  if (outcome.kind === 'exists') {
    if (outcome.order.requestHash !== order.requestHash) throw new IdempotencyKeyReused();
    current = outcome.order;
    // Any status but PENDING means the workflow already runs (or ran): nothing to start.
    if (current.status !== 'PENDING') return { orderId: current.orderId, status: current.status, created: false };
  }
  const started = await ports.workflow.start(toWorkflowInput(current));
  if (started.kind === 'unreachable') throw WorkflowUnavailable.forCreate(started.reason);
  return { orderId: current.orderId, status: current.status, created: outcome.kind === 'created' };
}
