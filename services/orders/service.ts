import { defineService } from '#shared/declaration';
import {
  ImportOrderInputSchema,
  RequestReviewInputSchema,
  UpdateOrderStatusInputSchema,
  VerifyOrderInputSchema,
} from './schemas';

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
    importOrder: { input: ImportOrderInputSchema },
    verifyOrder: { input: VerifyOrderInputSchema },
  },
  errors: {
    // A status change the transition table refuses: a bug or a race, never an answer.
    InvalidStatusTransition: { thrownBy: ['updateOrderStatus', 'requestReview'], alarms: true },
    // The review's rejection (submitReview fails the review Task with it); the workflow renames it OrderRejected.
    ReviewRejected: { thrownBy: [], alarms: false },
    // 422 to POST /orders: the same Idempotency-Key with another body; importOrder's refusal of a
    // bulk-import line whose key was used with another order (reported in the import's results).
    IdempotencyKeyReused: { thrownBy: ['importOrder'], alarms: false },
    // importOrder's refusal of a bad bulk-import line (reported in the import's results, counted
    // against its tolerated share): a business answer there, not an incident.
    ValidationError: { thrownBy: ['importOrder'], alarms: false },
    // The ends of an order the workflow names (Pass states) for what this service saw: the customer's
    // cancellation in the fulfilment window, the review's rejection, a review that never came.
    OrderCancelled: { thrownBy: [], customerWording: 'you asked us to cancel it', alarms: false },
    OrderRejected: { thrownBy: [], customerWording: 'it did not pass our review', alarms: false },
    ReviewTimedOut: { thrownBy: [], customerWording: 'its review could not be completed in time', alarms: false },
    // An execution whose input is not the stored order's own: someone started it by hand (a bug or
    // misuse, worth a page). Before anything is held; an order that exists is then cancelled.
    OrderInputMismatch: {
      thrownBy: ['verifyOrder'],
      customerWording: 'it could not be processed as it was placed',
      alarms: true,
    },
    // A capture-and-ship child started outside its parent, before the window closed or after a
    // cancellation in it: refused, nothing captured.
    OrderNotReadyForCapture: { thrownBy: ['verifyOrder'], alarms: true },
  },
});
