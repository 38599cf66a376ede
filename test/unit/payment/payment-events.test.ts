import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { paymentKey } from '../../../services/payment/adapters/dynamodb-payment-ledger';
import { fakeAuthorizationId, fakeCaptureId } from '../../../services/payment/adapters/fake-payment-provider';
import {
  AuthorizePaymentInputSchema,
  CapturePaymentInputSchema,
  PaymentSchema,
  RefundPaymentInputSchema,
} from '../../../services/payment/schemas';
import { handler as authorizePaymentHandler } from '../../../services/payment/handlers/authorizePayment';
import { handler as capturePaymentHandler } from '../../../services/payment/handlers/capturePayment';
import { handler as refundPaymentHandler } from '../../../services/payment/handlers/refundPayment';
import { describeTaskEventFiles } from '../../support/events';
import { fakeContext } from '../../support/lambda-context';

/** Guards the sample events of `sls invoke local -f <function> -p events/<function>/<case>.json`. */
const ROOT = resolve(__dirname, '../../..');
const functions = {
  authorizePayment: { handler: authorizePaymentHandler, schema: AuthorizePaymentInputSchema },
  capturePayment: { handler: capturePaymentHandler, schema: CapturePaymentInputSchema },
  refundPayment: { handler: refundPaymentHandler, schema: RefundPaymentInputSchema },
};

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeAll(() => {
  process.env.PAYMENTS_TABLE = 'payments-events-test';
});
beforeEach(() => ddbMock.reset());

describeTaskEventFiles(functions, () => ddbMock.calls().length, fakeContext);

describe('events/seed.json PaymentsTable', () => {
  const seed = readJson(join(ROOT, 'events/seed.json')) as { PaymentsTable?: Record<string, unknown>[] };
  const items = seed.PaymentsTable ?? [];

  it('holds valid payment records under their key, with ids the fake provider would have issued', () => {
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      const payment = PaymentSchema.parse(item);
      expect(item.pk).toBe(paymentKey(payment.orderId).pk);
      if (payment.authorizationId) expect(payment.authorizationId).toBe(fakeAuthorizationId(payment.orderId));
      if (payment.captureId) expect(payment.captureId).toBe(fakeCaptureId(fakeAuthorizationId(payment.orderId)));
    }
  });

  it('seeds the orders the sample events rely on', () => {
    const byOrder = new Map(items.map((item) => [item.orderId, item.status]));
    const orderOf = (fn: string, file: string) =>
      (readJson(join(ROOT, 'events', fn, file)) as { orderId: string }).orderId;
    expect(byOrder.get(orderOf('capturePayment', 'valid.json'))).toBe('AUTHORIZED');
    expect(byOrder.get(orderOf('refundPayment', 'valid-refund-capture.json'))).toBe('CAPTURED');
    expect(byOrder.get(orderOf('refundPayment', 'valid-void-authorization.json'))).toBe('AUTHORIZED');
    expect(byOrder.has(orderOf('authorizePayment', 'valid.json'))).toBe(false);
    expect(byOrder.has(orderOf('capturePayment', 'error-nothing-authorized.json'))).toBe(false);
  });
});
