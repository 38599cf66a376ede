/**
 * `npm run bench [-- --json] [--orders N] [--concurrency C] [--runs R]`
 * Measures, in one run on the embedded stack: the DynamoDB Local request rate and the requests one
 * happy-path order costs (their ratio is the DB-bound order rate), N happy-path orders end to end
 * (orders/s, p50/p95 latency, ratio to the bound), per-function bundle and zip size, module init
 * time against loading the TypeScript source, what source maps cost, and each scenario's
 * transitions, invocations and requests.
 * Progress on stderr; `--json` prints one JSON object on stdout. Writes docs/benchmarks.md (its
 * summary table first) from the figures it printed.
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { measureColdStarts, round } from '../bench/cold-start';
import { writeBenchmarkDocs, type BenchmarkResult } from '../bench/report';
import { measureDbBound, measureEndToEnd } from '../bench/throughput';
import { measureScenarios } from '../cost/measure';
import { loadPrices } from 'offline-aws/cost/model';
import { startRuntime } from 'offline-aws/runtime';
import { resolvedEnvironment } from 'offline-aws/serverless/cloudformation';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { readScenario } from '../offline/scenario-file';
import { printResult, progress, routeLogsToStderr } from './output';
import { parseBenchArgs, runCli } from './options';

function machine() {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gib: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    java: (java.stderr || java.stdout).split('\n')[0]?.trim() ?? 'unknown',
    platform: `${process.platform} ${process.arch}`,
  };
}

/** A scenario's transition budget, from its file (`expect.maxTransitions`). */
const budgetOf = (scenario: string): number | undefined =>
  readScenario(join('events', 'workflow', `${scenario.replace(/\.json$/, '')}.json`)).expect?.maxTransitions;

async function main(): Promise<number> {
  routeLogsToStderr();
  const options = parseBenchArgs(process.argv.slice(2));
  // Handler logs on the hot path cost throughput; keep warnings and errors only.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const started = Date.now();
  const scenarioDir = join('events', 'workflow');
  const files = readdirSync(scenarioDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(scenarioDir, f));
  const happyPath = readScenario(join(scenarioDir, 'happy-path.json'));

  progress('starting the embedded stack (DynamoDB requests counted on the wire)…');
  const runtime = await startRuntime({
    countDynamoDbRequests: true,
    runner: { taskTimeoutOverridesMs: { RequestReview: 1000 } },
  });
  let scenarios, db, e2e, requestsPerOrder;
  try {
    progress('counting what each scenario uses…');
    // Warm, as `npm run cost` measures them: the happy path runs once first, unmeasured.
    scenarios = await measureScenarios(runtime, files, loadPrices(), {
      warmUp: join(scenarioDir, 'happy-path.json'),
    });
    const happy = scenarios.find((s) => s.scenario === 'happy-path');
    if (!happy) throw new Error('events/workflow/happy-path.json is missing');
    requestsPerOrder = happy.dynamoDbRequests;

    // Plenty of stock, so the end-to-end run measures speed, not OutOfStock.
    const order = happyPath.order as { items: { sku: string }[] };
    for (const { sku } of order.items) {
      await runtime.stack.documentClient.send(
        new PutCommand({
          TableName: runtime.stack.tableName('InventoryTable'),
          Item: { pk: `SKU#${sku}`, sku, available: 100_000_000 },
        }),
      );
    }
    // One order keeps more than one request in flight (parallel branches, notifications), so the
    // bound is the best rate DynamoDB Local sustains at the benchmark's concurrency or 4x it.
    const levels = [options.concurrency, options.concurrency * 4];
    progress(`DB bound: replaying one order's request mix at concurrency ${levels.join(' and ')}, 5 s each…`);
    const bounds = [];
    for (const level of levels) bounds.push(await measureDbBound(runtime, happy.dynamoDbByOperation, level, 5000));
    db = bounds.reduce((best, b) => (b.requests_per_s > best.requests_per_s ? b : best));
    progress(`end to end: ${options.orders} happy-path orders at concurrency ${options.concurrency}…`);
    e2e = await measureEndToEnd(runtime, happyPath, options.orders, options.concurrency);
  } finally {
    await runtime.stop();
  }

  progress('cold start: sls package, then module init of each bundle vs its TypeScript source…');
  // serverless-esbuild keeps its build directory and zips what it finds there: start from an empty
  // one, so files left by an earlier configuration (metafiles, maps) are not measured.
  rmSync(resolve('.esbuild', '.build'), { recursive: true, force: true });
  const packaged = spawnSync('npx', ['sls', 'package'], { encoding: 'utf8', timeout: 180_000 });
  if (packaged.status !== 0) throw new Error(`sls package failed:\n${packaged.stdout}\n${packaged.stderr}`);
  const config = loadServerlessConfig();
  const functions = measureColdStarts(
    config,
    resolve('.esbuild', '.build'),
    resolve('.serverless'),
    options.runs,
    progress,
    (name) => resolvedEnvironment(config, name),
  );

  const boundOrdersPerS = db.requests_per_s / requestsPerOrder;
  const result: BenchmarkResult & { goals: Record<string, string> } = {
    bound_orders_per_s: round(boundOrdersPerS, 1),
    orders_per_s: round(e2e.orders_per_s, 1),
    p50_ms: round(e2e.p50_ms),
    p95_ms: round(e2e.p95_ms),
    ratio_to_bound: round(e2e.orders_per_s / boundOrdersPerS, 3),
    db: {
      requests_per_s: round(db.requests_per_s),
      requests_per_order: requestsPerOrder,
      concurrency: db.concurrency,
      mix: db.mix,
    },
    end_to_end: {
      ...e2e,
      seconds: round(e2e.seconds, 2),
      orders_per_s: round(e2e.orders_per_s, 1),
      p50_ms: round(e2e.p50_ms),
      p95_ms: round(e2e.p95_ms),
    },
    functions,
    scenarios: Object.fromEntries(
      scenarios.map((s) => [
        s.scenario,
        {
          status: s.status,
          transitions: s.transitions,
          express_requests: s.expressRequests,
          express_billed_ms: s.expressBilledMs,
          step_functions_usd_per_order: round(s.costPerOrder.stepFunctions, 7),
          lambda_invocations: s.lambdaInvocations,
          dynamodb_requests: s.dynamoDbRequests,
          cost_per_million_orders_usd: round(s.costPerMillionOrders, 2),
          ...(budgetOf(s.scenario) === undefined ? {} : { max_transitions: budgetOf(s.scenario) }),
        },
      ]),
    ),
    machine: machine(),
    goals: {
      ratio_to_bound: '>= 0.5',
      bundle_bytes: '<= 204800 (200 KB minified)',
      zip_bytes: '<= 204800 (200 KB, the deployment package)',
      init_ratio: '<= 0.3',
      happy_path_transitions: `<= ${budgetOf('happy-path') ?? '?'} (events/workflow/happy-path.json expect.maxTransitions)`,
      happy_path_step_functions_usd: '<= 0.000180 (Standard transitions + Express requests and duration; issue 28)',
    },
    date: new Date().toISOString(),
    duration_s: round((Date.now() - started) / 1000, 1),
  };
  await writeBenchmarkDocs(result);
  printResult(options.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
  return 0;
}

runCli(main);
