/**
 * `npm run scenarios`: starts the embedded stack, runs every scenario in events/workflow/ (or the
 * files given) through the real state machine and handlers, prints a trace per order and a summary
 * table, stops the stack and exits: 0 if every scenario ended as it expects, 1 otherwise.
 */
import { progress, routeLogsToStderr } from './output';
import { parseWorkflowArgs, runCli } from './options';
import { loadScenarios, printScenarioReport, runScenarios } from './scenario-batch';
import { startRuntime } from 'offline-aws/runtime';
import type { ScenarioResult } from '../offline/scenario-file';

const USAGE = 'usage: npm run scenarios [-- [scenario.json …] [--json] [--review-timeout <seconds>]]';

async function main(): Promise<number> {
  routeLogsToStderr();
  const options = parseWorkflowArgs(process.argv.slice(2), USAGE);
  const scenarios = loadScenarios(options.files);

  const started = Date.now();
  progress(`starting the embedded stack and running ${scenarios.length} scenarios…`);
  const runtime = await startRuntime({
    // One run of a minute or less: DynamoDB Local's JVM compiles with C1 only (packages/offline-aws/src/dynamodb/dynamodb-local.ts).
    shortLived: true,
    runner: { taskTimeoutOverridesMs: { RequestReview: options.reviewTimeoutSeconds * 1000 } },
  });
  let results: ScenarioResult[];
  try {
    results = await runScenarios(runtime, scenarios);
  } finally {
    await runtime.stop();
  }
  return printScenarioReport(results, started, options.json) === 0 ? 0 : 1;
}

runCli(main);
