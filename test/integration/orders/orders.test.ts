import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { customerClaims, reviewerClaims } from '../../../local/http-events';
import { OrderSchema, WorkflowInputSchema, type Order } from '../../../services/orders/schemas';
import { startTestStack, type TestStack } from '../../support/stack';
import { AwsStub } from './aws-stub';
import { httpEvent, json, type JsonResponse } from './http';
import { newOrderId } from '../../support/ids';

let stack: TestStack;
const aws = new AwsStub();
beforeAll(async () => {
  stack = await startTestStack();
  // Step Functions and SNS are not part of the embedded stack: the stub stands in for both.
  const endpoint = await aws.start();
  process.env.AWS_ENDPOINT_URL_SFN = endpoint;
  process.env.AWS_ENDPOINT_URL_SNS = endpoint;
});
afterAll(async () => {
  await aws.stop();
  await stack.stop();
});

const table = () => stack.tableName('OrdersTable');

async function stored(orderId: string): Promise<Order | undefined> {
  const { Item } = await stack.documentClient.send(
    new GetCommand({ TableName: table(), Key: { pk: orderId }, ConsistentRead: true }),
  );
  return Item ? OrderSchema.parse(Item) : undefined;
}

async function storedOrFail(orderId: string): Promise<Order> {
  const order = await stored(orderId);
  if (!order) throw new Error(`order ${orderId} is not in the table`);
  return order;
}

async function http(fn: string, ...args: Parameters<typeof httpEvent>): Promise<JsonResponse> {
  return json(await stack.invoke<APIGatewayProxyStructuredResultV2>(fn, httpEvent(...args)));
}

/** The customer of the orders this file creates or stores; tokens are as API Gateway's JWT authorizer passes them. */
const CUSTOMER = 'cust_it';
const asCustomer = (sub = CUSTOMER) => customerClaims(sub);
const RISK_TEAM = reviewerClaims('risk-team');

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  currency: 'EUR',
  items: [
    { sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 },
    { sku: 'SKU-MOUSE', quantity: 2, unitPrice: 2999 },
  ],
  paymentToken: 'tok_visa',
  shippingAddress: {
    name: 'Max Mustermann',
    line1: 'Unter den Linden 5',
    city: 'Berlin',
    postalCode: '10117',
    country: 'DE',
  },
  ...overrides,
});

const create = (body: unknown, key?: string, claims = asCustomer()) =>
  http('createOrder', 'POST /orders', undefined, body, key ? { 'Idempotency-Key': key } : {}, claims);
const getOrder = (orderId: string, claims = asCustomer()) =>
  http('getOrder', 'GET /orders/{orderId}', { orderId }, undefined, {}, claims);
const cancel = (orderId: string, claims = asCustomer()) =>
  http('cancelOrder', 'POST /orders/{orderId}/cancel', { orderId }, undefined, {}, claims);
const review = (orderId: string, body: unknown, claims = RISK_TEAM) =>
  http('submitReview', 'POST /orders/{orderId}/review', { orderId }, body, {}, claims);
const setStatus = (input: Record<string, unknown>) => stack.invoke<Record<string, unknown>>('updateOrderStatus', input);

/** Stores an order directly, in a given state (for the Task functions). */
async function givenOrder(overrides: Partial<Order> = {}): Promise<Order> {
  const now = new Date().toISOString();
  const order: Order = {
    orderId: newOrderId(),
    customerId: CUSTOMER,
    status: 'PENDING',
    items: [{ sku: 'SKU-MONITOR', quantity: 4, unitPrice: 34900 }],
    total: { amount: 139600, currency: 'EUR' },
    paymentToken: 'tok_visa',
    shippingAddress: {
      name: 'Erika Mustermann',
      line1: 'Heidestrasse 17',
      city: 'Köln',
      postalCode: '51147',
      country: 'DE',
    },
    fulfilmentWindowSeconds: 0,
    requiresReview: true,
    createdAt: now,
    updatedAt: now,
    history: [{ status: 'PENDING', at: now }],
    ...overrides,
  };
  await stack.documentClient.send(new PutCommand({ TableName: table(), Item: { pk: order.orderId, ...order } }));
  return order;
}

describe('createOrder against DynamoDB Local', () => {
  it('stores the order PENDING, starts one execution, and answers a repeat with the same order', async () => {
    const body = orderBody();
    const key = `it-${randomUUID()}`;
    const first = await create(body, key);
    expect(first.statusCode).toBe(202);
    const orderId = String(first.body.orderId);
    expect(first.body).toEqual({ orderId, status: 'PENDING' });
    expect(first.headers.location).toBe(`/orders/${orderId}`);

    const order = await storedOrFail(orderId);
    expect(order).toMatchObject({ status: 'PENDING', total: { amount: 14997, currency: 'EUR' }, idempotencyKey: key });
    const starts = aws.callsOf('sfn', 'StartExecution').filter((c) => c.params.name === orderId);
    expect(starts).toHaveLength(1);
    expect(starts[0]?.params.stateMachineArn).toBe(process.env.ORDER_STATE_MACHINE_ARN);
    expect(WorkflowInputSchema.parse(JSON.parse(String(starts[0]?.params.input)))).toMatchObject({
      orderId,
      requiresReview: false,
      fulfilmentWindowSeconds: 300,
    });

    const again = await create(body, key);
    expect(again).toMatchObject({ statusCode: 202, body: { orderId, status: 'PENDING' } });
    expect((await storedOrFail(orderId)).createdAt).toBe(order.createdAt);
    const { Items = [] } = await stack.documentClient.send(
      new ScanCommand({
        TableName: table(),
        FilterExpression: 'idempotencyKey = :k',
        ExpressionAttributeValues: { ':k': key },
      }),
    );
    expect(Items).toHaveLength(1);

    const reused = await create({ ...body, paymentToken: 'tok_mastercard' }, key);
    expect(reused).toMatchObject({ statusCode: 422, body: { error: 'IdempotencyKeyReused' } });
  });

  it('flags a high-value order for review and keeps the requested fulfilment window', async () => {
    const result = await create(
      orderBody({ items: [{ sku: 'SKU-MONITOR', quantity: 3, unitPrice: 34900 }], fulfilmentWindowSeconds: 5 }),
    );
    const order = await storedOrFail(String(result.body.orderId));
    expect(order).toMatchObject({ requiresReview: true, fulfilmentWindowSeconds: 5, total: { amount: 104700 } });
  });

  it('answers 503 with a clear message when the workflow is unreachable, and a retry with the key starts it', async () => {
    const body = orderBody();
    const key = `it-${randomUUID()}`;
    aws.sfnDown = true;
    let down: JsonResponse;
    try {
      down = await create(body, key);
    } finally {
      aws.sfnDown = false;
    }
    expect(down.statusCode).toBe(503);
    expect(down.body.error).toBe('WorkflowUnavailable');
    expect(String(down.body.message)).toMatch(
      /^The order was stored \(PENDING\) but the order workflow could not be started: .+\. Retry with the same Idempotency-Key\.$/,
    );

    const retry = await create(body, key);
    expect(retry.statusCode).toBe(202);
    const orderId = String(retry.body.orderId);
    expect((await storedOrFail(orderId)).status).toBe('PENDING');
    expect(aws.callsOf('sfn', 'StartExecution').filter((c) => c.params.name === orderId)).toHaveLength(1);
  });

  it('rejects invalid input with 400 and stores nothing', async () => {
    const customerId = `cust_${randomUUID().slice(0, 8)}`;
    const result = await create(
      orderBody({ items: [{ sku: 'SKU-MOUSE', quantity: -1, unitPrice: 1 }] }),
      undefined,
      asCustomer(customerId),
    );
    expect(result).toMatchObject({ statusCode: 400, body: { error: 'ValidationError' } });
    const { Items = [] } = await stack.documentClient.send(
      new ScanCommand({
        TableName: table(),
        FilterExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
      }),
    );
    expect(Items).toHaveLength(0);
  });
});

describe('getOrder against DynamoDB Local', () => {
  it('returns a seeded order without its secrets', async () => {
    const result = await getOrder('ord_seed0000000000000000000000000001', asCustomer('cust_0001'));
    expect(result.statusCode).toBe(200);
    expect(result.body).toMatchObject({ orderId: 'ord_seed0000000000000000000000000001', history: expect.any(Array) });
    expect(result.body).not.toHaveProperty('paymentToken');
    expect(result.body).not.toHaveProperty('requestHash');
  });

  it('answers 404 for an unknown order and 400 for a malformed id', async () => {
    expect((await getOrder(newOrderId())).statusCode).toBe(404);
    expect((await getOrder('ord_nope')).statusCode).toBe(400);
  });
});

describe('who may do what, against DynamoDB Local', () => {
  it("records the caller as the order's customer; the body cannot name another", async () => {
    const sub = `cust_${randomUUID().slice(0, 8)}`;
    const created = await create(orderBody(), undefined, asCustomer(sub));
    expect(created.statusCode).toBe(202);
    expect((await storedOrFail(String(created.body.orderId))).customerId).toBe(sub);
    expect(await create({ customerId: 'cust_victim', ...orderBody() }, undefined, asCustomer(sub))).toMatchObject({
      statusCode: 400,
      body: { error: 'ValidationError' },
    });
  });

  it("customer A can neither read, cancel nor review customer B's order, which stays untouched", async () => {
    const token = `token-${randomUUID()}`;
    const { orderId } = await givenOrder({ customerId: 'cust_b', status: 'IN_REVIEW', reviewTaskToken: token });
    aws.openTokens.add(token);
    const before = await storedOrFail(orderId);
    const customerA = asCustomer('cust_a');

    const notFound = { statusCode: 404, body: { error: 'NotFound', message: `Order ${orderId} was not found` } };
    expect(await getOrder(orderId, customerA)).toMatchObject(notFound);
    expect(await cancel(orderId, customerA)).toMatchObject(notFound);
    expect(await review(orderId, { decision: 'approve' }, customerA)).toMatchObject({
      statusCode: 403,
      body: { error: 'Forbidden' },
    });
    // The same answers as for an order that does not exist: nothing tells A that B's order is there.
    const unknownId = newOrderId();
    expect((await getOrder(unknownId, customerA)).body.message).toBe(`Order ${unknownId} was not found`);

    expect(await storedOrFail(orderId)).toEqual(before);
    expect(aws.calls.filter((c) => c.params.taskToken === token)).toHaveLength(0);
    expect((await getOrder(orderId, asCustomer('cust_b'))).statusCode).toBe(200);
  });

  it('a reviewer cannot decide on their own order (403), another reviewer can', async () => {
    const token = `token-${randomUUID()}`;
    const { orderId } = await givenOrder({ customerId: 'rev_shopper', status: 'IN_REVIEW', reviewTaskToken: token });
    aws.openTokens.add(token);
    expect(await review(orderId, { decision: 'approve' }, reviewerClaims('rev_shopper'))).toMatchObject({
      statusCode: 403,
      body: { error: 'Forbidden' },
    });
    expect((await storedOrFail(orderId)).review).toBeUndefined();
    expect(await review(orderId, { decision: 'approve' })).toMatchObject({ statusCode: 200 });
    expect((await storedOrFail(orderId)).review).toMatchObject({ decision: 'approve', reviewer: 'risk-team' });
  });

  it('answers 401 to every route without a token, and reads or writes nothing', async () => {
    const { orderId } = await givenOrder({ status: 'IN_REVIEW', reviewTaskToken: `token-${randomUUID()}` });
    const before = await storedOrFail(orderId);
    const anonymous = [
      await http('createOrder', 'POST /orders', undefined, orderBody()),
      await http('getOrder', 'GET /orders/{orderId}', { orderId }),
      await http('cancelOrder', 'POST /orders/{orderId}/cancel', { orderId }),
      await http('submitReview', 'POST /orders/{orderId}/review', { orderId }, { decision: 'approve' }),
    ];
    for (const answer of anonymous) expect(answer).toMatchObject({ statusCode: 401, body: { error: 'Unauthorized' } });
    expect(await storedOrFail(orderId)).toEqual(before);
  });
});

describe('the review and cancellation lifecycle against DynamoDB Local', () => {
  it('holds for review, approves once, confirms, and honours a cancellation made before the window closed', async () => {
    const { orderId } = await givenOrder();
    const token = `token-${randomUUID()}`;

    await expect(stack.invoke('requestReview', { orderId, taskToken: token })).resolves.toEqual({
      orderId,
      status: 'IN_REVIEW',
    });
    await stack.invoke('requestReview', { orderId, taskToken: token });
    const publishes = aws.callsOf('sns', 'Publish').filter((c) => String(c.params.Message).includes(orderId));
    expect(publishes).toHaveLength(1);
    expect(JSON.parse(String(publishes[0]?.params.Message))).toMatchObject({ type: 'ReviewRequested', orderId });
    expect(publishes[0]?.params['MessageAttributes.entry.1.Name']).toBe('eventType');
    expect(await storedOrFail(orderId)).toMatchObject({ status: 'IN_REVIEW', reviewTaskToken: token });
    expect((await getOrder(orderId)).body).not.toHaveProperty('reviewTaskToken');

    aws.openTokens.add(token);
    expect(await review(orderId, { decision: 'approve' })).toMatchObject({
      statusCode: 200,
      body: { orderId, decision: 'approve' },
    });
    const success = aws.callsOf('sfn', 'SendTaskSuccess').filter((c) => c.params.taskToken === token);
    expect(success).toHaveLength(1);
    expect(JSON.parse(String(success[0]?.params.output))).toEqual({ decision: 'approve', reviewer: 'risk-team' });
    expect(await review(orderId, { decision: 'reject' }, reviewerClaims('someone-else'))).toMatchObject({
      statusCode: 409,
    });

    await expect(setStatus({ orderId, status: 'CONFIRMED' })).resolves.toEqual({
      orderId,
      status: 'CONFIRMED',
      cancelRequested: false,
    });
    expect(await cancel(orderId)).toMatchObject({
      statusCode: 202,
      body: { orderId, status: 'CONFIRMED', cancelRequested: true },
    });
    expect(await cancel(orderId)).toMatchObject({ statusCode: 202, body: { cancelRequested: true } });

    await expect(setStatus({ orderId, status: 'CONFIRMED', closeFulfilmentWindow: true })).resolves.toMatchObject({
      cancelRequested: true,
    });
    await expect(
      setStatus({ orderId, status: 'CANCELLED', reason: 'cancelled at your request' }),
    ).resolves.toMatchObject({
      status: 'CANCELLED',
    });
    await expect(
      setStatus({ orderId, status: 'CANCELLED', reason: 'cancelled at your request' }),
    ).resolves.toMatchObject({
      status: 'CANCELLED',
    });
    await expect(setStatus({ orderId, status: 'COMPLETED' })).rejects.toMatchObject({
      name: 'InvalidStatusTransition',
    });

    const order = await storedOrFail(orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', reason: 'cancelled at your request' });
    expect(order.history.map((h) => [h.status, h.reason])).toEqual([
      ['PENDING', undefined],
      ['IN_REVIEW', 'manual review requested'],
      ['IN_REVIEW', 'review: approve by risk-team'],
      ['CONFIRMED', undefined],
      ['CONFIRMED', 'cancellation requested'],
      ['CONFIRMED', 'fulfilment window closed'],
      ['CANCELLED', 'cancelled at your request'],
    ]);
  });

  it('answers 409 to a review whose window has closed', async () => {
    const { orderId } = await givenOrder({ status: 'IN_REVIEW', reviewTaskToken: `expired-${randomUUID()}` });
    const result = await review(orderId, { decision: 'reject' }, reviewerClaims('late-reviewer'));
    expect(result).toMatchObject({
      statusCode: 409,
      body: { message: expect.stringContaining('review window has closed') },
    });
  });

  it('refuses a cancellation after the window closed, and reports none to the workflow', async () => {
    const { orderId } = await givenOrder({ status: 'CONFIRMED' });
    await expect(setStatus({ orderId, status: 'CONFIRMED', closeFulfilmentWindow: true })).resolves.toMatchObject({
      cancelRequested: false,
    });
    expect(await cancel(orderId)).toMatchObject({ statusCode: 409, body: { error: 'Conflict' } });
    expect((await storedOrFail(orderId)).cancelRequestedAt).toBeUndefined();
  });

  it('makes a cancellation and a concurrent window close agree, every time', async () => {
    for (let round = 0; round < 10; round += 1) {
      const { orderId } = await givenOrder({ status: 'CONFIRMED' });
      const [cancelled, closed] = await Promise.all([
        cancel(orderId),
        setStatus({ orderId, status: 'CONFIRMED', closeFulfilmentWindow: true }),
      ]);
      const order = await storedOrFail(orderId);
      expect(order.windowClosedAt).toBeDefined();
      if (cancelled.statusCode === 202) {
        expect(closed.cancelRequested).toBe(true);
        expect(order.cancelRequestedAt).toBeDefined();
      } else {
        expect(cancelled.statusCode).toBe(409);
        expect(closed.cancelRequested).toBe(false);
        expect(order.cancelRequestedAt).toBeUndefined();
      }
    }
  });

  it('rejects a malformed Task input with a ValidationError', async () => {
    await expect(setStatus({ orderId: newOrderId(), status: 'SHIPPED' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await expect(stack.invoke('requestReview', { orderId: newOrderId() })).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });
});
