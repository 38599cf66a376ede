/**
 * DynamoDB unreachable for a moment while orders are in flight (`npm run test:slow`): every
 * connection to it is reset for 1.5 s (the stack's DynamoDB pass-through,
 * packages/offline-aws/src/dynamodb/request-counter.ts). The handlers report the refused
 * connections as TransientError (services/shared/infrastructure-errors.ts), which every retrier
 * names, with the definition's own intervals and jitter: each order ends consistent by the invariant
 * — completed, or undone — and none is dead-lettered. (Before, the SDK's error reached Step
 * Functions as `Error`, which no retrier names: every order in flight went to CompensationFailed.)
 */
import { join } from 'node:path';
import type { Runtime } from 'offline-aws/runtime';
import { runScenario } from '../../tools/offline/scenario';
import { startTestRuntime } from '../support/runtime';

let runtime: Runtime;
beforeAll(async () => {
  // AWS's retry intervals (IntervalSeconds, BackoffRate, FULL jitter), not the tests' short ones.
  runtime = await startTestRuntime({
    countDynamoDbRequests: true,
    skipWaitStates: true,
    runner: { retryIntervalMs: undefined },
  });
}, 240_000);
afterAll(() => runtime.stop());

it('orders in flight during a 1.5 s outage end consistent, none dead-lettered', async () => {
  const counter = runtime.stack.requestCounter;
  if (!counter) throw new Error('the pass-through is not running');
  const orders = Array.from({ length: 8 }, () => runScenario(runtime, join('events', 'workflow', 'happy-path.json')));
  // Once every order is placed and its execution runs (createOrder answered), the database goes.
  const running = () => runtime.runner.listExecutions().filter((e) => e.type === 'STANDARD').length;
  while (running() < orders.length) await new Promise((resolve) => setTimeout(resolve, 20));
  counter.outage(1_500);
  const results = await Promise.all(orders);
  for (const result of results) {
    expect({ consistency: result.consistency, deadLettered: result.deadLettered }).toEqual({
      consistency: [],
      deadLettered: false,
    });
  }
  const statuses = results.map((result) => (result.order as { status?: string } | null)?.status);
  expect(statuses).toEqual(statuses.map(() => expect.stringMatching(/^(COMPLETED|CANCELLED)$/)));
}, 240_000);
