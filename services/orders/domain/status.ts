import type { OrderStatus } from '../schemas';

/** The allowed status transitions (contract). Terminal statuses have none. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['IN_REVIEW', 'CONFIRMED', 'CANCELLED', 'REJECTED'],
  IN_REVIEW: ['CONFIRMED', 'CANCELLED', 'REJECTED'],
  CONFIRMED: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
  REJECTED: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: OrderStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** Statuses in which a customer may still ask for a cancellation (until the fulfilment window closes). */
export const CANCELLABLE: readonly OrderStatus[] = ['PENDING', 'IN_REVIEW', 'CONFIRMED'];
