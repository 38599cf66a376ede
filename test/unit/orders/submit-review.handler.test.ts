import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { customerClaims, jwtClaims } from 'offline-aws/http-api/event-spec';
import { reviewerClaims } from '../../../tools/offline/identity';
import { fakeContext } from '../../support/lambda-context';
import { anOrder, bodyOf, httpEvent, orderId } from './fixtures';

process.env.ORDERS_TABLE = 'orders-test';

type Handler = typeof import('../../../services/orders/handlers/submitReview').handler;
let handler: Handler;
beforeAll(async () => {
  ({ handler } = await import('../../../services/orders/handlers/submitReview'));
});

const ddbMock = mockClient(DynamoDBDocumentClient);
const sfnMock = mockClient(SFNClient);

const id = orderId(6);
const TOKEN = 'task-token-6';
const inReview = {
  pk: id,
  ...anOrder({ orderId: id, status: 'IN_REVIEW', reviewTaskToken: TOKEN, requiresReview: true }),
};

beforeEach(() => {
  ddbMock.reset();
  sfnMock.reset();
  ddbMock.on(GetCommand).resolves({ Item: inReview });
  ddbMock.on(UpdateCommand).callsFake((input: { ExpressionAttributeValues: Record<string, unknown> }) => ({
    Attributes: { ...inReview, review: input.ExpressionAttributeValues[':review'] },
  }));
});

/** The reviewer's token: sub rev_0001, user name ana.lima, the orders/review scope and the reviewers group. */
const ANA = jwtClaims({
  sub: 'rev_0001',
  username: 'ana.lima',
  email: 'ana.lima@example.com',
  scopes: ['orders/review'],
  groups: ['reviewers'],
});

/** Another reviewer (by group only). */
const BEN = jwtClaims({ sub: 'rev_0002', username: 'ben', groups: ['reviewers'] });
const ANAS_REVIEW = {
  decision: 'approve',
  reviewer: 'rev_0001',
  reviewerUsername: 'ana.lima',
  reviewerEmail: 'ana.lima@example.com',
};
const AT = '2026-11-25T10:00:00.000Z';
/** Ana's approval as stored on the order. */
const RECORDED = { ...ANAS_REVIEW, at: AT };

const review = (body: unknown, orderIdParam = id, claims: Record<string, string> | null = ANA) =>
  handler(
    httpEvent({
      routeKey: 'POST /orders/{orderId}/review',
      path: `/orders/${orderIdParam}/review`,
      pathParameters: { orderId: orderIdParam },
      body,
      claims,
    }),
    fakeContext(),
  );

describe('submitReview handler', () => {
  it('approves: stores the review conditionally, sends task success and answers 200', async () => {
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    const result = await review({ decision: 'approve' });
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ orderId: id, ...ANAS_REVIEW, at: expect.any(String) });
    const update = ddbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(update?.ConditionExpression).toBe(
      '#status = :expectedStatus AND attribute_not_exists(#review) AND #reviewTaskToken = :expectedToken',
    );
    // The reviewer is the token's, never the body's.
    expect(update?.ExpressionAttributeValues?.[':review']).toEqual({
      decision: 'approve',
      reviewer: 'rev_0001',
      reviewerUsername: 'ana.lima',
      reviewerEmail: 'ana.lima@example.com',
      at: expect.any(String),
    });
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({
      taskToken: TOKEN,
      output: JSON.stringify({ decision: 'approve', reviewer: 'rev_0001' }),
    });
    // Then the delivery is marked, whatever the status by now, so a repeat sends nothing again.
    const mark = ddbMock.commandCalls(UpdateCommand)[1]?.args[0].input;
    expect(mark?.ConditionExpression).toBe('#status = :expectedStatus AND attribute_not_exists(#reviewDeliveredAt)');
    expect(mark?.ExpressionAttributeValues?.[':reviewDeliveredAt']).toEqual(expect.any(String));
  });

  it('rejects: sends task failure ReviewRejected with the comment', async () => {
    sfnMock.on(SendTaskFailureCommand).resolves({});
    const result = await review({ decision: 'reject', comment: 'address mismatch' });
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({ orderId: id, decision: 'reject', comment: 'address mismatch' });
    expect(sfnMock.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({
      taskToken: TOKEN,
      error: 'ReviewRejected',
      cause: 'address mismatch',
    });
  });

  it.each([
    ['TaskTimedOut', new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} })],
    ['InvalidToken', new InvalidToken({ message: 'Invalid token', $metadata: {} })],
  ])('answers 409 when Step Functions says %s (the review window has closed)', async (_name, error) => {
    sfnMock.on(SendTaskSuccessCommand).rejects(error);
    const result = await review({ decision: 'approve' });
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toMatchObject({
      error: 'Conflict',
      message: expect.stringContaining('review window has closed'),
    });
  });

  it('answers a repeat of a delivered decision with the recorded review, sending and writing nothing', async () => {
    ddbMock
      .on(GetCommand)
      .resolves({ Item: { ...inReview, status: 'COMPLETED', review: RECORDED, reviewDeliveredAt: AT } });
    const result = await review({ decision: 'approve', comment: 'again' }, id, BEN);
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ orderId: id, ...RECORDED });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('answers 200 when the token is closed on a repeat and the order went on as approved', async () => {
    const recordedOnly = { ...inReview, review: RECORDED };
    const confirmed = {
      ...recordedOnly,
      status: 'CONFIRMED',
      history: [...inReview.history, { status: 'CONFIRMED', at: AT }],
    };
    ddbMock.on(GetCommand).resolvesOnce({ Item: recordedOnly }).resolves({ Item: confirmed });
    sfnMock.on(SendTaskSuccessCommand).rejects(new TaskTimedOut({ message: 'Task Timed Out', $metadata: {} }));
    const result = await review({ decision: 'approve' });
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ orderId: id, ...RECORDED });
  });

  it('answers 409 naming the recorded decision for a different one', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { ...inReview, review: RECORDED, reviewDeliveredAt: AT } });
    const result = await review({ decision: 'reject' }, id, BEN);
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      error: 'Conflict',
      message: `Order ${id} was already reviewed (approve by ana.lima at ${AT}); a different decision is refused`,
      status: 'IN_REVIEW',
      review: RECORDED,
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('answers 409 "the review window has closed" when the review timed out without a decision', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { ...inReview, status: 'CANCELLED', reason: 'ReviewTimedOut' } });
    const result = await review({ decision: 'approve' });
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      error: 'Conflict',
      message: `The review window has closed for order ${id}: it is CANCELLED (ReviewTimedOut)`,
      status: 'CANCELLED',
    });
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('answers 503 WorkflowUnavailable when Step Functions is not reachable', async () => {
    sfnMock
      .on(SendTaskSuccessCommand)
      .rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const result = await review({ decision: 'approve' });
    expect(result.statusCode).toBe(503);
    expect(bodyOf(result)).toEqual({
      error: 'WorkflowUnavailable',
      message: expect.stringMatching(
        /^The review was recorded but the order workflow could not be reached: .*ECONNREFUSED/,
      ),
    });
  });

  it('answers 409 for an order that is not waiting for a review', async () => {
    ddbMock.on(GetCommand).resolves({ Item: { ...inReview, status: 'CONFIRMED' } });
    const result = await review({ decision: 'approve' });
    expect(result.statusCode).toBe(409);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('answers 404 for an unknown order', async () => {
    ddbMock.on(GetCommand).resolves({});
    expect((await review({ decision: 'approve' })).statusCode).toBe(404);
  });

  it('accepts a reviewer by the reviewers group alone', async () => {
    sfnMock.on(SendTaskSuccessCommand).resolves({});
    expect((await review({ decision: 'approve' }, id, BEN)).statusCode).toBe(200);
  });

  it('answers 403 Forbidden to a customer, reading nothing', async () => {
    const result = await review({ decision: 'approve' }, id, customerClaims('cust_0001'));
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result)).toMatchObject({ error: 'Forbidden' });
    expect(ddbMock.calls()).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('answers 403 Forbidden to a reviewer deciding on their own order, writing nothing', async () => {
    const result = await review({ decision: 'approve' }, id, reviewerClaims('cust_0001'));
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result)).toMatchObject({ error: 'Forbidden', message: expect.stringContaining('your own order') });
    expect(ddbMock.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('answers 401 Unauthorized without a token, before reading the body', async () => {
    const result = await review({ decision: 'maybe' }, id, null);
    expect(result.statusCode).toBe(401);
    expect(ddbMock.calls()).toHaveLength(0);
  });

  it.each([
    ['unknown decision', { decision: 'maybe' }],
    ['missing decision', { comment: 'fine' }],
    ['a reviewer (the reviewer is the caller)', { decision: 'approve', reviewer: 'risk-team' }],
    ['comment too long', { decision: 'reject', comment: 'x'.repeat(1001) }],
    ['unknown field', { decision: 'approve', score: 5 }],
  ])('answers 400 for %s and touches nothing', async (_case, body) => {
    const result = await review(body);
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: 'ValidationError' });
    expect(ddbMock.calls()).toHaveLength(0);
    expect(sfnMock.calls()).toHaveLength(0);
  });

  it('answers 400 for a malformed order id', async () => {
    const result = await review({ decision: 'approve' }, 'ord_x');
    expect(result.statusCode).toBe(400);
    expect(ddbMock.calls()).toHaveLength(0);
  });
});
