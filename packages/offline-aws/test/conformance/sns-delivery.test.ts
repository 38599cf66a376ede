/**
 * Conformance of SNS delivery offline (packages/offline-aws/src/messaging/messaging.ts, packages/offline-aws/src/messaging/sns-subscriptions.ts,
 * packages/offline-aws/src/lambda/async-invocation.ts) with SNS's and Lambda's, each test naming the AWS page it
 * follows. The topic, queues, subscriptions and functions are test-only fixtures
 * (test/conformance/fixtures/serverless.yml). Retry waits are shortened (AWS: 1 and 2 minutes);
 * everything else runs as in the project. No database: these tests start no java process.
 */
import { join } from 'node:path';
import { CapturedLines, TEST_INIT_LIMIT_MS } from '../../src/testing';
import { PublishCommand, type MessageAttributeValue } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SNSEvent } from 'aws-lambda';
import type { InvocationRecord } from '../../src/lambda/destinations';
import { LambdaPool } from '../../src/lambda/pool';
import { startMessaging, type Messaging } from '../../src/messaging/messaging';
import { loadServerlessConfig, type ServerlessConfig } from '../../src/serverless/config';
import { snsSubscriptions } from '../../src/messaging/sns-subscriptions';

const LAMBDA = 'https://docs.aws.amazon.com/lambda/latest/dg';
const SNS = 'https://docs.aws.amazon.com/sns/latest/dg';
const config = loadServerlessConfig({ root: join(import.meta.dirname, 'fixtures') });
const TOPIC_ARN = `arn:aws:sns:${config.region}:${config.accountId}:conformance-events`;

let pool: LambdaPool;
let messaging: Messaging;
/** What the emulator and the asynchronous invoker say (an event given up on), asserted below. */
const said = new CapturedLines();
beforeAll(async () => {
  pool = new LambdaPool(config, { idleTimeoutMs: 60_000, initLimitMs: TEST_INIT_LIMIT_MS });
  messaging = await startMessaging(config, (name, event, options) => pool.invoke(name, event, options), {
    asyncInvocation: { retryDelaysMs: [50, 100] },
    print: said.print,
  });
}, 60_000);
afterAll(async () => {
  await messaging.stop();
  await pool.stop();
});

const invocations = (functionName: string) => pool.stats()[functionName]?.invocations ?? 0;

async function publish(message: unknown, attributes: Record<string, MessageAttributeValue> = {}): Promise<void> {
  await messaging.sns.send(
    new PublishCommand({ TopicArn: TOPIC_ARN, Message: JSON.stringify(message), MessageAttributes: attributes }),
  );
  await messaging.drain();
}

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
const number = (value: number): MessageAttributeValue => ({ DataType: 'Number', StringValue: String(value) });

async function receiveAll(queue: string) {
  const { Messages = [] } = await messaging.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: messaging.queueUrl(queue),
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
      WaitTimeSeconds: 0,
    }),
  );
  return Messages;
}

describe(`subscription filter policies (${SNS}/sns-subscription-filter-policies.html)`, () => {
  it('an attribute-based policy drops a message whose attributes do not match, and delivers one that does', async () => {
    const before = invocations('attributeFiltered');
    await publish({ orderId: 'ord_small' }, { kind: text('order'), total: number(99) });
    await publish({ orderId: 'ord_other' }, { kind: text('refund'), total: number(500) });
    await publish({ orderId: 'ord_none' });
    expect(invocations('attributeFiltered')).toBe(before);

    await publish({ orderId: 'ord_big' }, { kind: text('order'), total: number(100) });
    expect(invocations('attributeFiltered')).toBe(before + 1);
  });

  it('a payload-based policy (FilterPolicyScope MessageBody) matches on the message body, not its attributes', async () => {
    const before = invocations('bodyFiltered');
    await publish({ order: { status: 'CANCELLED' } }, { status: text('COMPLETED') });
    await publish('not json at all');
    expect(invocations('bodyFiltered')).toBe(before);

    await publish({ order: { status: 'COMPLETED', orderId: 'ord_done' } });
    expect(invocations('bodyFiltered')).toBe(before + 1);
  });

  it('a declared policy the stack cannot honour is refused at start, naming where it is declared', () => {
    const broken: ServerlessConfig = structuredClone(config);
    const fn = broken.functions.bodyFiltered;
    if (!fn) throw new Error('fixture changed');
    fn.events = [{ sns: { topicName: 'conformance-events', filterPolicyScope: 'Body', filterPolicy: { a: ['b'] } } }];
    expect(() => snsSubscriptions(broken)).toThrow(
      'functions.bodyFiltered.events[0].sns: the filter policy scope must be MessageAttributes or MessageBody, not Body',
    );
    fn.events = [{ sns: { topicName: 'conformance-events', filterPolicy: '{not json' } }];
    expect(() => snsSubscriptions(broken)).toThrow(
      'functions.bodyFiltered.events[0].sns: the filter policy is not valid JSON',
    );
  });
});

describe(`SNS invokes Lambda asynchronously (${LAMBDA}/invocation-async-error-handling.html)`, () => {
  it('a failing function is invoked three times, then its invocation record lands in its on-failure destination', async () => {
    const before = invocations('failingSubscriber');
    const attemptsBefore = messaging.asyncInvocations.attempts.length;
    await publish({ orderId: 'ord_fail' }, { kind: text('fail') });

    expect(invocations('failingSubscriber')).toBe(before + 3);
    const attempts = messaging.asyncInvocations.attempts.slice(attemptsBefore);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.errorType])).toEqual([
      [1, 'error', 'NotificationRejected'],
      [2, 'error', 'NotificationRejected'],
      [3, 'error', 'NotificationRejected'],
    ]);
    // One event, one request id over its retries.
    expect(new Set(attempts.map((a) => a.requestId)).size).toBe(1);

    // The record, as "Capturing records of Lambda asynchronous invocations" shows it
    // (${LAMBDA}/invocation-async-retain-records.html).
    const [message, ...more] = await receiveAll('conformance-failures');
    expect(more).toEqual([]);
    const record = JSON.parse(message?.Body ?? '{}') as InvocationRecord;
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: {
        requestId: attempts[0]?.requestId,
        functionArn: `arn:aws:lambda:eu-west-1:${config.accountId}:function:lambda-conformance-dev-failingSubscriber:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'NotificationRejected', errorMessage: 'Rejected: {"orderId":"ord_fail"}' },
    });
    expect(new Date(record.timestamp).toISOString()).toBe(record.timestamp);
    const event = record.requestPayload as SNSEvent;
    expect(event.Records[0]).toMatchObject({
      EventSource: 'aws:sns',
      Sns: { TopicArn: TOPIC_ARN, Message: '{"orderId":"ord_fail"}', Type: 'Notification' },
    });
    expect(messaging.deliveryFailures).toContainEqual({
      functionName: 'failingSubscriber',
      error: 'NotificationRejected: Rejected: {"orderId":"ord_fail"}',
    });
    // One line says what became of the event (the error's name; its message is in the record).
    expect(said.lines).toContain(
      `[lambda] failingSubscriber: event ${attempts[0]?.requestId} failed 3 attempt(s) (NotificationRejected); sent to onFailure`,
    );
  });

  it(`with maximumRetryAttempts 1 and a dead-letter queue: two attempts, then the event itself with RequestID, ErrorCode and ErrorMessage (${LAMBDA}/invocation-async-retain-records.html#invocation-dlq)`, async () => {
    const before = invocations('deadLetteredSubscriber');
    const attemptsBefore = messaging.asyncInvocations.attempts.length;
    await publish({ orderId: 'ord_dlq' }, { kind: text('dead-letter') });

    expect(invocations('deadLetteredSubscriber')).toBe(before + 2);
    const requestId = messaging.asyncInvocations.attempts[attemptsBefore]?.requestId;
    const [message, ...more] = await receiveAll('conformance-dead-letters');
    expect(more).toEqual([]);
    const event = JSON.parse(message?.Body ?? '{}') as SNSEvent;
    expect(event.Records[0]?.Sns.Message).toBe('{"orderId":"ord_dlq"}');
    expect(message?.MessageAttributes).toEqual({
      RequestID: { DataType: 'String', StringValue: requestId },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: 'Rejected: {"orderId":"ord_dlq"}' },
    });
    expect(said.lines).toContain(
      `[lambda] deadLetteredSubscriber: event ${requestId} failed 2 attempt(s) (NotificationRejected); sent to onError`,
    );
  });
});

describe(`throttled asynchronous invocations (${LAMBDA}/invocation-async-error-handling.html)`, () => {
  it('an event that finds the function at its concurrency limit goes back to the queue and runs later', async () => {
    const attemptsBefore = messaging.asyncInvocations.attempts.length;
    const failuresBefore = messaging.asyncInvocations.failures.length;
    // reservedOne has reservedConcurrency 1: the second event is throttled while the first runs.
    messaging.asyncInvocations.accept('reservedOne', { id: 'first', delayMs: 500 });
    messaging.asyncInvocations.accept('reservedOne', { id: 'second' });
    await messaging.asyncInvocations.drain();

    const attempts = messaging.asyncInvocations.attempts.slice(attemptsBefore);
    expect(attempts.filter((a) => a.outcome === 'success')).toHaveLength(2);
    expect(attempts.filter((a) => a.outcome === 'throttled').length).toBeGreaterThanOrEqual(1);
    expect(attempts.find((a) => a.outcome === 'throttled')?.errorType).toBe('TooManyRequestsException');
    // A throttle is not a function error: no retry is used up, nothing is discarded.
    expect(messaging.asyncInvocations.failures.length).toBe(failuresBefore);
  });
});

describe(`SNS → SQS (${SNS}/sns-large-payload-raw-message-delivery.html)`, () => {
  it('with RawMessageDelivery the queue gets the message itself; without it, the JSON envelope', async () => {
    await publish({ orderId: 'ord_raw' }, { kind: text('queued'), total: number(1) });
    const [raw] = await receiveAll('conformance-raw');
    expect(raw?.Body).toBe('{"orderId":"ord_raw"}');
    expect(raw?.MessageAttributes).toMatchObject({ kind: { DataType: 'String', StringValue: 'queued' } });

    const [enveloped] = await receiveAll('conformance-enveloped');
    expect(JSON.parse(enveloped?.Body ?? '{}')).toMatchObject({
      Type: 'Notification',
      TopicArn: TOPIC_ARN,
      Message: '{"orderId":"ord_raw"}',
      MessageAttributes: { kind: { Type: 'String', Value: 'queued' } },
    });
  });

  it('the queues’ filter policies drop what does not match', async () => {
    await publish({ orderId: 'ord_refund' }, { kind: text('refund') });
    await publish({ orderId: 'ord_order' }, { kind: text('order'), total: number(100) });
    expect(await receiveAll('conformance-raw')).toEqual([]);
    expect(await receiveAll('conformance-enveloped')).toEqual([]);
  });
});
