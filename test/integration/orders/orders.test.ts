/** createOrder and getOrder through the real handlers, against DynamoDB Local. */
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { WorkflowInputSchema } from '../../../services/orders/schemas';
import type { JsonResponse } from './http';
import { newOrderId } from '../../support/ids';
import {
  asCustomer,
  aws,
  create,
  getOrder,
  orderBody,
  storedOrFail,
  stack,
  table,
  useOrdersStack,
} from './orders-harness';

useOrdersStack();

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
