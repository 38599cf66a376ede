import { FakePaymentProvider } from '../../../services/payment/adapters/fake-payment-provider';
import type {
  AuthorizationOutcome,
  CreateOutcome,
  PaymentChanges,
  PaymentLedger,
  PaymentPorts,
  TransitionOutcome,
} from '../../../services/payment/domain/payment';
import type { Money } from '../../../services/shared/schemas';
import type { Payment, PaymentStatus } from '../../../services/payment/schemas';

type Hook = (ledger: InMemoryPaymentLedger) => void;

/** In-memory PaymentLedger with the same conditional semantics as the DynamoDB adapter. */
export class InMemoryPaymentLedger implements PaymentLedger {
  readonly records = new Map<string, Payment>();
  writes = 0;
  private hooks: Hook[] = [];

  /** Runs `hook` right before the next write: a test uses it to let a "concurrent call" win the race. */
  beforeNextWrite(hook: Hook): void {
    this.hooks.push(hook);
  }

  /** Stores a record directly (a seed, or the write of a concurrent call). */
  put(payment: Payment): void {
    this.records.set(payment.orderId, structuredClone(payment));
  }

  async find(orderId: string): Promise<Payment | undefined> {
    const payment = this.records.get(orderId);
    return payment ? structuredClone(payment) : undefined;
  }

  async create(payment: Payment): Promise<CreateOutcome> {
    this.runHook();
    const existing = this.records.get(payment.orderId);
    if (existing) return { kind: 'exists', payment: structuredClone(existing) };
    this.writes += 1;
    this.put(payment);
    return { kind: 'created' };
  }

  async transition(orderId: string, from: PaymentStatus, changes: PaymentChanges): Promise<TransitionOutcome> {
    this.runHook();
    const existing = this.records.get(orderId);
    if (existing?.status !== from) return { kind: 'changed', payment: existing && structuredClone(existing) };
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const updated: Payment = { ...existing, ...defined };
    this.writes += 1;
    this.put(updated);
    return { kind: 'updated', payment: structuredClone(updated) };
  }

  private runHook(): void {
    this.hooks.shift()?.(this);
  }
}

export type ProviderCall =
  | { op: 'authorize'; orderId: string; amount: Money; token: string }
  | { op: 'capture'; authorizationId: string; amount: Money }
  | { op: 'void'; authorizationId: string }
  | { op: 'refund'; captureId: string; amount: Money };

/** The real fake provider, recording every call so tests can count side effects. */
export class RecordingPaymentProvider extends FakePaymentProvider {
  readonly calls: ProviderCall[] = [];

  override authorize(orderId: string, amount: Money, token: string): Promise<AuthorizationOutcome> {
    this.calls.push({ op: 'authorize', orderId, amount, token });
    return super.authorize(orderId, amount, token);
  }

  override capture(authorizationId: string, amount: Money): Promise<{ captureId: string }> {
    this.calls.push({ op: 'capture', authorizationId, amount });
    return super.capture(authorizationId, amount);
  }

  override void(authorizationId: string): Promise<void> {
    this.calls.push({ op: 'void', authorizationId });
    return super.void(authorizationId);
  }

  override refund(captureId: string, amount: Money): Promise<{ refundId: string }> {
    this.calls.push({ op: 'refund', captureId, amount });
    return super.refund(captureId, amount);
  }

  ops(): string[] {
    return this.calls.map((call) => call.op);
  }
}

export function fakePorts(): PaymentPorts & { ledger: InMemoryPaymentLedger; provider: RecordingPaymentProvider } {
  return { ledger: new InMemoryPaymentLedger(), provider: new RecordingPaymentProvider() };
}
