/**
 * Delivery of an event to a rule's target (src/events/delivery.ts) with the target's RetryPolicy and
 * DeadLetterConfig, as "How EventBridge retries delivering events"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html) and "Using
 * dead-letter queues to process undelivered events" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html)
 * describe them. The invoker is a stand-in that fails as told (offline, the local Lambda queue
 * never throttles an Invoke), on jest's fake clock: the backoff is asserted by what has happened
 * after each advance, never by wall time.
 */
import { DeliveryError, EventDeliveries } from '../../src/events/delivery';
import type { EventRule, RuleTarget } from '../../src/events/rules';

const RULE: EventRule = {
  name: 'on-failed',
  arn: 'arn:aws:events:eu-west-1:000000000000:rule/on-failed',
  where: 'test',
  matches: () => true,
  targets: [],
};
const target = (maximumRetryAttempts: number, maximumEventAgeSeconds = 86_400, dlq = true): RuleTarget => ({
  arn: 'arn:aws:lambda:eu-west-1:000000000000:function:svc-dev-listener',
  functionName: 'listener',
  retryPolicy: { maximumRetryAttempts, maximumEventAgeSeconds },
  deadLetterQueue: dlq ? { name: 'dead', arn: 'arn:aws:sqs:eu-west-1:000000000000:dead' } : undefined,
});

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });

function harness(failures: number, failure: () => Error = throttled) {
  const calls: number[] = [];
  const sent: { queue: string; body: string; attributes: Record<string, string> }[] = [];
  const deliveries = new EventDeliveries({
    invokeAsync: () => {
      calls.push(Date.now());
      if (calls.length <= failures) throw failure();
    },
    sendToQueue: (queue, body, attributes) => {
      sent.push({ queue, body, attributes });
      return Promise.resolve();
    },
    print: () => undefined,
    retryBaseDelayMs: 1000,
  });
  return { calls, sent, deliveries };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('retries (eb-rule-retry-policy.html)', () => {
  it('retries a throttled delivery with exponential backoff, then delivers', async () => {
    const { calls, sent, deliveries } = harness(2);
    deliveries.deliver(RULE, target(5), { id: 'e1' });
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(3);
    await deliveries.drain();
    expect(deliveries.outcomes).toEqual([
      { rule: 'on-failed', targetArn: target(5).arn, eventId: 'e1', outcome: 'delivered', retryAttempts: 2 },
    ]);
    expect(sent).toEqual([]);
  });

  it('stops after MaximumRetryAttempts retries and sends the event to the DLQ with its attributes', async () => {
    const { calls, sent, deliveries } = harness(Infinity);
    deliveries.deliver(RULE, target(2), { id: 'e2' });
    await jest.advanceTimersByTimeAsync(10_000);
    await deliveries.drain();
    expect(calls).toHaveLength(3);
    expect(sent).toEqual([
      {
        queue: 'dead',
        body: JSON.stringify({ id: 'e2' }),
        attributes: {
          RULE_ARN: RULE.arn,
          TARGET_ARN: target(2).arn,
          ERROR_CODE: 'THROTTLING',
          ERROR_MESSAGE: 'Rate exceeded',
          RETRY_ATTEMPTS: '2',
          EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
        },
      },
    ]);
    expect(deliveries.outcomes[0]).toMatchObject({
      outcome: 'dead-lettered',
      retryAttempts: 2,
      errorCode: 'THROTTLING',
    });
  });

  it('stops when the next retry would pass MaximumEventAgeInSeconds', async () => {
    const { calls, sent, deliveries } = harness(Infinity);
    // 1 + 2 + 4 + 8 + 16 + 32 = 63 s of waits: a 60 s event age allows five retries, not six.
    deliveries.deliver(RULE, target(185, 60), { id: 'e3' });
    await jest.advanceTimersByTimeAsync(120_000);
    await deliveries.drain();
    expect(calls).toHaveLength(6);
    expect(sent[0]?.attributes).toMatchObject({
      EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds',
      RETRY_ATTEMPTS: '5',
    });
  });

  it('does not retry what retrying cannot mend, and drops the event without a DLQ', async () => {
    const { calls, sent, deliveries } = harness(
      Infinity,
      () => new DeliveryError('NO_RESOURCE', 'Function not found', false),
    );
    deliveries.deliver(RULE, target(5, 86_400, false), { id: 'e4' });
    await deliveries.drain();
    expect(calls).toHaveLength(1);
    expect(sent).toEqual([]);
    expect(deliveries.outcomes[0]).toMatchObject({ outcome: 'dropped', retryAttempts: 0, errorCode: 'NO_RESOURCE' });
  });

  it('stop() ends the waits: the event is dropped at once (the stack and its queues are stopping)', async () => {
    const { calls, sent, deliveries } = harness(Infinity);
    deliveries.deliver(RULE, target(185), { id: 'e5' });
    deliveries.stop();
    await deliveries.drain();
    expect(calls).toHaveLength(1);
    expect(sent).toHaveLength(0);
    expect(deliveries.outcomes[0]).toMatchObject({ outcome: 'dropped', errorCode: 'THROTTLING' });
  });
});
