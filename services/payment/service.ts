import { defineService } from '#shared/declaration';
import {
  AuthorizePaymentInputSchema,
  CapturePaymentInputSchema,
  PaymentSchema,
  RefundPaymentInputSchema,
} from './schemas';

/** Payment: one payment record per order (the declaration packages/offline-aws/src/ and the tests read). */
export default defineService({
  name: 'payment',
  table: 'PaymentsTable',
  orderRecord: {
    reportAs: 'payment',
    record: 'payment',
    keyPrefix: 'PAYMENT#',
    schema: PaymentSchema,
    holds: { statuses: ['AUTHORIZED', 'CAPTURED'], whenCompleted: 'CAPTURED' },
  },
  tasks: {
    authorizePayment: { input: AuthorizePaymentInputSchema, undoneBy: 'refundPayment' },
    capturePayment: { input: CapturePaymentInputSchema, undoneBy: 'refundPayment' },
    refundPayment: { input: RefundPaymentInputSchema, undoes: 'capturePayment' },
  },
  errors: {
    PaymentDeclined: { thrownBy: ['authorizePayment'], customerWording: 'the payment was declined', alarms: false },
    // Capturing what was never authorized is a bug or a lost record, not an answer.
    PaymentNotCapturable: { thrownBy: ['capturePayment'], alarms: true },
  },
});
