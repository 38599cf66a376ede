import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { customerClaims } from 'offline-aws/http-api/event-spec';
import { reviewerClaims } from '../../../tools/offline/identity';
import { fakeContext } from '../../support/lambda-context';
import { anOrder, bodyOf, httpEvent, orderId } from './fixtures';

process.env.ORDERS_TABLE = 'orders-test';

type Handler = typeof import('../../../services/orders/handlers/getOrder').handler;
let getOrder: Handler;
let cancelOrder: Handler;
beforeAll(async () => {
  ({ handler: getOrder } = await import('../../../services/orders/handlers/getOrder'));
  ({ handler: cancelOrder } = await import('../../../services/orders/handlers/cancelOrder'));
});

const ddbMock = mockClient(DynamoDBDocumentClient);
beforeEach(() => ddbMock.reset());

const id = orderId(1);
const item = (overrides = {}) => ({ pk: id, ...anOrder({ reviewTaskToken: 'tt', requestHash: 'hh', ...overrides }) });

// Without `claims`, the events carry the token of the order's customer (cust_0001).
const get = (orderIdParam: string, claims?: Record<string, string> | null) =>
  getOrder(
    httpEvent({
      routeKey: 'GET /orders/{orderId}',
      path: `/orders/${orderIdParam}`,
      pathParameters: { orderId: orderIdParam },
      ...(claims === undefined ? {} : { claims }),
    }),
    fakeContext(),
  );
const cancel = (orderIdParam: string, claims?: Record<string, string> | null) =>
  cancelOrder(
    httpEvent({
      routeKey: 'POST /orders/{orderId}/cancel',
      path: `/orders/${orderIdParam}/cancel`,
      pathParameters: { orderId: orderIdParam },
      ...(claims === undefined ? {} : { claims }),
    }),
    fakeContext(),
  );

describe('getOrder handler', () => {
  it('answers 200 with the public view of the order', async () => {
    ddbMock.on(GetCommand).resolves({ Item: item() });
    const result = await get(id);
    expect(result.statusCode).toBe(200);
    const body = bodyOf(result);
    expect(body).toMatchObject({ orderId: id, status: 'PENDING', history: [{ status: 'PENDING' }] });
    expect(body).not.toHaveProperty('paymentToken');
    expect(body).not.toHaveProperty('reviewTaskToken');
    expect(body).not.toHaveProperty('requestHash');
    expect(body).not.toHaveProperty('pk');
    expect(ddbMock.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'orders-test',
      Key: { pk: id },
      ConsistentRead: true,
    });
  });

  it('answers 404 NotFound for an unknown order', async () => {
    ddbMock.on(GetCommand).resolves({});
    const result = await get(orderId(404));
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: 'NotFound' });
  });

  it("answers 404 for another customer's order, exactly as for an unknown one", async () => {
    ddbMock.on(GetCommand).resolves({ Item: item() });
    const foreign = await get(id, customerClaims('cust_0002'));
    ddbMock.on(GetCommand).resolves({});
    const unknown = await get(id, customerClaims('cust_0002'));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(unknown.body);
  });

  it('lets a reviewer read the order', async () => {
    ddbMock.on(GetCommand).resolves({ Item: item({ status: 'IN_REVIEW' }) });
    const result = await get(id, reviewerClaims('rev_0001'));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ orderId: id, customerId: 'cust_0001' });
  });

  it.each([
    ['no authorizer context', null],
    ['claims without sub', { iss: 'https://issuer.example.com' }],
  ])('answers 401 Unauthorized for %s and reads nothing', async (_case, claims) => {
    const result = await get(id, claims);
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toMatchObject({ error: 'Unauthorized' });
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it.each(['ORD-1', 'ord_123', `ord_${'A'.repeat(32)}`])(
    'answers 400 for the malformed id %s, reading nothing',
    async (bad) => {
      const result = await get(bad);
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result)).toMatchObject({ error: 'ValidationError' });
      expect(ddbMock.calls()).toHaveLength(0);
    },
  );
});

describe('cancelOrder handler', () => {
  it('records the request with a conditional update and answers 202', async () => {
    ddbMock.on(GetCommand).resolves({ Item: item({ status: 'CONFIRMED' }) });
    ddbMock.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
      Attributes: item({
        status: 'CONFIRMED',
        cancelRequestedAt: input.ExpressionAttributeValues[':cancelRequestedAt'],
      }),
    }));
    const result = await cancel(id);
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result)).toEqual({ orderId: id, status: 'CONFIRMED', cancelRequested: true });
    const update = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.ConditionExpression).toBe(
      '#status = :expectedStatus AND attribute_not_exists(#windowClosedAt) AND attribute_not_exists(#cancelRequestedAt)',
    );
  });

  it('answers 202 again without writing when the request was already recorded', async () => {
    ddbMock
      .on(GetCommand)
      .resolves({ Item: item({ status: 'CONFIRMED', cancelRequestedAt: '2026-11-25T10:00:00.000Z' }) });
    const result = await cancel(id);
    expect(result.statusCode).toBe(202);
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers 409 when the window closed in between (the conditional write lost)', async () => {
    ddbMock
      .on(GetCommand)
      .resolvesOnce({ Item: item({ status: 'CONFIRMED' }) })
      .resolves({ Item: item({ status: 'CONFIRMED', windowClosedAt: '2026-11-25T10:00:00.000Z' }) });
    ddbMock.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    const result = await cancel(id);
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toMatchObject({
      error: 'Conflict',
      message: expect.stringContaining('can no longer be cancelled'),
    });
  });

  it('answers 409 for a completed order', async () => {
    ddbMock.on(GetCommand).resolves({ Item: item({ status: 'COMPLETED' }) });
    const result = await cancel(id);
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toMatchObject({ error: 'Conflict', status: 'COMPLETED' });
  });

  it('answers 404 for an unknown order', async () => {
    ddbMock.on(GetCommand).resolves({});
    expect((await cancel(id)).statusCode).toBe(404);
  });

  it.each([
    ['another customer', customerClaims('cust_0002')],
    ['a reviewer', reviewerClaims('rev_0001')],
  ])('answers 404 to %s, as for an unknown order, and writes nothing', async (_case, claims) => {
    ddbMock.on(GetCommand).resolves({ Item: item({ status: 'CONFIRMED' }) });
    const result = await cancel(id, claims);
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toEqual({ error: 'NotFound', message: `Order ${id} was not found` });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('answers 401 without a token and touches nothing', async () => {
    const result = await cancel(id, null);
    expect(result.statusCode).toBe(401);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('answers 400 for a malformed id and touches nothing', async () => {
    const result = await cancel('nope');
    expect(result.statusCode).toBe(400);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it('answers 500 without internals when DynamoDB fails', async () => {
    ddbMock.on(GetCommand).rejects(new Error('ProvisionedThroughputExceeded at 10.0.0.1'));
    const result = await cancel(id);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('10.0.0.1');
  });
});
