/**
 * Runs each scenario once, one at a time, and reads what its order used: state transitions
 * (derived from the execution's history: one per state entered, one per retry), Lambda invocations and duration, DynamoDB requests and request units
 * (counted on the wire by the request counter), SNS publishes (one per notification).
 */
import type { Runtime } from 'offline-aws/runtime';
import { runScenario } from '../offline/scenario';
import { readScenario } from '../offline/scenario-file';
import { orderCost, type OrderCost, type OrderUsage, type Prices } from 'offline-aws/cost/model';
import { EXPRESS_BILLED_MEMORY_MB, expressUsage } from 'offline-aws/cost/express';

/** Memory the functions are deployed with (serverless.yml provider.memorySize). */
export const LAMBDA_MEMORY_MB = 512;

export interface ScenarioUsage extends OrderUsage {
  scenario: string;
  status: string;
  dynamoDbByOperation: Record<string, number>;
  costPerOrder: OrderCost;
  costPerMillionOrders: number;
}

/**
 * What `files` cost each, one scenario at a time.
 * @param warmUp a scenario run first and not measured (the happy path: every function an order
 *   calls), so that each measured order finds warm environments, as orders do in a steady stream;
 *   otherwise an Express child's billed duration includes the Init of the functions it calls first
 *   (100 ms steps: cold starts moved the happy path between 700 and 900 ms)
 */
export async function measureScenarios(
  runtime: Runtime,
  files: string[],
  prices: Prices,
  { warmUp }: { warmUp?: string } = {},
): Promise<ScenarioUsage[]> {
  const counter = runtime.stack.requestCounter;
  if (!counter) throw new Error('the runtime was started without countDynamoDbRequests');
  if (warmUp !== undefined) await runScenario(runtime, warmUp, readScenario(warmUp));
  const rows: ScenarioUsage[] = [];
  for (const file of files) {
    await runtime.messaging.drain();
    counter.reset();
    runtime.lambdaStats.reset();
    const result = await runScenario(runtime, file, readScenario(file));
    // The Express children, from the parent's history (its .sync Tasks' answers), not from theirs.
    const orderId = (result.order as { orderId?: string } | null)?.orderId;
    const parent = runtime.runner.listExecutions().find((e) => e.name === orderId && e.type === 'STANDARD');
    const express = expressUsage(parent?.history.events ?? []);
    const usage: OrderUsage = {
      transitions: result.transitions,
      expressRequests: express.requests,
      expressBilledMs: express.billedMs,
      expressMemoryMb: EXPRESS_BILLED_MEMORY_MB,
      lambdaInvocations: runtime.lambdaStats.invocations,
      lambdaMs: runtime.lambdaStats.durationMs,
      lambdaMemoryMb: LAMBDA_MEMORY_MB,
      dynamoDbRequests: counter.total(),
      readUnits: counter.units().read,
      writeUnits: counter.units().write,
      snsPublishes: Array.isArray(result.services.notifications) ? result.services.notifications.length : 0,
    };
    const cost = orderCost(usage, prices);
    rows.push({
      scenario: result.scenario.replace(/\.json$/, ''),
      status: result.status,
      ...usage,
      dynamoDbByOperation: counter.counts(),
      costPerOrder: cost,
      costPerMillionOrders: cost.total * 1_000_000,
    });
  }
  return rows;
}
