import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { paymentLedger } from '../adapters/payment-ledger';
import { paymentProvider } from '../adapters/payment-provider';
import { authorizePayment } from '../domain/payment';
import { logger } from '../logger';
import { AuthorizePaymentInputSchema } from '../schemas';

/** Task: authorize the order's amount with the provider. Throws `PaymentDeclined`. */
export const handler = taskHandler(logger, AuthorizePaymentInputSchema, (input) =>
  authorizePayment({ ledger: paymentLedger(), provider: paymentProvider() }, input, nowIso()),
);
