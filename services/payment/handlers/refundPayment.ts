import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { paymentLedger } from '../adapters/payment-ledger';
import { paymentProvider } from '../adapters/payment-provider';
import { refundPayment } from '../domain/payment';
import { logger } from '../logger';
import { RefundPaymentInputSchema } from '../schemas';

/** Compensation: void the authorization or refund the capture. Idempotent; a no-op when nothing was charged. */
export const handler = taskHandler(logger, RefundPaymentInputSchema, (input) =>
  refundPayment({ ledger: paymentLedger(), provider: paymentProvider() }, input, nowIso()),
);
