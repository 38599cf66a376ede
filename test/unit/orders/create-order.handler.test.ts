import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { customerClaims } from 'offline-aws/http-api/event-spec';
import { WorkflowInputSchema } from '../../../services/orders/schemas';
import { fakeContext } from '../../support/lambda-context';
import { bodyOf, httpEvent } from './fixtures';

process.env.ORDERS_TABLE = 'orders-test';
process.env.ORDER_STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:order-processing-test';
process.env.REVIEW_THRESHOLD = '100000';
process.env.FULFILMENT_WINDOW_SECONDS = '300';

type Handler = typeof import('../../../services/orders/handlers/createOrder').handler;
let handler: Handler;
beforeAll(async () => {
  ({ handler } = await import('../../../services/orders/handlers/createOrder'));
});

const ddbMock = mockClient(DynamoDBDocumentClient);
const sfnMock = mockClient(SFNClient);
beforeEach(() => {
  ddbMock.reset();
  sfnMock.reset();
});

const CUSTOMER = 'cust_0042';
const validBody = {
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
};

const post = (
  body: unknown,
  headers: Record<string, string> = {},
  claims: Record<string, string> | null = customerClaims(CUSTOMER),
) => handler(httpEvent({ routeKey: 'POST /orders', path: '/orders', body, headers, claims }), fakeContext());

const ccf = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const connectionRefused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8083'), { code: 'ECONNREFUSED' });

describe('createOrder handler', () => {
  it('stores the order, starts the execution named by the order id and answers 202', async () => {
    ddbMock.on(PutCommand).resolves({});
    sfnMock.on(StartExecutionCommand).resolves({ executionArn: 'arn:x', startDate: new Date() });

    const result = await post(validBody);

    expect(result.statusCode).toBe(202);
    const body = bodyOf(result);
    expect(body).toEqual({ orderId: expect.stringMatching(/^ord_[0-9a-f]{32}$/), status: 'PENDING' });
    expect(result.headers).toMatchObject({ location: `/orders/${String(body.orderId)}` });

    const [put] = ddbMock.commandCalls(PutCommand);
    expect(put?.args[0].input).toMatchObject({
      TableName: 'orders-test',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: {
        pk: body.orderId,
        orderId: body.orderId,
        customerId: CUSTOMER,
        status: 'PENDING',
        total: { amount: 14997, currency: 'EUR' },
      },
    });
    const [start] = sfnMock.commandCalls(StartExecutionCommand);
    const input = start?.args[0].input;
    expect(input).toMatchObject({ stateMachineArn: process.env.ORDER_STATE_MACHINE_ARN, name: body.orderId });
    expect(WorkflowInputSchema.parse(JSON.parse(input?.input ?? '{}'))).toMatchObject({
      orderId: body.orderId,
      customerId: CUSTOMER,
      requiresReview: false,
      fulfilmentWindowSeconds: 300,
      paymentToken: 'tok_visa',
    });
  });

  it('answers a repeated Idempotency-Key with the same order, treating ExecutionAlreadyExists as success', async () => {
    ddbMock.on(PutCommand).resolves({});
    sfnMock.on(StartExecutionCommand).resolves({});
    const first = bodyOf(await post(validBody, { 'Idempotency-Key': 'checkout-1' }));
    const stored = ddbMock.commandCalls(PutCommand)[0]?.args[0].input.Item;

    ddbMock.reset();
    ddbMock.on(PutCommand).rejects(ccf()).on(GetCommand).resolves({ Item: stored });
    sfnMock.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    const second = await post(validBody, { 'idempotency-key': 'checkout-1' });

    expect(second.statusCode).toBe(202);
    expect(bodyOf(second)).toEqual(first);
  });

  it('answers 422 IdempotencyKeyReused for the same key with another body', async () => {
    ddbMock.on(PutCommand).resolves({});
    sfnMock.on(StartExecutionCommand).resolves({});
    await post(validBody, { 'idempotency-key': 'checkout-2' });
    const stored = ddbMock.commandCalls(PutCommand)[0]?.args[0].input.Item;

    ddbMock.reset();
    sfnMock.reset();
    ddbMock.on(PutCommand).rejects(ccf()).on(GetCommand).resolves({ Item: stored });
    const result = await post({ ...validBody, paymentToken: 'tok_mastercard' }, { 'idempotency-key': 'checkout-2' });

    expect(result.statusCode).toBe(422);
    expect(bodyOf(result)).toMatchObject({ error: 'IdempotencyKeyReused' });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('answers 503 WorkflowUnavailable with a clear message when Step Functions is not reachable', async () => {
    ddbMock.on(PutCommand).resolves({});
    sfnMock.on(StartExecutionCommand).rejects(connectionRefused());

    const result = await post(validBody, { 'idempotency-key': 'checkout-3' });

    expect(result.statusCode).toBe(503);
    const body = bodyOf(result);
    expect(body).toEqual({ error: 'WorkflowUnavailable', message: expect.any(String) });
    expect(body.message).toMatch(
      /^The order was stored \(PENDING\) but the order workflow could not be started: .*ECONNREFUSED.*\. Retry with the same Idempotency-Key\.$/,
    );
    expect(String(body.message)).not.toMatch(/\n\s+at /);
  });

  it('answers 500 without internals for any other Step Functions failure', async () => {
    ddbMock.on(PutCommand).resolves({});
    sfnMock.on(StartExecutionCommand).rejects(new Error('AccessDeniedException: not allowed'));
    const result = await post(validBody);
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({ error: 'InternalError', message: expect.any(String) });
  });

  it.each([
    ['missing items', { ...validBody, items: undefined }],
    ['no lines', { ...validBody, items: [] }],
    ['negative quantity', { ...validBody, items: [{ sku: 'SKU-MOUSE', quantity: -1, unitPrice: 2999 }] }],
    ['fractional price', { ...validBody, items: [{ sku: 'SKU-MOUSE', quantity: 1, unitPrice: 29.99 }] }],
    ['bad sku', { ...validBody, items: [{ sku: 'mouse', quantity: 1, unitPrice: 2999 }] }],
    ['unknown line field', { ...validBody, items: [{ sku: 'SKU-MOUSE', quantity: 1, unitPrice: 1, discount: 1 }] }],
    ['unknown currency', { ...validBody, currency: 'XYZ' }],
    ['unknown field', { ...validBody, coupon: 'FREE' }],
    ['bad payment token', { ...validBody, paymentToken: 'visa' }],
    ['window too long', { ...validBody, fulfilmentWindowSeconds: 8 * 24 * 3600 }],
    ['control characters', { ...validBody, shippingAddress: { ...validBody.shippingAddress, name: 'Max\u0000' } }],
    ['a customerId (the customer is the caller)', { customerId: 'cust_0001', ...validBody }],
    ['not an object', [validBody]],
  ])('answers 400 ValidationError for %s and writes nothing', async (_case, body) => {
    const result = await post(body);
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: 'ValidationError', issues: expect.any(Array) });
    expect(ddbMock.calls()).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('answers 400 for a malformed Idempotency-Key and writes nothing', async () => {
    const result = await post(validBody, { 'idempotency-key': 'has spaces!' });
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const result = await handler(
      httpEvent({ routeKey: 'POST /orders', path: '/orders', rawBody: '{"currency":' }),
      fakeContext(),
    );
    expect(result.statusCode).toBe(400);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('answers 413 for a body over 16 KiB before parsing it', async () => {
    const result = await post({ ...validBody, note: 'x'.repeat(17 * 1024) });
    expect(result.statusCode).toBe(413);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it.each([
    ['no authorizer context', null],
    ['claims without sub', { iss: 'https://issuer.example.com', scope: 'openid' }],
  ])('answers 401 Unauthorized for %s, before reading the body, and writes nothing', async (_case, claims) => {
    const result = await post({ not: 'even valid' }, {}, claims);
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toMatchObject({ error: 'Unauthorized' });
    expect(ddbMock.calls()).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('gives two customers using the same Idempotency-Key two different orders', async () => {
    ddbMock.on(PutCommand).resolves({});
    sfnMock.on(StartExecutionCommand).resolves({});
    const a = bodyOf(await post(validBody, { 'idempotency-key': 'checkout-9' }, customerClaims('cust_a')));
    const b = bodyOf(await post(validBody, { 'idempotency-key': 'checkout-9' }, customerClaims('cust_b')));
    expect(a.orderId).not.toBe(b.orderId);
    expect(ddbMock.commandCalls(PutCommand).map((c) => c.args[0].input.Item?.customerId)).toEqual(['cust_a', 'cust_b']);
  });
});
