import type { VerifyOrderInput } from '../schemas';
import { canonicalJson, toWorkflowInput } from './create-order';
import { OrderInputMismatch, OrderNotReadyForCapture } from './errors';
import { loadOrder } from './load';
import type { OrderRepository } from './ports';

/** What verifyOrder answers when the input is the stored order's own and the stage may act. */
export interface VerifiedOrder {
  orderId: string;
  stage: VerifyOrderInput['stage'];
  verified: true;
}

/** The top-level fields in which `given` differs from `expected` (a missing or extra field counts), sorted. */
export function differingFields(expected: Record<string, unknown>, given: Record<string, unknown>): string[] {
  const names = new Set([...Object.keys(expected), ...Object.keys(given)]);
  return [...names].filter((name) => canonicalJson(expected[name]) !== canonicalJson(given[name])).sort();
}

/**
 * The first step of each Express child that moves money or goods (reserve-and-confirm: `reserve`;
 * capture-and-ship: `capture`). The steps after it act on the execution's input, not on the stored
 * order, so the input must be exactly what createOrder starts the order's execution with
 * (toWorkflowInput of the stored order): an execution started with another total, address or line —
 * or a child started directly, outside its parent — changes nothing.
 *
 * @returns `{orderId, stage, verified: true}`; reads only (a re-run of the child verifies again)
 * @throws NotFound when no such order exists; OrderInputMismatch naming the fields that differ;
 *   OrderNotReadyForCapture (`capture`) unless the order is CONFIRMED (or COMPLETED: a late re-run),
 *   its fulfilment window closed and no cancellation was requested in it
 */
export async function verifyOrder(orders: OrderRepository, input: VerifyOrderInput): Promise<VerifiedOrder> {
  const order = await loadOrder(orders, input.orderId);
  const differing = differingFields(toWorkflowInput(order), input.order);
  if (differing.length > 0) throw new OrderInputMismatch(order.orderId, differing);
  if (input.stage === 'capture') {
    // COMPLETED: a late run of the child (an Express execution runs at least once) repeats steps that
    // return their first result.
    if (order.status !== 'CONFIRMED' && order.status !== 'COMPLETED')
      throw new OrderNotReadyForCapture(order.orderId, `it is ${order.status}`);
    if (order.windowClosedAt === undefined)
      throw new OrderNotReadyForCapture(order.orderId, 'its fulfilment window has not closed');
    if (order.cancelRequestedAt !== undefined)
      throw new OrderNotReadyForCapture(order.orderId, 'its customer asked to cancel it in the window');
  }
  return { orderId: order.orderId, stage: input.stage, verified: true };
}
