import { createHash } from 'node:crypto';
import type { Money } from '#shared/schemas';
import type { AuthorizationOutcome, PaymentProvider } from '../domain/payment';

/** Test tokens that approve (contract: `tok_visa`). */
const APPROVING_TOKENS: ReadonlySet<string> = new Set(['tok_visa', 'tok_mastercard', 'tok_amex']);

/** Every token starting with this prefix declines (contract: `tok_chargeDeclined`). */
const DECLINING_PREFIX = 'tok_chargeDeclined';

/** Reasons of the specific declining test tokens, as a provider would report them. */
const DECLINE_REASONS: Readonly<Record<string, string>> = {
  tok_chargeDeclined: 'card declined',
  tok_chargeDeclinedInsufficientFunds: 'insufficient funds',
  tok_chargeDeclinedExpiredCard: 'expired card',
  tok_chargeDeclinedIncorrectCvc: 'incorrect CVC',
  tok_chargeDeclinedFraudulent: 'suspected fraud',
};

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** The authorization id the fake provider gives an order (exported so tests and seeds can predict it). */
export const fakeAuthorizationId = (orderId: string) => `auth_${digest(orderId)}`;
export const fakeCaptureId = (authorizationId: string) => `cap_${digest(`capture:${authorizationId}`)}`;
export const fakeRefundId = (captureId: string) => `re_${digest(`refund:${captureId}`)}`;

function assertId(id: string, prefix: string, what: string): void {
  if (!id.startsWith(prefix)) throw new Error(`FakePaymentProvider: ${what} "${id}" was not issued by this provider`);
}

function assertChargeable(amount: Money): void {
  if (!Number.isSafeInteger(amount.amount) || amount.amount <= 0) {
    throw new Error(`FakePaymentProvider: amount must be a positive integer of minor units, got ${amount.amount}`);
  }
}

/**
 * A stateless stand-in for a card payment provider, honouring Stripe-like test tokens. Every id
 * is derived from its input, so each operation is idempotent like a real provider call made
 * with an idempotency key: the same order always gets the same authorization, and so on.
 */
export class FakePaymentProvider implements PaymentProvider {
  async authorize(orderId: string, amount: Money, token: string): Promise<AuthorizationOutcome> {
    assertChargeable(amount);
    if (APPROVING_TOKENS.has(token)) return { approved: true, authorizationId: fakeAuthorizationId(orderId) };
    if (token.startsWith(DECLINING_PREFIX))
      return { approved: false, reason: DECLINE_REASONS[token] ?? 'card declined' };
    return { approved: false, reason: 'card not recognised' };
  }

  async capture(authorizationId: string, amount: Money): Promise<{ captureId: string }> {
    assertId(authorizationId, 'auth_', 'authorization');
    assertChargeable(amount);
    return { captureId: fakeCaptureId(authorizationId) };
  }

  async void(authorizationId: string): Promise<void> {
    assertId(authorizationId, 'auth_', 'authorization');
  }

  async refund(captureId: string, amount: Money): Promise<{ refundId: string }> {
    assertId(captureId, 'cap_', 'capture');
    assertChargeable(amount);
    return { refundId: fakeRefundId(captureId) };
  }
}
