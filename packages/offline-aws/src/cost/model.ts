/**
 * Cost of one order, from what the execution used (state transitions, derived from its history;
 * Lambda invocations and their duration, DynamoDB request units, SNS publishes) and the dated list prices in prices.json.
 */
import { readFileSync } from 'node:fs';
import { packageSource } from '../package-dir';
import { z } from 'zod';

export const PricesSchema = z.object({
  asOf: z.string(),
  region: z.string(),
  currency: z.string(),
  source: z.string(),
  stepFunctionsStandardPerStateTransition: z.number().nonnegative(),
  lambdaPerRequest: z.number().nonnegative(),
  lambdaArm64PerGbSecond: z.number().nonnegative(),
  dynamoDbPerWriteRequestUnit: z.number().nonnegative(),
  dynamoDbPerReadRequestUnit: z.number().nonnegative(),
  snsPerPublish: z.number().nonnegative(),
  sqsPerRequest: z.number().nonnegative(),
});
export type Prices = z.infer<typeof PricesSchema>;

export function loadPrices(root = process.cwd()): Prices {
  return PricesSchema.parse(JSON.parse(readFileSync(packageSource(root, 'cost', 'prices.json'), 'utf8')));
}

export interface OrderUsage {
  transitions: number;
  lambdaInvocations: number;
  lambdaMs: number;
  lambdaMemoryMb: number;
  dynamoDbRequests: number;
  readUnits: number;
  writeUnits: number;
  snsPublishes: number;
}

export interface OrderCost {
  stepFunctions: number;
  lambda: number;
  dynamoDb: number;
  sns: number;
  total: number;
}

export function orderCost(usage: OrderUsage, prices: Prices): OrderCost {
  const gbSeconds = (usage.lambdaMs / 1000) * (usage.lambdaMemoryMb / 1024);
  const stepFunctions = usage.transitions * prices.stepFunctionsStandardPerStateTransition;
  const lambda = usage.lambdaInvocations * prices.lambdaPerRequest + gbSeconds * prices.lambdaArm64PerGbSecond;
  const dynamoDb =
    usage.readUnits * prices.dynamoDbPerReadRequestUnit + usage.writeUnits * prices.dynamoDbPerWriteRequestUnit;
  const sns = usage.snsPublishes * prices.snsPerPublish;
  return { stepFunctions, lambda, dynamoDb, sns, total: stepFunctions + lambda + dynamoDb + sns };
}
