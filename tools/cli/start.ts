/**
 * `npm start`: the main job. Starts the embedded stack, runs every scenario in events/workflow/
 * through the real state machine and handlers, prints a trace per order and a summary table, and
 * exits non-zero if any scenario ends differently from what it expects.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { printResult, progress, routeLogsToStderr } from './output';
import { parseWorkflowArgs, runCli } from './options';
import { formatSummary, formatTrace } from './report';
import { startRuntime } from '../../local/runtime';
import { readScenario, runScenario, type ScenarioResult } from '../../local/workflow/scenario';

const USAGE = 'usage: npm start [-- [scenario.json …] [--json] [--review-timeout <seconds>]]';
const SCENARIO_DIR = join('events', 'workflow');

async function main(): Promise<number> {
  routeLogsToStderr();
  // npm start runs every scenario as written: no injected faults, so no --fail or --redrive.
  const options = parseWorkflowArgs(process.argv.slice(2), USAGE, { faults: false });
  const files =
    options.files.length > 0
      ? options.files
      : readdirSync(SCENARIO_DIR)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(SCENARIO_DIR, f));
  // Read every file first: a broken scenario is reported before anything runs.
  const scenarios = files.map((file) => ({ file, scenario: readScenario(file) }));

  const started = Date.now();
  progress(`starting the embedded stack and running ${scenarios.length} scenarios…`);
  const runtime = await startRuntime({
    runner: { taskTimeoutOverridesMs: { RequestReview: options.reviewTimeoutSeconds * 1000 } },
  });
  let results: ScenarioResult[];
  try {
    // Orders are independent (own ids, own stock lines), so they run side by side as in production.
    results = await Promise.all(scenarios.map(({ file, scenario }) => runScenario(runtime, file, scenario)));
  } finally {
    await runtime.stop();
  }

  if (options.json) {
    printResult(JSON.stringify({ scenarios: results, durationMs: Date.now() - started }));
  } else {
    for (const result of results) printResult(`${formatTrace(result)}\n`);
    printResult(formatSummary(results));
    const unexpected = results.filter((r) => !r.asExpected).length;
    printResult(
      unexpected === 0
        ? `\nAll ${results.length} scenarios ended as expected (${Date.now() - started} ms).`
        : `\n${unexpected} of ${results.length} scenarios ended unexpectedly.`,
    );
  }
  return results.every((r) => r.asExpected) ? 0 : 1;
}

runCli(main);
