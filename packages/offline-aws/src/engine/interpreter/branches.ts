/**
 * Running several lines of work at once for a Parallel's branches and a Map's iterations: each in a
 * line of the history and a variables' scope of its own; the first failure stops the others
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html: "If any branch fails …
 * the entire Parallel state fails", and the same for an inline Map's iterations).
 */
import type { StateError } from '../errors';
import type { Json } from '../query/types';
import { asStateError, RunStopped, type Place, type RunContext } from './context';

export interface LineOfWork {
  /** Runs in `place` with `context` (whose signal also stops it when a sibling failed). */
  run(place: Place, context: RunContext): Promise<Json>;
  /**
   * Its key in the execution's redrive memory (RedriveMemory.keyOf): a redrive does not run again a
   * branch or iteration that succeeded before, and records no events for it.
   */
  key?: string;
}

export interface Settled {
  results: Json[];
  /** The first failure, if any (the others were stopped). */
  error?: StateError;
}

/**
 * Runs `work` with at most `concurrency` at a time (0: all at once), each from `parent`'s line.
 * @param started called as each one starts, with its place (a Map records MapIterationStarted there).
 * @param ended called as each one ends, with its place and its outcome.
 * @throws RunStopped when the execution was stopped.
 */
export async function runConcurrently(
  work: LineOfWork[],
  concurrency: number,
  parent: Place,
  context: RunContext,
  hooks: {
    started?(index: number, place: Place): void;
    ended?(index: number, place: Place, outcome: 'succeeded' | 'failed' | 'aborted'): void;
  } = {},
): Promise<Settled> {
  const controller = new AbortController();
  const inner: RunContext = { ...context, signal: AbortSignal.any([context.signal, controller.signal]) };
  const results: Json[] = new Array<Json>(work.length).fill(null);
  let error: StateError | undefined;
  let next = 0;
  const runOne = async (index: number): Promise<void> => {
    const { key, run } = work[index] as LineOfWork;
    const reused = key === undefined ? undefined : context.redrive?.reuse(key);
    if (reused) {
      results[index] = reused.output;
      return;
    }
    const place: Place = { line: parent.line.fork(), variables: parent.variables.child(), map: parent.map, path: key };
    hooks.started?.(index, place);
    try {
      results[index] = await run(place, inner);
      if (key !== undefined) context.redrive?.succeeded(key, results[index] ?? null);
      hooks.ended?.(index, place, 'succeeded');
    } catch (thrown) {
      if (thrown instanceof RunStopped) {
        if (!context.signal.aborted) hooks.ended?.(index, place, 'aborted');
        return;
      }
      hooks.ended?.(index, place, 'failed');
      error ??= asStateError(thrown);
      controller.abort();
    } finally {
      // The parent goes on from the line that ended last (recorded on AWS: previousEventId).
      parent.line.cursor = place.line.cursor;
    }
  };
  const worker = async (): Promise<void> => {
    while (next < work.length && !inner.signal.aborted) await runOne(next++);
  };
  const workers = concurrency > 0 ? Math.min(concurrency, work.length) : work.length;
  await Promise.all(Array.from({ length: workers }, worker));
  if (context.signal.aborted) throw new RunStopped();
  return { results, ...(error === undefined ? {} : { error }) };
}
