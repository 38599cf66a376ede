/**
 * The sample orders of events/workflow/ as one batch, shared by `npm run scenarios` (run them and
 * exit) and `npm start` (run them once on the stack it keeps serving): read every file, run the
 * orders side by side on a started runtime, print one trace per order and the summary table.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fitLine } from 'offline-aws/logs/lines';
import { printResult, progress } from './output';
import { formatSummary, formatTrace } from './report';
import type { Runtime } from 'offline-aws/runtime';
import { runScenario } from '../offline/scenario';
import { readScenario, type Scenario, type ScenarioResult } from '../offline/scenario-file';

export const SCENARIO_DIR = join('events', 'workflow');

export interface ScenarioFile {
  file: string;
  scenario: Scenario;
}

/**
 * The given files, or every `*.json` of events/workflow/ in name order, each read and validated
 * first: a broken scenario is reported (readScenario throws, naming the file) before anything runs.
 */
export function loadScenarios(files: string[]): ScenarioFile[] {
  const chosen =
    files.length > 0
      ? files
      : readdirSync(SCENARIO_DIR)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(SCENARIO_DIR, f));
  return chosen.map((file) => ({ file, scenario: readScenario(file) }));
}

/** `✔ happy-path: SUCCEEDED · order COMPLETED · 1234 ms`: one order's end, for the progress lines. */
export function orderEndLine(result: ScenarioResult): string {
  const order = (result.order as { status?: string } | null)?.status ?? '-';
  const error = result.error ? ` (${result.error})` : '';
  const mark = result.asExpected ? '✔' : '✖';
  const expected = result.asExpected ? '' : ' · UNEXPECTED';
  return `${mark} ${basename(result.scenario, '.json')}: ${result.status}${error} · order ${order} · ${result.durationMs} ms${expected}`;
}

/**
 * Runs every order side by side (they have their own ids and stock lines, as in production),
 * saying on stderr as each one starts and ends.
 */
export function runScenarios(runtime: Runtime, scenarios: ScenarioFile[]): Promise<ScenarioResult[]> {
  return Promise.all(
    scenarios.map(async ({ file, scenario }) => {
      progress(fitLine(`▶ ${basename(file, '.json')}: ${scenario.description}`));
      const result = await runScenario(runtime, file, scenario);
      progress(fitLine(orderEndLine(result)));
      return result;
    }),
  );
}

/**
 * Prints the batch on stdout: with `json`, one object `{ scenarios, durationMs }`; otherwise every
 * trace, the summary table and a closing line. Returns how many orders ended unexpectedly.
 */
export function printScenarioReport(results: ScenarioResult[], startedMs: number, json: boolean): number {
  const unexpected = results.filter((r) => !r.asExpected).length;
  if (json) {
    printResult(JSON.stringify({ scenarios: results, durationMs: Date.now() - startedMs }));
    return unexpected;
  }
  for (const result of results) printResult(`${formatTrace(result)}\n`);
  printResult(formatSummary(results));
  printResult(
    unexpected === 0
      ? `\nAll ${results.length} scenarios ended as expected (${Date.now() - startedMs} ms).`
      : `\n${unexpected} of ${results.length} scenarios ended unexpectedly.`,
  );
  return unexpected;
}
