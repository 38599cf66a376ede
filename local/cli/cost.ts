/**
 * `npm run cost [-- --json]`: runs every scenario once, one at a time, on the embedded stack and
 * prints what each order used — state transitions (counted by the runner), Lambda invocations,
 * DynamoDB requests (counted on the wire) — and its price per million orders from the dated list
 * prices in local/cost/prices.json.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadPrices, orderCost, type OrderUsage } from '../cost/model';
import { startRuntime } from '../runtime';
import { readScenario, runScenario } from '../workflow/scenario';
import { printResult, progress, routeLogsToStderr } from './output';
import { UsageError } from './options';

const LAMBDA_MEMORY_MB = 512;

async function main(): Promise<number> {
  routeLogsToStderr();
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== '--json');
  if (unknown.length > 0) throw new UsageError(`Unknown argument ${unknown[0]}\nusage: npm run cost [-- --json]`);
  const json = args.includes('--json');
  const prices = loadPrices();
  const dir = join('events', 'workflow');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));

  progress('starting the embedded stack (DynamoDB requests counted on the wire)…');
  const runtime = await startRuntime({
    countDynamoDbRequests: true,
    skipWaitStates: true,
    runner: { taskTimeoutOverridesMs: { RequestReview: 1000 } },
  });
  const counter = runtime.stack.requestCounter;
  if (!counter) throw new Error('request counter did not start');
  const rows = [];
  try {
    for (const file of files) {
      counter.reset();
      runtime.lambdaStats.reset();
      const result = await runScenario(runtime, file, readScenario(file));
      const usage: OrderUsage = {
        transitions: result.transitions,
        lambdaInvocations: runtime.lambdaStats.invocations,
        lambdaMs: runtime.lambdaStats.durationMs,
        lambdaMemoryMb: LAMBDA_MEMORY_MB,
        dynamoDbRequests: counter.total(),
        readUnits: counter.units().read,
        writeUnits: counter.units().write,
        snsPublishes: result.services.notifications.length,
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
  const header = ['scenario', 'transitions', 'lambda', 'dynamodb req', 'RRU', 'WRU', `${prices.currency}/1M orders`];
  const table = rows.map((r) => [
    r.scenario,
    String(r.transitions),
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
    `\nList prices of ${prices.asOf} (${prices.region}, local/cost/prices.json); Lambda at ${LAMBDA_MEMORY_MB} MB arm64, ` +
      'duration measured in-process (warm); DynamoDB units assume items under 1 KB.',
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof UsageError ? error.message : String((error as Error).stack ?? error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
