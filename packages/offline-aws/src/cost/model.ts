/**
 * Cost of one order, from what the execution used (Standard state transitions and Express children's
 * requests and billed duration, derived from its history: express.ts;
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
  stepFunctionsExpressPerRequest: z.number().nonnegative(),
  /** Express duration, per GB-hour of billed memory (64 MB chunks) × billed duration (100 ms increments). */
  stepFunctionsExpressPerGbHour: z.number().nonnegative(),
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
  /** Standard state transitions (the parent's). */
  transitions: number;
  /** Express children started, and their durations rounded up to 100 ms, summed (ms). */
  expressRequests: number;
  expressBilledMs: number;
  expressMemoryMb: number;
  lambdaInvocations: number;
  lambdaMs: number;
  lambdaMemoryMb: number;
  dynamoDbRequests: number;
  readUnits: number;
  writeUnits: number;
  snsPublishes: number;
}

export interface OrderCost {
  /** Standard transitions plus Express requests and duration. */
  stepFunctions: number;
  stepFunctionsStandard: number;
  stepFunctionsExpress: number;
  lambda: number;
  dynamoDb: number;
  sns: number;
  total: number;
}

export function orderCost(usage: OrderUsage, prices: Prices): OrderCost {
  const gbSeconds = (usage.lambdaMs / 1000) * (usage.lambdaMemoryMb / 1024);
  const stepFunctionsStandard = usage.transitions * prices.stepFunctionsStandardPerStateTransition;
  const expressGbHours = (usage.expressBilledMs / 3_600_000) * (usage.expressMemoryMb / 1024);
  const stepFunctionsExpress =
    usage.expressRequests * prices.stepFunctionsExpressPerRequest +
    expressGbHours * prices.stepFunctionsExpressPerGbHour;
  const stepFunctions = stepFunctionsStandard + stepFunctionsExpress;
  const lambda = usage.lambdaInvocations * prices.lambdaPerRequest + gbSeconds * prices.lambdaArm64PerGbSecond;
  const dynamoDb =
    usage.readUnits * prices.dynamoDbPerReadRequestUnit + usage.writeUnits * prices.dynamoDbPerWriteRequestUnit;
  const sns = usage.snsPublishes * prices.snsPerPublish;
  return {
    stepFunctions,
    stepFunctionsStandard,
    stepFunctionsExpress,
    lambda,
    dynamoDb,
    sns,
    total: stepFunctions + lambda + dynamoDb + sns,
  };
}
