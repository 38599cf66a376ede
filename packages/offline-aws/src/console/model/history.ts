/**
 * An execution read from its history alone, in the format of GetExecutionHistory
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html): what each
 * state did (its entries, attempts, errors, backoffs, Map iterations and map runs, variables and
 * events) and the execution's outcome. The same code reads the local endpoint's answers and a
 * file exported from a deployed stage with `aws stepfunctions get-execution-history`.
 *
 * As AWS records them: a retried Map or Parallel starts again (one more MapStateStarted, no failure
 * event for the attempt before); MapStateFailed and ParallelStateFailed carry no error (it is the
 * failed iteration's or branch's, or the one the Catch or the execution reports); a Fail state has
 * no exit; an EvaluationFailed names its state (its previousEventId may be the state before).
 */
import { attribute, placeKey } from './attribution';
import type { DefinitionGraph } from './definition';
import { successors } from './definition';
import { detailsOf, str, toMillis, type Attempt, type ExecutionView, type HistoryEvent, type StateRun } from './events';
import { resolveFailures } from './failures';

export * from './events';

const ATTEMPT_START = /^(LambdaFunction|Task|Activity)Scheduled$|^(Parallel|Map)StateStarted$/;
const ATTEMPT_RUNNING = /^(LambdaFunction|Task|Activity)Started$/;
const ATTEMPT_SUCCEEDED = /^(LambdaFunction|Task|Activity)Succeeded$|^(Parallel|Map)StateSucceeded$/;
const ATTEMPT_TIMED_OUT = /^(LambdaFunction|Task|Activity)TimedOut$/;
const ATTEMPT_FAILED =
  /^(LambdaFunction|Task|Activity)(Failed|StartFailed|SubmitFailed|ScheduleFailed)$|^(Parallel|Map)State(Failed|Aborted)$/;
const END_STATUS: Record<string, ExecutionView['status']> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
};
const RUN_STATUS = { Succeeded: 'succeeded', Failed: 'failed', Aborted: 'aborted' } as const;

function resourceOf(event: HistoryEvent): string | undefined {
  const details = detailsOf(event);
  const resource = str(details.resource);
  const type = str(details.resourceType);
  return type ? `${type}:${resource ?? ''}` : resource;
}

/** Reads an execution from its history events (sorted by id) and its definition. */
export function readExecution(events: readonly HistoryEvent[], graph: DefinitionGraph): ExecutionView {
  const view: ExecutionView = {
    status: 'RUNNING',
    runs: [],
    byState: new Map(),
    taken: new Set(),
    events: [...events],
  };
  const places = attribute(events, graph);
  const current = new Map<string, StateRun>();
  const latest = new Map<string, StateRun>();
  const lastOfState = new Map<string, number>();
  let endedBy: number | undefined;
  for (const event of events) {
    const at = toMillis(event.timestamp);
    const details = detailsOf(event);
    if (event.type === 'ExecutionStarted') {
      view.startedAt = at;
      view.input = str(details.input);
      continue;
    }
    if (event.type === 'ExecutionRedriven') {
      // A redrive reopens the execution: it runs again until its next end (API_RedriveExecution.html).
      Object.assign(view, { status: 'RUNNING', stoppedAt: undefined, output: undefined, error: undefined });
      view.cause = undefined;
      endedBy = undefined;
      continue;
    }
    const endStatus = END_STATUS[event.type];
    if (endStatus) {
      Object.assign(view, { status: endStatus, stoppedAt: at });
      view.output = str(details.output);
      view.error = str(details.error);
      view.cause = str(details.cause);
      endedBy = event.previousEventId;
      continue;
    }
    const place = places.get(event.id);
    if (!place) continue;
    const name = place.state;
    if (event.type.endsWith('StateEntered')) {
      const run = enter(event, place.frames, name, at, str(details.input), graph);
      view.runs.push(run);
      current.set(placeKey(place), run);
      latest.set(name, run);
      view.byState.set(name, [...(view.byState.get(name) ?? []), run]);
      const from = predecessor(event, name, places, graph, lastOfState);
      if (from !== undefined) view.taken.add(`${from}->${name}`);
      lastOfState.set(name, event.id);
      continue;
    }
    lastOfState.set(name, event.id);
    const run = current.get(placeKey(place)) ?? latest.get(name);
    if (!run) continue;
    run.events.push(event);
    if (event.type.endsWith('StateExited')) {
      run.exitedAt = at;
      run.output = str(details.output);
      const assigned = details.assignedVariables;
      if (assigned !== null && typeof assigned === 'object') run.variables = assigned as Record<string, string>;
    } else if (event.type === 'EvaluationFailed') {
      failWith(run, str(details.error), str(details.cause), at, event.id);
      run.errorLocation = str(details.location);
    } else if (event.type.startsWith('MapIteration')) iteration(run, event, at, details);
    else if (event.type.startsWith('MapRun')) mapRun(run, event, at, details);
    else recordAttempt(run, event, at, details);
  }
  const origin = endedBy === undefined ? undefined : places.get(endedBy);
  const failedRun = origin ? (current.get(placeKey(origin)) ?? latest.get(origin.state)) : undefined;
  if (view.status === 'FAILED' && failedRun && failedRun.exitedAt === undefined) {
    // The event before ExecutionFailed is the failing state's (a Wait's runtime error, a Fail state, a Map that failed).
    failedRun.failed = true;
    failedRun.error ??= view.error;
    failedRun.cause ??= view.cause;
  }
  resolveFailures(view, graph);
  return view;
}

function enter(
  event: HistoryEvent,
  frames: StateRun['frames'],
  name: string,
  at: number,
  input: string | undefined,
  graph: DefinitionGraph,
): StateRun {
  const run: StateRun = {
    id: event.id,
    name,
    type: event.type.replace(/StateEntered$/, ''),
    frames,
    enteredAt: at,
    input,
    attempts: [],
    failed: false,
    iterations: [],
    mapRuns: [],
    events: [event],
  };
  if (run.type === 'Fail') {
    // A Fail state has no exit: it fails its scope with the Error and Cause it declares.
    const definition = graph.states.get(name)?.definition ?? {};
    run.failed = true;
    if (typeof definition.Error === 'string' && !definition.Error.includes('{%')) run.error = definition.Error;
    if (typeof definition.Cause === 'string' && !definition.Cause.includes('{%')) run.cause = definition.Cause;
  }
  return run;
}

/** The entry fails: its running attempt (if any) with it. */
function failWith(run: StateRun, error: string | undefined, cause: string | undefined, at: number, id: number) {
  run.failed = true;
  if (error !== undefined) run.error = error;
  if (cause !== undefined) run.cause = cause;
  const last = run.attempts.at(-1);
  if (last?.outcome === 'running') {
    Object.assign(last, { outcome: 'failed', endedAt: at, endEventId: id });
    if (error !== undefined) last.error = error;
    if (cause !== undefined) last.cause = cause;
  }
}

function iteration(run: StateRun, event: HistoryEvent, at: number, details: Record<string, unknown>): void {
  const index = typeof details.index === 'number' ? details.index : -1;
  const attempt = Math.max(1, run.attempts.length);
  if (event.type === 'MapIterationStarted') {
    run.iterations.push({ index, attempt, status: 'running', startedAt: at });
    return;
  }
  const found = run.iterations.findLast((i) => i.index === index && i.status === 'running');
  const status = RUN_STATUS[event.type.replace('MapIteration', '') as keyof typeof RUN_STATUS];
  if (found && status) Object.assign(found, { status, endedAt: at });
}

function mapRun(run: StateRun, event: HistoryEvent, at: number, details: Record<string, unknown>): void {
  if (event.type === 'MapRunStarted') {
    const arn = str(details.mapRunArn);
    run.mapRuns.push({
      attempt: Math.max(1, run.attempts.length),
      status: 'running',
      startedAt: at,
      ...(arn === undefined ? {} : { mapRunArn: arn }),
    });
    return;
  }
  const last = run.mapRuns.at(-1);
  const status = RUN_STATUS[event.type.replace('MapRun', '') as keyof typeof RUN_STATUS];
  if (!last || !status) return;
  Object.assign(last, { status, endedAt: at });
  if (str(details.error) !== undefined) last.error = str(details.error);
  if (str(details.cause) !== undefined) last.cause = str(details.cause);
}

function recordAttempt(run: StateRun, event: HistoryEvent, at: number, details: Record<string, unknown>): void {
  const last = run.attempts.at(-1);
  if (ATTEMPT_START.test(event.type)) {
    if (last?.outcome === 'running' && event.type.endsWith('StateStarted')) {
      // A retried Map or Parallel: AWS starts it again without a failure event for the attempt before.
      const ended = [...run.iterations].filter((i) => i.attempt === last.number).at(-1)?.endedAt;
      Object.assign(last, { outcome: 'failed', endedAt: ended ?? at, endEventId: event.id - 1 });
    }
    const resource = resourceOf(event);
    const previous = run.attempts.at(-1);
    const attempt: Attempt = {
      number: run.attempts.length + 1,
      scheduledAt: at,
      outcome: 'running',
      startEventId: event.id,
      ...(previous?.endedAt === undefined ? {} : { backoffMs: at - previous.endedAt }),
      ...(resource === undefined ? {} : { resource }),
      ...(typeof details.length === 'number' ? { items: details.length } : {}),
    };
    if (event.type.endsWith('StateStarted')) attempt.startedAt = at;
    run.attempts.push(attempt);
    run.failed = false;
    return;
  }
  const failure = ATTEMPT_FAILED.test(event.type) || ATTEMPT_TIMED_OUT.test(event.type);
  if (!last || last.outcome !== 'running') {
    // A failure without an attempt: a Map whose items could not be read, a Parallel that failed before starting.
    if (failure) failWith(run, str(details.error), str(details.cause), at, event.id);
    return;
  }
  if (ATTEMPT_RUNNING.test(event.type)) last.startedAt = at;
  else if (ATTEMPT_SUCCEEDED.test(event.type)) {
    Object.assign(last, { outcome: 'succeeded', endedAt: at, endEventId: event.id });
    run.failed = false;
    delete run.error;
    delete run.cause;
  } else if (failure) {
    failWith(run, str(details.error), str(details.cause), at, event.id);
    if (ATTEMPT_TIMED_OUT.test(event.type)) last.outcome = 'timedOut';
  }
}

/**
 * The state an entry came from: the state of its previousEventId when that state can lead to it,
 * else the latest entered state that can. Undefined for a scope's first state.
 */
function predecessor(
  event: HistoryEvent,
  name: string,
  places: Map<number, { state: string }>,
  graph: DefinitionGraph,
  lastOfState: Map<string, number>,
): string | undefined {
  const candidate = event.previousEventId === undefined ? undefined : places.get(event.previousEventId)?.state;
  if (candidate !== undefined && candidate !== name && successors(graph, candidate).includes(name)) return candidate;
  let best: { state: string; id: number } | undefined;
  for (const [state, id] of lastOfState) {
    if (state === name || id >= event.id || !successors(graph, state).includes(name)) continue;
    if (!best || id > best.id) best = { state, id };
  }
  return best?.state;
}
