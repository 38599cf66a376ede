import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { paymentKey } from '../../../services/payment/adapters/dynamodb-payment-ledger';
import { fakeAuthorizationId, fakeCaptureId } from '../../../services/payment/adapters/fake-payment-provider';
import {
  AuthorizePaymentInputSchema,
  CapturePaymentInputSchema,
  PaymentSchema,
  RefundPaymentInputSchema,
} from '../../../services/payment/schemas';
import { eventCases } from '../../support/events';
import { fakeContext } from '../../support/lambda-context';

/** Guards the sample events of `sls invoke local -f <function> -p events/<function>/<case>.json`. */
const ROOT = resolve(__dirname, '../../..');
const functions: Record<string, z.ZodMiniType> = {
  authorizePayment: AuthorizePaymentInputSchema,
  capturePayment: CapturePaymentInputSchema,
  refundPayment: RefundPaymentInputSchema,
};

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeAll(() => {
  process.env.PAYMENTS_TABLE = 'payments-events-test';
});
beforeEach(() => ddbMock.reset());

describe.each(Object.entries(functions))('events/%s', (fn, schema) => {
  const cases = eventCases(fn);

  it('has at least one valid and one invalid case, and nothing else but error cases', () => {
    expect(cases.some(({ name }) => name.startsWith('valid'))).toBe(true);
    expect(cases.some(({ name }) => name.startsWith('invalid-'))).toBe(true);
    for (const { name } of cases) expect(name).toMatch(/^(valid|invalid-|error-)/);
  });

  it.each(cases.filter(({ name }) => !name.startsWith('invalid-')))('$name matches the input schema', ({ event }) => {
    expect(schema.safeParse(event).error).toBeUndefined();
  });

  it.each(cases.filter(({ name }) => name.startsWith('invalid-')))(
    '$name is rejected with a ValidationError and nothing is sent to DynamoDB',
    async ({ event }) => {
      expect(schema.safeParse(event).success).toBe(false);
      const module = (await import(`../../../services/payment/handlers/${fn}`)) as {
        handler: (event: unknown, context: Context) => Promise<unknown>;
      };
      await expect(module.handler(event, fakeContext())).rejects.toMatchObject({ name: 'ValidationError' });
      expect(ddbMock.calls()).toHaveLength(0);
    },
  );
});

describe('local/seed.json PaymentsTable', () => {
  const seed = readJson(join(ROOT, 'local/seed.json')) as { PaymentsTable?: Record<string, unknown>[] };
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
