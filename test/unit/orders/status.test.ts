import { CANCELLABLE, canTransition, isTerminal, TRANSITIONS } from '../../../services/orders/domain/status';
import { OrderStatusSchema, type OrderStatus } from '../../../services/orders/schemas';

const ALL = OrderStatusSchema.options;

const ALLOWED: Record<OrderStatus, OrderStatus[]> = {
  PENDING: ['IN_REVIEW', 'CONFIRMED', 'CANCELLED', 'REJECTED'],
  IN_REVIEW: ['CONFIRMED', 'CANCELLED', 'REJECTED'],
  CONFIRMED: ['COMPLETED', 'CANCELLED'],
  COMPLETED: [],
  CANCELLED: [],
  REJECTED: [],
};

describe('order status transitions', () => {
  it('has the six contract statuses', () => {
    expect(ALL).toEqual(['PENDING', 'IN_REVIEW', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'REJECTED']);
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ALL].sort());
  });

  describe.each(ALL)('from %s', (from) => {
    it.each(ALL)(`to %s follows the contract table`, (to) => {
      expect(canTransition(from, to)).toBe(ALLOWED[from].includes(to));
    });
  });

  it('never allows a transition to the current status (that is a no-op, not a transition)', () => {
    for (const status of ALL) expect(canTransition(status, status)).toBe(false);
  });

  it('knows the terminal statuses', () => {
    expect(ALL.filter(isTerminal)).toEqual(['COMPLETED', 'CANCELLED', 'REJECTED']);
  });

  it('lets customers cancel only non-terminal orders', () => {
    expect(CANCELLABLE).toEqual(['PENDING', 'IN_REVIEW', 'CONFIRMED']);
    for (const status of CANCELLABLE) expect(isTerminal(status)).toBe(false);
  });
});
