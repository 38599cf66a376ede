/**
 * The recorded cases as a ratchet: run them in-process, and hold the outcome against the checked-in
 * list of the cases known to differ today (known-differences.json: case name → its first difference).
 * A case that differs and is not listed is a regression; a listed case that is now the same must
 * leave the list, so that the list only shrinks as the engine comes closer to AWS.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { RecordedCase } from './corpus';
import { recordedRunner, runCase, type CaseResult, type RunOptions } from './run-case';

export const KNOWN_DIFFERENCES_FILE = join(import.meta.dirname, 'known-differences.json');

/** Case name → the one-line reason it differs today (its first difference). */
export type KnownDifferences = Record<string, string>;

/** How many cases run at once: they mostly wait on timers (Wait states), and share one runner. */
const CONCURRENCY = 8;

/**
 * Runs `cases` on one in-process runner, a few at a time; `onResult` hears each as it ends.
 * @returns the results in the order of `cases`.
 */
export async function runCases(
  cases: RecordedCase[],
  options: RunOptions = {},
  onResult: (result: CaseResult) => void = () => undefined,
): Promise<CaseResult[]> {
  const runner = recordedRunner();
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next;
      next += 1;
      const kase = cases[index] as RecordedCase;
      results[index] = await runCase(runner, kase, options);
      onResult(results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, cases.length) }, worker));
  await runner.abortAll();
  return results;
}

/**
 * Runs `run` with the process's warnings kept instead of printed (Node's own printer is put back
 * after): the engine's timers warn of a Wait whose timestamp has passed (TimeoutNegativeWarning).
 */
export async function keepingWarnings<T>(run: () => Promise<T>): Promise<{ value: T; warnings: Error[] }> {
  const printers = process.listeners('warning');
  const warnings: Error[] = [];
  const keep = (warning: Error) => warnings.push(warning);
  process.removeAllListeners('warning');
  process.on('warning', keep);
  try {
    return { value: await run(), warnings };
  } finally {
    process.off('warning', keep);
    for (const printer of printers) process.on('warning', printer);
  }
}

export function readKnownDifferences(): KnownDifferences {
  return z.record(z.string(), z.string()).parse(JSON.parse(readFileSync(KNOWN_DIFFERENCES_FILE, 'utf8')));
}

/**
 * The one-line reason kept for a case that differs: its first difference, cut to 200 characters
 * (a refused definition by what the refusal names, without the words every refusal shares).
 */
const reason = (result: CaseResult) =>
  (result.first ?? '')
    .replace(
      /^create: AWS accepted the definition; CreateStateMachine refused: InvalidDefinition: Invalid State Machine Definition: /,
      'create: refused: ',
    )
    .replace(' (refused rather than run differently from AWS)', '')
    .replace(/\s+/g, ' ')
    .slice(0, 200);

/**
 * Rewrites known-differences.json from `results` (of every case: cases not run are dropped from it).
 * Sorted by name, so that its diffs read well.
 */
export function writeKnownDifferences(results: CaseResult[]): void {
  const known = Object.fromEntries(
    results
      .filter((r) => r.verdict === 'DIFF')
      .map((r) => [r.name, reason(r)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  writeFileSync(KNOWN_DIFFERENCES_FILE, JSON.stringify(known, null, 2) + '\n');
}

export interface Ratchet {
  /** Cases that differ and are not listed: `name: first difference`. */
  regressions: string[];
  /** Listed cases that are now the same: to be removed from the list. */
  fixed: string[];
}

/** `results` held against the list of known differences. */
export function ratchet(results: CaseResult[], known: KnownDifferences): Ratchet {
  return {
    regressions: results
      .filter((r) => r.verdict === 'DIFF' && !(r.name in known))
      .map((r) => `${r.name}: ${reason(r)}`),
    fixed: results.filter((r) => r.verdict === 'SAME' && r.name in known).map((r) => r.name),
  };
}

/** What a failing ratchet says: each regression, and each case to remove from the list. */
export function ratchetMessage({ regressions, fixed }: Ratchet): string {
  const lines: string[] = [];
  if (regressions.length) {
    lines.push(`${regressions.length} recorded case(s) now differ from AWS (regressions):`, ...regressions);
  }
  if (fixed.length) {
    lines.push(
      `${fixed.length} case(s) listed in known-differences.json now answer as AWS did: remove them from the list`,
      '(or regenerate it: npx tsx packages/offline-aws/scripts/aws-recorded.ts --write-known):',
      ...fixed,
    );
  }
  return lines.join('\n');
}
