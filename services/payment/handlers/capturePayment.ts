import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { paymentLedger } from '../adapters/payment-ledger';
import { paymentProvider } from '../adapters/payment-provider';
import { capturePayment } from '../domain/payment';
import { logger } from '../logger';
import { CapturePaymentInputSchema } from '../schemas';

/** Task: capture the order's authorization. Throws `PaymentNotCapturable` when there is none open. */
export const handler = taskHandler(logger, CapturePaymentInputSchema, (input) =>
  capturePayment({ ledger: paymentLedger(), provider: paymentProvider() }, input, nowIso()),
);
