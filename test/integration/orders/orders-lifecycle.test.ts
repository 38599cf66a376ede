/** Who may do what to an order, and its review and cancellation lifecycle, against DynamoDB Local. */
import { randomUUID } from 'node:crypto';
import { reviewerClaims } from '../../../tools/offline/identity';
import { newOrderId } from '../../support/ids';
import {
  asCustomer,
  aws,
  cancel,
  create,
  getOrder,
  givenOrder,
  http,
  orderBody,
  review,
  setStatus,
  stack,
  storedOrFail,
  useOrdersStack,
} from './orders-harness';

useOrdersStack();

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
