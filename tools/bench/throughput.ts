/**
 * Throughput on the embedded stack: what DynamoDB Local sustains with the project's own client
 * (services/shared/dynamodb.ts) at the benchmark's concurrency, replaying the request mix one
 * happy-path order makes; and whole happy-path orders end to end through the runner.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '../../services/shared/dynamodb';
import { apiGatewayEvent, customerClaims } from 'offline-aws/http-api/event-spec';
import type { Runtime } from 'offline-aws/runtime';
import type { Scenario } from '../offline/scenario-file';

type Operation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'TransactWriteItems' | 'Query';
const OPERATIONS: Operation[] = ['GetItem', 'PutItem', 'UpdateItem', 'TransactWriteItems', 'Query'];

export interface DbBound {
  concurrency: number;
  requests_per_s: number;
  requests: number;
  seconds: number;
  mix: Record<string, number>;
}

/** Runs `worker` on `concurrency` lanes until `work` returns false. */
async function lanes(concurrency: number, work: (lane: number) => Promise<boolean>): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (await work(lane)) {
        /* keep going */
      }
    }),
  );
}

export async function measureDbBound(
  runtime: Runtime,
  mix: Record<string, number>,
  concurrency: number,
  durationMs: number,
): Promise<DbBound> {
  const client = dynamoDocumentClient(); // the handlers' client: same settings, same endpoint
  const inventory = runtime.stack.tableName('InventoryTable');
  const notifications = runtime.stack.tableName('NotificationsTable');
  const weights = OPERATIONS.map((op) => mix[op] ?? 0);
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) throw new Error('empty request mix');
  const pick = (): Operation => {
    let r = Math.random() * total;
    for (let i = 0; i < OPERATIONS.length; i += 1) {
      r -= weights[i] ?? 0;
      if (r <= 0) return OPERATIONS[i] as Operation;
    }
    return 'GetItem';
  };
  const key = (lane: number, n: number) => ({ pk: `BENCH#${lane}#${n % 50}` });
  for (let lane = 0; lane < concurrency; lane += 1) {
    for (let n = 0; n < 50; n += 1) {
      await client.send(new PutCommand({ TableName: inventory, Item: { ...key(lane, n), available: 1_000_000 } }));
    }
  }

  let requests = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await lanes(concurrency, async (lane) => {
    if (performance.now() >= deadline) return false;
    const n = requests;
    switch (pick()) {
      case 'GetItem':
        await client.send(new GetCommand({ TableName: inventory, Key: key(lane, n), ConsistentRead: true }));
        break;
      case 'PutItem':
        await client.send(new PutCommand({ TableName: inventory, Item: { pk: `BENCH#PUT#${randomUUID()}`, at: n } }));
        break;
      case 'UpdateItem':
        await client.send(
          new UpdateCommand({
            TableName: inventory,
            Key: key(lane, n),
            UpdateExpression: 'SET available = available - :one',
            ConditionExpression: 'available >= :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
        break;
      case 'TransactWriteItems':
        // A reservation: two conditional stock decrements and the reservation record.
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              ...[0, 1].map((i) => ({
                Update: {
                  TableName: inventory,
                  Key: key(lane, n + i),
                  UpdateExpression: 'SET available = available - :one',
                  ConditionExpression: 'available >= :one',
                  ExpressionAttributeValues: { ':one': 1 },
                },
              })),
              {
                Put: {
                  TableName: inventory,
                  Item: { pk: `BENCH#RES#${randomUUID()}` },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        break;
      case 'Query':
        await client.send(
          new QueryCommand({
            TableName: notifications,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `ord_bench${lane}` },
          }),
        );
        break;
    }
    requests += 1;
    return true;
  });
  const seconds = (performance.now() - started) / 1000;
  return { concurrency, requests_per_s: requests / seconds, requests, seconds, mix };
}

export interface EndToEnd {
  orders: number;
  concurrency: number;
  seconds: number;
  orders_per_s: number;
  p50_ms: number;
  p95_ms: number;
  failed: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

/** N happy-path orders through createOrder and the runner, `concurrency` at a time. */
export async function measureEndToEnd(
  runtime: Runtime,
  scenario: Scenario,
  orders: number,
  concurrency: number,
): Promise<EndToEnd> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await lanes(concurrency, async () => {
    const i = next;
    next += 1;
    if (i >= orders) return false;
    const t0 = performance.now();
    const response = (await runtime.invoke(
      'createOrder',
      apiGatewayEvent({
        method: 'POST',
        route: '/orders',
        claims: customerClaims(`bench-${i % 50}`),
        // The fulfilment window (Wait) shortened to 0: the run measures work, not waiting.
        body: { ...(scenario.order as object), fulfilmentWindowSeconds: 0 },
      }),
    )) as { statusCode: number; body: string };
    const orderId = (JSON.parse(response.body) as { orderId?: string }).orderId;
    const execution = runtime.runner.listExecutions().find((e) => e.name === orderId);
    if (response.statusCode !== 202 || !execution) {
      failed += 1;
      return true;
    }
    await execution.completion;
    if (execution.status !== 'SUCCEEDED') failed += 1;
    latencies.push(performance.now() - t0);
    return true;
  });
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    orders,
    concurrency,
    seconds,
    orders_per_s: orders / seconds,
    p50_ms: percentile(sorted, 50),
    p95_ms: percentile(sorted, 95),
    failed,
  };
}
