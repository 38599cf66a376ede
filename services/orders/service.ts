import { defineService } from '../shared/declaration';
import { RequestReviewInputSchema, UpdateOrderStatusInputSchema } from './schemas';

/**
 * Orders: the order itself (the anchor of the order invariant, read by tools/offline/consistency.ts), its
 * status Task and the manual review (the declaration packages/offline-aws/src/ and the tests read).
 */
export default defineService({
  name: 'orders',
  table: 'OrdersTable',
  tasks: {
    updateOrderStatus: { input: UpdateOrderStatusInputSchema },
    requestReview: { input: RequestReviewInputSchema },
  },
  errors: ['InvalidStatusTransition', 'ReviewRejected', 'IdempotencyKeyReused'],
});
