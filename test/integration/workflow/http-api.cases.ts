/**
 * Registered by scenarios.test.ts, on its stack. The HTTP front door driving real executions: createOrder starts the workflow, getOrder shows its
 * history, submitReview resumes a waiting execution (approve and reject), cancelOrder is honoured
 * during the fulfilment window and refused after it. Every call carries the claims API Gateway's
 * JWT authorizer passes: customers act on their own orders only, reviewers decide reviews.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiGatewayEvent, customerClaims } from 'offline-aws/http-api/event-spec';
import { reviewerClaims } from '../../../tools/offline/identity';
import type { Runtime } from 'offline-aws/runtime';
import type { Execution } from 'offline-aws/engine/runner';
import { SHIPPING_ADDRESS } from '../../support/orders';

/** The stack the registered tests run on (set by the registering test file, started in its beforeAll). */
let current: () => Runtime = () => {
  throw new Error('http-api.cases.ts: register the tests with httpApiWorkflowTests() first');
};

const address = SHIPPING_ADDRESS;
/** Customers and a reviewer, as their tokens' claims. */
const CUSTOMER = customerClaims('cust_http');
const OTHER_CUSTOMER = customerClaims('cust_other');
const REVIEWER = reviewerClaims('risk-team');

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  currency: 'EUR',
  items: [{ sku: 'SKU-HEADSET', quantity: 1, unitPrice: 4999 }],
  paymentToken: 'tok_visa',
  shippingAddress: address,
  fulfilmentWindowSeconds: 0,
  ...overrides,
});

interface Answer {
  statusCode: number;
  body: Record<string, unknown>;
}

async function call(functionName: string, event: unknown): Promise<Answer> {
  const response = (await current().invoke(functionName, event)) as APIGatewayProxyStructuredResultV2;
  return {
    statusCode: response.statusCode ?? 0,
    body: JSON.parse(String(response.body ?? 'null')) as Record<string, unknown>,
  };
}

/** A token's claims; `null` for a request without one. */
type Claims = Record<string, string> | null;
const auth = (claims: Claims) => (claims ? { claims } : {});

const createOrder = (body: unknown, headers: Record<string, string> = {}, claims: Claims = CUSTOMER) =>
  call('createOrder', apiGatewayEvent({ method: 'POST', route: '/orders', body, headers, ...auth(claims) }));
const getOrder = (orderId: string, claims: Claims = CUSTOMER) =>
  call(
    'getOrder',
    apiGatewayEvent({ method: 'GET', route: '/orders/{orderId}', pathParameters: { orderId }, ...auth(claims) }),
  );
const cancelOrder = (orderId: string, claims: Claims = CUSTOMER) =>
  call(
    'cancelOrder',
    apiGatewayEvent({
      method: 'POST',
      route: '/orders/{orderId}/cancel',
      pathParameters: { orderId },
      ...auth(claims),
    }),
  );
const submitReview = (orderId: string, body: unknown, claims: Claims = REVIEWER) =>
  call(
    'submitReview',
    apiGatewayEvent({
      method: 'POST',
      route: '/orders/{orderId}/review',
      pathParameters: { orderId },
      body,
      ...auth(claims),
    }),
  );

function executionOf(orderId: string): Execution {
  const execution = current()
    .runner.listExecutions()
    .find((e) => e.name === orderId);
  if (!execution) throw new Error(`no execution for ${orderId}`);
  return execution;
}

/** Polls until the order reaches a status (the workflow runs in the background). */
async function waitForStatus(orderId: string, status: string, claims: Claims = CUSTOMER): Promise<Answer> {
  for (let i = 0; i < 200; i += 1) {
    const answer = await getOrder(orderId, claims);
    if (answer.body.status === status) return answer;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`order ${orderId} never reached ${status}`);
}

/**
 * Registers the HTTP API tests that may run concurrently (it.concurrent), in the caller's describe
 * block: each places orders of its own, and one waits out a real 10 s fulfilment window.
 * @param runtime the embedded stack, started by the caller (review timeout 10 s, real Wait states)
 */
export function httpApiWorkflowTests(runtime: () => Runtime): void {
  current = runtime;
  // First: it waits out a real 10 s window, the rest run beside it (at most 5 tests at a time).
  it.concurrent('cancelOrder during the fulfilment window compensates; after it, it is refused', async () => {
    // A window cancelOrder's first call fits in, cold start included (seconds on a busy machine).
    const created = await createOrder(orderBody({ fulfilmentWindowSeconds: 10 }));
    const orderId = String(created.body.orderId);
    await waitForStatus(orderId, 'CONFIRMED');
    const cancelled = await cancelOrder(orderId);
    expect(cancelled).toMatchObject({ statusCode: 202, body: { orderId, cancelRequested: true } });
    const execution = executionOf(orderId);
    await execution.completion;
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OrderCancelled' });
    expect((await getOrder(orderId)).body.status).toBe('CANCELLED');

    const completed = await createOrder(orderBody());
    const completedId = String(completed.body.orderId);
    await executionOf(completedId).completion;
    expect((await cancelOrder(completedId)).statusCode).toBe(409);
  });

  it.concurrent('createOrder starts the execution named by the order id; getOrder shows its history', async () => {
    const created = await createOrder(orderBody());
    expect(created.statusCode).toBe(202);
    const orderId = String(created.body.orderId);
    expect(created.body.status).toBe('PENDING');

    const execution = executionOf(orderId);
    expect(execution.input).toMatchObject({ orderId, requiresReview: false, total: { amount: 4999, currency: 'EUR' } });
    await execution.completion;
    expect(execution.status).toBe('SUCCEEDED');

    const order = await getOrder(orderId);
    expect(order.statusCode).toBe(200);
    expect(order.body).toMatchObject({ orderId, status: 'COMPLETED', customerId: 'cust_http' });
    expect((order.body.history as { status: string }[]).map((h) => h.status)).toEqual(
      expect.arrayContaining(['PENDING', 'CONFIRMED', 'COMPLETED']),
    );
    expect(order.body).not.toHaveProperty('paymentToken');
    expect(order.body).not.toHaveProperty('reviewTaskToken');
  });

  it.concurrent('the same Idempotency-Key gives the same order and one execution', async () => {
    const body = orderBody();
    const first = await createOrder(body, { 'idempotency-key': 'http-test-key-1' });
    const second = await createOrder(body, { 'idempotency-key': 'http-test-key-1' });
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    expect(second.body.orderId).toBe(first.body.orderId);
    expect(
      current()
        .runner.listExecutions()
        .filter((e) => e.name === first.body.orderId),
    ).toHaveLength(1);
    await executionOf(String(first.body.orderId)).completion;

    const reused = await createOrder(orderBody({ currency: 'GBP' }), {
      'idempotency-key': 'http-test-key-1',
    });
    expect(reused.statusCode).toBe(422);
  });

  it.concurrent('submitReview approve resumes the waiting execution, which completes', async () => {
    const created = await createOrder(orderBody({ items: [{ sku: 'SKU-MONITOR', quantity: 1, unitPrice: 250_000 }] }));
    const orderId = String(created.body.orderId);
    await waitForStatus(orderId, 'IN_REVIEW');
    const review = await submitReview(orderId, { decision: 'approve' });
    expect(review).toMatchObject({ statusCode: 200, body: { orderId, decision: 'approve' } });
    const execution = executionOf(orderId);
    await execution.completion;
    expect(execution.status).toBe('SUCCEEDED');
    expect((await getOrder(orderId)).body).toMatchObject({
      status: 'COMPLETED',
      review: { decision: 'approve', reviewer: 'risk-team' },
    });

    // The same decision again (a retry after a lost answer) answers the recorded review; a different one is refused.
    expect(await submitReview(orderId, { decision: 'approve' })).toMatchObject({
      statusCode: 200,
      body: { orderId, decision: 'approve', reviewer: 'risk-team', at: review.body.at },
    });
    expect((await submitReview(orderId, { decision: 'reject' }, reviewerClaims('someone-else'))).statusCode).toBe(409);
  });

  it.concurrent('submitReview reject fails the waiting execution with OrderRejected', async () => {
    const created = await createOrder(orderBody({ items: [{ sku: 'SKU-MONITOR', quantity: 1, unitPrice: 250_000 }] }));
    const orderId = String(created.body.orderId);
    await waitForStatus(orderId, 'IN_REVIEW');
    const review = await submitReview(orderId, { decision: 'reject', comment: 'velocity check' });
    expect(review.statusCode).toBe(200);
    const execution = executionOf(orderId);
    await execution.completion;
    expect(execution).toMatchObject({ status: 'FAILED', error: 'OrderRejected' });
    expect((await getOrder(orderId)).body.status).toBe('REJECTED');
  });

  it.concurrent('submitReview answers 409 when the order is not waiting for a review', async () => {
    const created = await createOrder(orderBody());
    const orderId = String(created.body.orderId);
    await executionOf(orderId).completion;
    expect((await submitReview(orderId, { decision: 'approve' })).statusCode).toBe(409);
  });

  it.concurrent('answers 404 for an unknown order and 400 for a malformed id', async () => {
    expect((await getOrder(`ord_${'f'.repeat(32)}`)).statusCode).toBe(404);
    expect((await getOrder('not-an-order')).statusCode).toBe(400);
    expect((await cancelOrder(`ord_${'f'.repeat(32)}`)).statusCode).toBe(404);
  });
}

/** Registers the HTTP API security tests (one after another: the last counts every execution). */
export function httpApiSecurityTests(runtime: () => Runtime): void {
  current = runtime;
  describe('HTTP API security with the workflow', () => {
    it("customer A can neither read, cancel nor review customer B's order; B's order completes untouched", async () => {
      const created = await createOrder(orderBody({ fulfilmentWindowSeconds: 1 }), {}, OTHER_CUSTOMER);
      const orderId = String(created.body.orderId);
      await waitForStatus(orderId, 'CONFIRMED', OTHER_CUSTOMER);

      const notFound = { statusCode: 404, body: { error: 'NotFound', message: `Order ${orderId} was not found` } };
      expect(await getOrder(orderId, CUSTOMER)).toMatchObject(notFound);
      expect(await cancelOrder(orderId, CUSTOMER)).toMatchObject(notFound);
      expect(await submitReview(orderId, { decision: 'reject' }, CUSTOMER)).toMatchObject({
        statusCode: 403,
        body: { error: 'Forbidden' },
      });

      const execution = executionOf(orderId);
      await execution.completion;
      expect(execution.status).toBe('SUCCEEDED');
      const order = await getOrder(orderId, OTHER_CUSTOMER);
      expect(order.body).toMatchObject({ status: 'COMPLETED', customerId: 'cust_other' });
      expect(order.body).not.toHaveProperty('cancelRequestedAt');
    });

    it('a customer cannot approve a review; the reviewer then resumes the waiting execution', async () => {
      const created = await createOrder(
        orderBody({ items: [{ sku: 'SKU-MONITOR', quantity: 1, unitPrice: 250_000 }] }),
      );
      const orderId = String(created.body.orderId);
      await waitForStatus(orderId, 'IN_REVIEW');

      // Neither the order's own customer nor another one may decide: 403, and the execution keeps waiting.
      for (const customer of [CUSTOMER, OTHER_CUSTOMER]) {
        expect(await submitReview(orderId, { decision: 'approve' }, customer)).toMatchObject({
          statusCode: 403,
          body: { error: 'Forbidden' },
        });
      }
      const execution = executionOf(orderId);
      expect(execution.status).toBe('RUNNING');
      expect((await getOrder(orderId)).body).not.toHaveProperty('review');

      // A reviewer can read the order they decide on, and their decision resumes the execution.
      expect((await getOrder(orderId, REVIEWER)).body).toMatchObject({ orderId, status: 'IN_REVIEW' });
      expect(await submitReview(orderId, { decision: 'approve', comment: 'known customer' })).toMatchObject({
        statusCode: 200,
        body: { orderId, decision: 'approve' },
      });
      await execution.completion;
      expect(execution.status).toBe('SUCCEEDED');
      expect((await getOrder(orderId)).body).toMatchObject({
        status: 'COMPLETED',
        review: {
          decision: 'approve',
          reviewer: 'risk-team',
          reviewerUsername: 'risk-team',
          comment: 'known customer',
        },
      });
    });

    it('a reviewer cannot review their own order', async () => {
      const reviewerAsCustomer = reviewerClaims('cust_staff');
      const created = await createOrder(
        orderBody({ items: [{ sku: 'SKU-MONITOR', quantity: 1, unitPrice: 250_000 }] }),
        {},
        reviewerAsCustomer,
      );
      const orderId = String(created.body.orderId);
      await waitForStatus(orderId, 'IN_REVIEW', reviewerAsCustomer);
      expect(await submitReview(orderId, { decision: 'approve' }, reviewerAsCustomer)).toMatchObject({
        statusCode: 403,
        body: { error: 'Forbidden', message: expect.stringContaining('your own order') },
      });
      expect(await submitReview(orderId, { decision: 'reject', comment: 'not for staff' })).toMatchObject({
        statusCode: 200,
      });
      const execution = executionOf(orderId);
      await execution.completion;
      expect(execution).toMatchObject({ status: 'FAILED', error: 'OrderRejected' });
    });

    it('answers 401 without a token on every route and starts nothing', async () => {
      const executions = current().runner.listExecutions().length;
      const orderId = `ord_${'e'.repeat(32)}`;
      const answers = [
        await createOrder(orderBody(), {}, null),
        await getOrder(orderId, null),
        await cancelOrder(orderId, null),
        await submitReview(orderId, { decision: 'approve' }, null),
      ];
      for (const answer of answers) expect(answer).toMatchObject({ statusCode: 401, body: { error: 'Unauthorized' } });
      expect(current().runner.listExecutions()).toHaveLength(executions);
    });
  });
}
