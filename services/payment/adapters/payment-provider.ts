import type { PaymentProvider } from '../domain/payment';
import { FakePaymentProvider } from './fake-payment-provider';

let provider: PaymentProvider | undefined;

/**
 * The provider the handlers use. This reference app ships only the fake (deterministic test
 * tokens); a real provider adapter implementing the same port would be chosen here.
 */
export function paymentProvider(): PaymentProvider {
  provider ??= new FakePaymentProvider();
  return provider;
}
