/**
 * `npm run cost [-- --json]`: runs every scenario once, one at a time, on the embedded stack and
 * prints what each order used — Standard state transitions and Express children (requests, duration
 * rounded up to 100 ms; derived from each execution's history), Lambda invocations,
 * DynamoDB requests (counted on the wire) — and its price per million orders from the dated list
 * prices in packages/offline-aws/src/cost/prices.json.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_MEMORY_MB, measureScenarios } from '../cost/measure';
import { loadPrices } from 'offline-aws/cost/model';
import { startRuntime } from 'offline-aws/runtime';
import { printResult, progress, routeLogsToStderr } from './output';
import { parseCostArgs, runCli } from './options';

async function main(): Promise<number> {
  routeLogsToStderr();
  const { json } = parseCostArgs(process.argv.slice(2));
  const prices = loadPrices();
  const dir = join('events', 'workflow');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));

  progress('starting the embedded stack (DynamoDB requests counted on the wire)…');
  const runtime = await startRuntime({
    // Real Wait states (the scenarios' windows are 1-2 s), so every scenario takes its own path.
    countDynamoDbRequests: true,
    // A run of seconds: DynamoDB Local's JVM compiles with C1 only (packages/offline-aws/src/dynamodb/dynamodb-local.ts).
    shortLived: true,
    runner: { taskTimeoutOverridesMs: { RequestReview: 1000 } },
  });
  let rows;
  try {
    // Measured warm: the happy path runs once first (every function an order calls), not counted.
    rows = await measureScenarios(runtime, files, prices, { warmUp: join(dir, 'happy-path.json') });
  } finally {
    await runtime.stop();
  }

  if (json) {
    printResult(
      JSON.stringify({
        prices: { asOf: prices.asOf, region: prices.region, currency: prices.currency },
        scenarios: rows,
      }),
    );
    return 0;
  }
  const header = [
    'scenario',
    'transitions',
    'express req',
    'express ms',
    'SFN $/order',
    'lambda',
    'dynamodb req',
    'RRU',
    'WRU',
    `${prices.currency}/1M orders`,
  ];
  const table = rows.map((r) => [
    r.scenario,
    String(r.transitions),
    String(r.expressRequests),
    String(r.expressBilledMs),
    r.costPerOrder.stepFunctions.toFixed(7),
    String(r.lambdaInvocations),
    String(r.dynamoDbRequests),
    String(r.readUnits),
    String(r.writeUnits),
    r.costPerMillionOrders.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)) + 2);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('')
      .trimEnd();
  printResult([line(header), line(widths.map((w) => '-'.repeat(w - 2))), ...table.map(line)].join('\n'));
  printResult(
    `\nList prices of ${prices.asOf} (${prices.region}, packages/offline-aws/src/cost/prices.json); Lambda at ${LAMBDA_MEMORY_MB} MB arm64, ` +
      'duration measured in-process (warm); DynamoDB units assume items under 1 KB. Standard transitions are the ' +
      "parent's; each Express child is one request plus its duration rounded up to 100 ms at 64 MB (express ms), " +
      "read from the parent's history (SFN $/order: both).",
  );
  return 0;
}

runCli(main);
