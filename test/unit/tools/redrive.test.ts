/** The dead-letter redrive: each letter finished in its direction, only finished ones deleted. */
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { compensationChain, loadWorkflowDefinition } from 'offline-aws/engine/definition';
import { redriveDeadLetters, type DeadLetterQueue } from '../../../ops/redrive/redrive';

describe('redriveDeadLetters', () => {
  const ORDER_A = `ord_${'a'.repeat(32)}`;
  const ORDER_B = `ord_${'b'.repeat(32)}`;
  const ORDER_C = `ord_${'c'.repeat(32)}`;
  const TOPIC = 'arn:aws:sns:eu-west-1:000000000000:events';
  const UNDO = ['cancelShipment', 'refundPayment', 'releaseInventory'];

  it('replays the compensation chain of the definition, in order', () => {
    expect(compensationChain(loadWorkflowDefinition(loadServerlessConfig()))).toEqual(UNDO);
  });

  function queueOf(bodies: string[]): DeadLetterQueue & { removed: string[] } {
    const pending = bodies.map((body, i) => ({ body, receiptHandle: `r${i}` }));
    const removed: string[] = [];
    return {
      removed,
      async receive() {
        return pending.splice(0, 10);
      },
      async remove(handle) {
        removed.push(handle);
      },
    };
  }

  it('compensates, marks and announces; completes forward; deletes only what was finished', async () => {
    const queue = queueOf([
      JSON.stringify({
        orderId: ORDER_A,
        customerId: 'cust_1',
        failure: { Error: 'ShippingUnavailable' },
        compensationFailure: { Error: 'X' },
        topicArn: TOPIC,
      }),
      JSON.stringify({ orderId: ORDER_B }),
      JSON.stringify({
        action: 'complete',
        orderId: ORDER_C,
        customerId: 'cust_3',
        total: { amount: 100, currency: 'EUR' },
        topicArn: TOPIC,
      }),
      'not json',
    ]);
    const calls: string[] = [];
    const published: unknown[] = [];
    const report = await redriveDeadLetters(queue, {
      invoke: async (fn, payload) => {
        calls.push(`${fn}:${payload.orderId.slice(4, 5)}${'status' in payload ? `:${String(payload.status)}` : ''}`);
        if (payload.orderId === ORDER_B && fn === 'refundPayment')
          throw Object.assign(new Error('still down'), { name: 'Boom' });
      },
      undo: UNDO,
      publish: async (topicArn, event) => {
        published.push({ topicArn, ...event });
      },
    });
    expect(calls).toEqual([
      'cancelShipment:a',
      'refundPayment:a',
      'releaseInventory:a',
      'updateOrderStatus:a:CANCELLED',
      'cancelShipment:b',
      'refundPayment:b',
      'updateOrderStatus:c:COMPLETED',
    ]);
    expect(published).toEqual([
      {
        topicArn: TOPIC,
        type: 'OrderCancelled',
        orderId: ORDER_A,
        customerId: 'cust_1',
        reason: 'ShippingUnavailable',
      },
      {
        topicArn: TOPIC,
        type: 'OrderCompleted',
        orderId: ORDER_C,
        customerId: 'cust_3',
        total: { amount: 100, currency: 'EUR' },
      },
    ]);
    expect(report.redriven).toEqual([ORDER_A, ORDER_C]);
    expect(report.failed).toEqual([
      { orderId: ORDER_B, error: 'Boom: still down' },
      { orderId: null, error: expect.stringContaining('unreadable') },
    ]);
    expect(queue.removed).toEqual(['r0', 'r2']);
  });

  it('marks a rejected order REJECTED again, never CANCELLED', async () => {
    const calls: unknown[] = [];
    await redriveDeadLetters(queueOf([JSON.stringify({ orderId: ORDER_A, failure: { Error: 'OrderRejected' } })]), {
      invoke: async (fn, payload) => {
        if (fn === 'updateOrderStatus') calls.push(payload);
      },
      undo: UNDO,
    });
    expect(calls).toEqual([{ orderId: ORDER_A, status: 'REJECTED', reason: 'OrderRejected' }]);
  });
});
