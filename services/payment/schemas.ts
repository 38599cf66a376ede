import * as z from 'zod/mini';
import { MoneySchema, NothingToUndoSchema, OrderIdSchema, OrderRefSchema } from '#shared/schemas';

/** A card token as issued by the provider's client-side SDK (Stripe-like: `tok_visa`, `tok_chargeDeclined`…). */
export const PaymentTokenSchema = z
  .string()
  .check(z.regex(/^tok_[A-Za-z0-9_]{1,64}$/, 'must look like tok_ followed by 1-64 letters, digits or underscores'));
export type PaymentToken = z.infer<typeof PaymentTokenSchema>;

/** An amount to charge: like Money, but a charge of zero is not a charge. */
export const ChargeAmountSchema = z.extend(MoneySchema, {
  amount: z.number().check(z.int(), z.positive('must be greater than 0'), z.maximum(Number.MAX_SAFE_INTEGER)),
});

/**
 * Task input of authorizePayment. `z.object` strips unknown keys, so the state machine can pass
 * its whole state (items, address…); only these three fields are used.
 */
export const AuthorizePaymentInputSchema = z.object({
  orderId: OrderIdSchema,
  amount: ChargeAmountSchema,
  paymentToken: PaymentTokenSchema,
});
export type AuthorizePaymentInput = z.infer<typeof AuthorizePaymentInputSchema>;

export const CapturePaymentInputSchema = OrderRefSchema;
export type CapturePaymentInput = z.infer<typeof CapturePaymentInputSchema>;

export const RefundPaymentInputSchema = OrderRefSchema;
export type RefundPaymentInput = z.infer<typeof RefundPaymentInputSchema>;

/** Payment record status (contract). */
export const PaymentStatusSchema = z.enum(['AUTHORIZED', 'CAPTURED', 'VOIDED', 'REFUNDED', 'DECLINED']);
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

/**
 * One payment per order. `amount` is absent only on a VOIDED tombstone, written when the
 * compensation ran before any authorization (so a late authorization cannot charge).
 */
export const PaymentSchema = z.object({
  orderId: OrderIdSchema,
  status: PaymentStatusSchema,
  amount: z.optional(MoneySchema),
  authorizationId: z.optional(z.string()),
  captureId: z.optional(z.string()),
  refundId: z.optional(z.string()),
  declineReason: z.optional(z.string()),
  /** Set on the tombstone only (services/shared/schemas.ts NothingToUndoSchema). */
  nothingToUndo: NothingToUndoSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Payment = z.infer<typeof PaymentSchema>;
