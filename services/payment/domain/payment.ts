import { DomainError } from '#shared/errors';
import type { Money } from '#shared/schemas';
import type {
  AuthorizePaymentInput,
  CapturePaymentInput,
  Payment,
  PaymentStatus,
  RefundPaymentInput,
} from '../schemas';

/** The provider declined the card. Caught by name in the state machine (contract). */
export class PaymentDeclined extends DomainError {
  readonly name = 'PaymentDeclined';
  override readonly httpStatus = 402;

  constructor(
    readonly orderId: string,
    readonly reason: string,
  ) {
    super(`Payment for order ${orderId} was declined: ${reason}`, { orderId, reason });
  }
}

/** Capture was asked for an order whose payment is not (or no longer) an open authorization. */
export class PaymentNotCapturable extends DomainError {
  readonly name = 'PaymentNotCapturable';
  override readonly httpStatus = 409;

  constructor(
    readonly orderId: string,
    readonly status: PaymentStatus | undefined,
  ) {
    super(
      status === undefined
        ? `Payment for order ${orderId} cannot be captured: nothing was authorized`
        : `Payment for order ${orderId} cannot be captured: it is ${status}, only an AUTHORIZED payment can be captured`,
      { orderId, status: status ?? null },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Ports

export type AuthorizationOutcome = { approved: true; authorizationId: string } | { approved: false; reason: string };

/**
 * Port: the payment provider (Stripe-like). Implementations must be idempotent: the same order
 * gives the same authorization, the same authorization the same capture, the same capture the
 * same refund, so a retried Task never charges twice.
 */
export interface PaymentProvider {
  authorize(orderId: string, amount: Money, token: string): Promise<AuthorizationOutcome>;
  capture(authorizationId: string, amount: Money): Promise<{ captureId: string }>;
  /** Releases an authorization that was not captured. */
  void(authorizationId: string): Promise<void>;
  refund(captureId: string, amount: Money): Promise<{ refundId: string }>;
}

export type CreateOutcome = { kind: 'created' } | { kind: 'exists'; payment: Payment };

export type TransitionOutcome =
  | { kind: 'updated'; payment: Payment }
  /** The record was not in the expected status: here is what is there now. */
  | { kind: 'changed'; payment: Payment | undefined };

export interface PaymentChanges {
  status: PaymentStatus;
  updatedAt: string;
  captureId?: string;
  refundId?: string;
}

/** Port: the payment records, one per order. Writes are conditional so racing calls cannot both win. */
export interface PaymentLedger {
  find(orderId: string): Promise<Payment | undefined>;
  /** Stores the record only if the order has none yet; otherwise returns the one that is there. */
  create(payment: Payment): Promise<CreateOutcome>;
  /** Applies `changes` only if the record is still in status `from`. */
  transition(orderId: string, from: PaymentStatus, changes: PaymentChanges): Promise<TransitionOutcome>;
}

export interface PaymentPorts {
  ledger: PaymentLedger;
  provider: PaymentProvider;
}

// ---------------------------------------------------------------------------------------------
// Rules

/** What an existing record means for a repeated authorization: DECLINED is thrown again, anything else returned. */
function settled(payment: Payment): Payment {
  if (payment.status === 'DECLINED') {
    throw new PaymentDeclined(payment.orderId, payment.declineReason ?? 'declined by the provider');
  }
  return payment;
}

/**
 * Authorizes the order's amount. Idempotent: a repeated call returns the stored record (or throws
 * `PaymentDeclined` again), and after a compensation (VOIDED) it never authorizes.
 */
export async function authorizePayment(
  { ledger, provider }: PaymentPorts,
  input: AuthorizePaymentInput,
  now: string,
): Promise<Payment> {
  const { orderId, amount, paymentToken } = input;
  const existing = await ledger.find(orderId);
  if (existing) return settled(existing);

  const outcome = await provider.authorize(orderId, amount, paymentToken);
  const base = { orderId, amount, createdAt: now, updatedAt: now };
  const payment: Payment = outcome.approved
    ? { ...base, status: 'AUTHORIZED', authorizationId: outcome.authorizationId }
    : { ...base, status: 'DECLINED', declineReason: outcome.reason };

  const created = await ledger.create(payment);
  if (created.kind === 'created') return settled(payment);

  // Another call stored a record first (a duplicate delivery, or the compensation's tombstone).
  // An authorization that record does not point to would hold the customer's funds forever: release it.
  const winner = created.payment;
  if (outcome.approved && winner.authorizationId !== outcome.authorizationId) {
    await provider.void(outcome.authorizationId);
  }
  return settled(winner);
}

function requireAuthorization(payment: Payment): { authorizationId: string; amount: Money } {
  const { authorizationId, amount } = payment;
  if (authorizationId === undefined || amount === undefined) {
    throw new Error(`Payment record of order ${payment.orderId} is ${payment.status} without authorizationId/amount`);
  }
  return { authorizationId, amount };
}

function requireCapture(payment: Payment): { captureId: string; amount: Money } {
  const { captureId, amount } = payment;
  if (captureId === undefined || amount === undefined) {
    throw new Error(`Payment record of order ${payment.orderId} is ${payment.status} without captureId/amount`);
  }
  return { captureId, amount };
}

/** Captures the order's authorization. Idempotent: an already captured payment is returned as is. */
export async function capturePayment(
  { ledger, provider }: PaymentPorts,
  input: CapturePaymentInput,
  now: string,
): Promise<Payment> {
  const { orderId } = input;
  const existing = await ledger.find(orderId);
  if (existing?.status === 'CAPTURED') return existing;
  if (existing?.status !== 'AUTHORIZED') throw new PaymentNotCapturable(orderId, existing?.status);

  const { authorizationId, amount } = requireAuthorization(existing);
  const { captureId } = await provider.capture(authorizationId, amount);
  const outcome = await ledger.transition(orderId, 'AUTHORIZED', { status: 'CAPTURED', captureId, updatedAt: now });
  if (outcome.kind === 'updated') return outcome.payment;

  // The record changed while we captured. Money we captured that the record does not show
  // (the compensation voided the authorization meanwhile) goes back to the customer.
  const current = outcome.payment;
  if (current?.captureId !== captureId) await provider.refund(captureId, amount);
  if (current?.status === 'CAPTURED') return current;
  throw new PaymentNotCapturable(orderId, current?.status);
}

/**
 * Compensation: voids an open authorization or refunds a capture. Idempotent and a no-op when
 * there is nothing to undo; with no record at all it stores a VOIDED tombstone so a late
 * authorization cannot charge. Returns the payment record as the undo leaves it (VOIDED, REFUNDED
 * or DECLINED), so a repeated call returns exactly the same result.
 */
export async function refundPayment(ports: PaymentPorts, input: RefundPaymentInput, now: string): Promise<Payment> {
  return undo(ports, input.orderId, await ports.ledger.find(input.orderId), now);
}

async function undo(ports: PaymentPorts, orderId: string, current: Payment | undefined, now: string): Promise<Payment> {
  const { ledger, provider } = ports;
  let outcome: TransitionOutcome;
  switch (current?.status) {
    case undefined: {
      const tombstone: Payment = { orderId, status: 'VOIDED', nothingToUndo: true, createdAt: now, updatedAt: now };
      const created = await ledger.create(tombstone);
      if (created.kind === 'created') return tombstone;
      return undo(ports, orderId, created.payment, now);
    }
    case 'VOIDED':
    case 'REFUNDED':
    case 'DECLINED':
      return current;
    case 'AUTHORIZED': {
      const { authorizationId } = requireAuthorization(current);
      await provider.void(authorizationId);
      outcome = await ledger.transition(orderId, 'AUTHORIZED', { status: 'VOIDED', updatedAt: now });
      break;
    }
    case 'CAPTURED': {
      const { captureId, amount } = requireCapture(current);
      const { refundId } = await provider.refund(captureId, amount);
      outcome = await ledger.transition(orderId, 'CAPTURED', { status: 'REFUNDED', refundId, updatedAt: now });
      break;
    }
  }
  if (outcome.kind === 'updated') return outcome.payment;
  // Someone changed the record between our read and our write (e.g. a capture): undo what is there now.
  return undo(ports, orderId, outcome.payment, now);
}
