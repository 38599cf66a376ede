/**
 * The errors a history does not write where they happen. MapStateFailed, ParallelStateFailed and
 * MapIterationFailed carry no error, and a Fail state whose Error or Cause is computed (ErrorPath,
 * CausePath, JSONata) has none on its entry: the error is the one of the iteration or branch that
 * failed, or the one where it landed — the Catch that took it (its ResultPath in the state's
 * output, https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html) or
 * the execution it failed.
 */
import { containersOf, readPath, type DefinitionGraph, type JsonObject } from './definition';
import { parseObject, str, type Attempt, type ExecutionView, type StateRun } from './events';

/** Fills in the errors of failed Map and Parallel attempts, caught failures and computed Fail states. */
export function resolveFailures(view: ExecutionView, graph: DefinitionGraph): void {
  const depth = (run: StateRun) => containersOf(graph, run.name).length;
  const containers = view.runs.filter((run) => run.type === 'Map' || run.type === 'Parallel');
  // Innermost first: an inner Map's error is known before the outer one asks for it.
  for (const container of [...containers].sort((a, b) => depth(b) - depth(a))) {
    for (const attempt of container.attempts) {
      if (attempt.outcome !== 'failed' || attempt.error !== undefined) continue;
      const inner = innerFailure(view, graph, container, attempt);
      if (!inner) continue;
      setError(attempt, inner.error, inner.cause);
      if (attempt === container.attempts.at(-1) && container.failed && container.error === undefined) {
        setError(container, inner.error, inner.cause);
      }
    }
    if (container.failed && container.error === undefined && container.attempts.length === 0) {
      const inner = innerFailure(view, graph, container, undefined);
      if (inner) setError(container, inner.error, inner.cause);
    }
  }
  for (const run of view.runs) {
    if (!run.failed || run.exitedAt === undefined || run.error !== undefined) continue;
    const caught = caughtError(view, graph, run);
    if (caught) {
      setError(run, caught.error, caught.cause);
      const last = run.attempts.at(-1);
      if (last?.outcome === 'failed' && last.error === undefined) setError(last, caught.error, caught.cause);
    }
  }
  // Down again: a Fail state with a computed error, inside a Map or Parallel whose error is now known.
  for (const container of containers) {
    const last = container.attempts.at(-1);
    if (!container.failed || container.error === undefined) continue;
    for (const run of innerRuns(view, graph, container, last)) {
      if (run.type === 'Fail' && run.error === undefined) setError(run, container.error, container.cause);
    }
  }
}

function setError(target: StateRun | Attempt, error: string | undefined, cause: string | undefined): void {
  if (error !== undefined) target.error = error;
  if (cause !== undefined) target.cause = cause;
}

/** The entries inside a Map or Parallel state's attempt (all its entry's when there is no attempt). */
function innerRuns(view: ExecutionView, graph: DefinitionGraph, container: StateRun, attempt?: Attempt): StateRun[] {
  const from = attempt?.startEventId ?? container.id;
  const to = attempt?.endEventId ?? container.events.at(-1)?.id ?? Number.POSITIVE_INFINITY;
  return view.runs.filter(
    (run) => run.id > from && run.id <= to && containersOf(graph, run.name).includes(container.name),
  );
}

function innerFailure(view: ExecutionView, graph: DefinitionGraph, container: StateRun, attempt?: Attempt) {
  const failed = innerRuns(view, graph, container, attempt).filter((run) => run.failed && run.exitedAt === undefined);
  const known = failed.filter((run) => run.error !== undefined);
  return known.at(-1) ?? failed.at(-1);
}

/**
 * The error a Catch took: the state's output holds `{ Error, Cause }` at the catcher's ResultPath
 * (`$` unless it says). The catcher is the one leading to the state entered next.
 */
function caughtError(view: ExecutionView, graph: DefinitionGraph, run: StateRun) {
  const definition = graph.states.get(run.name)?.definition ?? {};
  const catchers = (Array.isArray(definition.Catch) ? definition.Catch : []) as JsonObject[];
  const next = view.runs.find((r) => r.id > run.id && catchers.some((c) => c.Next === r.name));
  const catcher = catchers.find((c) => c.Next === next?.name);
  if (!catcher || catcher.ResultPath === null) return undefined;
  const resultPath = str(catcher.ResultPath) ?? '$';
  const output = parseObject(run.output);
  const value = resultPath === '$' ? output : readPath(output, resultPath);
  const error = str((value as JsonObject | undefined)?.Error);
  return error === undefined ? undefined : { error, cause: str((value as JsonObject | undefined)?.Cause) };
}
