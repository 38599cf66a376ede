/**
 * When the reconciler itself keeps failing (an undo step fails every time), the order is not left
 * silently half-done: Lambda retries reconcileOrder twice, its on-failure destination puts the
 * invocation record in the reconciler's dead-letter queue, and that queue's alarm
 * (`…-reconciler-dlq-not-empty`, ops/serverless.yml) tells the ops-alerts topic — evaluated offline
 * as on AWS (packages/offline-aws/src/alarms/). Then the runbook of docs/operations.md: fix the
 * cause, replay the event, and the order ends consistent.
 */
import { join } from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Runtime } from 'offline-aws/runtime';
import { paymentKey } from '../../../services/payment/adapters/dynamodb-payment-ledger';
import { opsAlertsTopic, reconcilerDeadLetterQueueUrl } from '../../../tools/offline/escalation';
import { findStackViolations, readOrderRecords } from '../../../tools/offline/order-records';
import { runScenario } from '../../../tools/offline/scenario';
import { readScenario } from '../../../tools/offline/scenario-file';
import { loadServices } from '../../../tools/offline/services';
import { startTestRuntime } from '../../support/runtime';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ asyncInvocation: { retryDelaysMs: [10, 10] }, alarmIntervalMs: 50 });
}, 240_000);
afterAll(() => runtime.stop());

async function until<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 400; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never: ${what}`);
}

it('a reconciliation that keeps failing is dead-lettered and alarms; replayed once fixed, the order ends consistent', async () => {
  const services = await loadServices();
  const payments = runtime.stack.tableName('PaymentsTable');
  const file = join('events', 'workflow', 'stopped-in-window.json');
  let orderId = '';
  let broken: Promise<void> | undefined;
  // At the window, the payment record loses its authorization id (a lost write): refundPayment
  // fails every time, so the reconciler does too. Then the operator stops the execution.
  const off = runtime.runner.onEvent((event) => {
    if (event.type !== 'StateEntered' || event.state !== 'FulfilmentWindow') return;
    orderId = event.execution.name;
    broken = (async () => {
      await runtime.stack.documentClient.send(
        new UpdateCommand({
          TableName: payments,
          Key: paymentKey(orderId),
          UpdateExpression: 'REMOVE authorizationId',
        }),
      );
      runtime.runner.stopExecution(event.execution.executionArn, 'StoppedByOperator', 'stopped by the test');
    })();
  });
  try {
    const result = await runScenario(runtime, file, { ...readScenario(file), stop: undefined });
    await broken;
    expect(result.status).toBe('ABORTED');
  } finally {
    off();
  }
  const queue = reconcilerDeadLetterQueueUrl(runtime);
  const [record] = await until(
    () => runtime.messaging.peek(queue),
    (bodies) => bodies.length > 0,
    'the reconciler dead-letters the event',
  );
  const invocation = JSON.parse(record ?? '{}') as { requestPayload: { detail: { name: string } } };
  expect(invocation.requestPayload.detail.name).toBe(orderId);
  const alarmName = 'order-processing-dev-reconciler-dlq-not-empty';
  const alerts = await until(
    () =>
      runtime.messaging.published(opsAlertsTopic(runtime)).map((body) => JSON.parse(body) as Record<string, unknown>),
    (bodies) => bodies.some((b) => b.AlarmName === alarmName && b.NewStateValue === 'ALARM'),
    'the alarm tells the ops-alerts topic',
  );
  // OK since the stack started (its OKActions were told so too), then ALARM.
  expect(alerts.filter((b) => b.AlarmName === alarmName).map((b) => [b.OldStateValue, b.NewStateValue])).toEqual([
    ['INSUFFICIENT_DATA', 'OK'],
    ['OK', 'ALARM'],
  ]);
  expect(runtime.alarms.state(alarmName)).toBe('ALARM');
  expect((await readOrderRecords(runtime.stack, services, orderId)).payment).toMatchObject({ status: 'AUTHORIZED' });

  // The runbook: fix the cause (the record gets its authorization back), replay the event.
  const item = await runtime.stack.documentClient.send(
    new GetCommand({ TableName: payments, Key: paymentKey(orderId) }),
  );
  expect(item.Item?.authorizationId).toBeUndefined();
  await runtime.stack.documentClient.send(
    new UpdateCommand({
      TableName: payments,
      Key: paymentKey(orderId),
      UpdateExpression: 'SET authorizationId = :id',
      ExpressionAttributeValues: { ':id': `auth_${orderId}` },
    }),
  );
  await runtime.invoke('reconcileOrder', invocation.requestPayload);
  await runtime.messaging.drain();
  const records = await readOrderRecords(runtime.stack, services, orderId);
  expect(records).toMatchObject({ payment: { status: 'VOIDED' }, inventory: { status: 'RELEASED' } });
  expect(await findStackViolations(runtime.stack, services, { only: new Set([orderId]) })).toEqual([]);
}, 120_000);
