/**
 * What happened to each state, in the words the console colours them by, the state where a failed
 * execution went wrong, and what the execution was billed for. Derived from a definition and a
 * history alone (model/definition.ts, model/history.ts).
 */
import { containersOf, isDistributedMap, readPath, type DefinitionGraph, type StateNode } from './definition';
import { parseObject, toMillis, type ExecutionView, type StateRun } from './events';

export type StateStatus =
  | 'succeeded'
  | 'failed'
  | 'caught'
  | 'retried'
  | 'compensation'
  | 'waitingForToken'
  | 'waitingUntil'
  | 'running'
  | 'stopped'
  | 'inMapRun'
  | 'notRun';

/** The legend, in the order the page shows it. */
export const STATUS_LABELS: Record<StateStatus, string> = {
  succeeded: 'succeeded',
  retried: 'succeeded after retries',
  caught: 'failed, caught',
  failed: 'failed',
  compensation: 'compensation (undo step) ran',
  waitingForToken: 'waiting for a task token',
  waitingUntil: 'waiting until a time',
  running: 'running',
  stopped: 'stopped with the execution',
  inMapRun: 'ran in a Map Run (child executions)',
  notRun: 'not run',
};

export interface StateOutcome {
  status: StateStatus;
  /** For a Wait state that is waiting: when it ends (epoch ms), if the definition and input say. */
  waitUntil?: number;
  /** Attempts beyond the first, summed over the state's entries. */
  retries: number;
  error?: string;
  cause?: string;
}

/** When a waiting Wait state ends: Seconds, Timestamp, SecondsPath or TimestampPath on its input. */
export function waitEnd(state: StateNode, run: StateRun): number | undefined {
  const def = state.definition;
  const input = parseObject(run.input);
  const seconds =
    typeof def.Seconds === 'number'
      ? def.Seconds
      : typeof def.SecondsPath === 'string'
        ? readPath(input, def.SecondsPath)
        : undefined;
  if (typeof seconds === 'number') return run.enteredAt + seconds * 1000;
  const stamp =
    typeof def.Timestamp === 'string'
      ? def.Timestamp
      : typeof def.TimestampPath === 'string'
        ? readPath(input, def.TimestampPath)
        : undefined;
  return typeof stamp === 'string' && !Number.isNaN(Date.parse(stamp)) ? Date.parse(stamp) : undefined;
}

/**
 * The entries that say how a state did: inside a Map, those of the Map's latest attempt (a retry
 * starts its iterations again); elsewhere all of them.
 */
function latestRuns(graph: DefinitionGraph | undefined, name: string, execution: ExecutionView): StateRun[] {
  const runs = execution.byState.get(name) ?? [];
  const map = graph ? containersOf(graph, name).find((c) => graph.states.get(c)?.type === 'Map') : undefined;
  const mapRun = map === undefined ? undefined : execution.byState.get(map)?.at(-1);
  const from = mapRun?.attempts.at(-1)?.startEventId ?? mapRun?.id;
  const recent = from === undefined ? [] : runs.filter((run) => run.id > from);
  return recent.length > 0 ? recent : runs;
}

/**
 * The outcome of one state in this execution (with the definition graph, a Distributed Map's item
 * processor states read as run in its Map Run). In a Map, an iteration that failed outweighs the
 * others; elsewhere the latest entry tells.
 */
export function stateOutcome(state: StateNode, execution: ExecutionView, graph?: DefinitionGraph): StateOutcome {
  const all = execution.byState.get(state.name) ?? [];
  const runs = latestRuns(graph, state.name, execution);
  const run = runs.findLast((r) => r.failed && r.exitedAt === undefined) ?? runs.at(-1);
  const retries = all.reduce((sum, r) => sum + Math.max(0, r.attempts.length - 1), 0);
  if (!run) {
    const holder = graph
      ? containersOf(graph, state.name).find((c) => isDistributedMap(graph.states.get(c)))
      : undefined;
    const ran = holder !== undefined && (execution.byState.get(holder) ?? []).some((r) => r.mapRuns.length > 0);
    return { status: ran ? 'inMapRun' : 'notRun', retries: 0 };
  }
  const base = {
    retries,
    ...(run.error === undefined ? {} : { error: run.error }),
    ...(run.cause === undefined ? {} : { cause: run.cause }),
  };
  if (state.type === 'Fail') return { ...base, status: 'failed' };
  if (run.exitedAt !== undefined) {
    if (run.failed) return { ...base, status: 'caught' };
    if (state.compensation) return { ...base, status: 'compensation' };
    return { ...base, status: retries > 0 ? 'retried' : 'succeeded' };
  }
  if (run.failed) return { ...base, status: 'failed' };
  if (execution.status !== 'RUNNING') {
    // Left without an exit or an error: its branch was abandoned (a sibling branch failed, or the
    // execution stopped) after or before its call succeeded.
    return { ...base, status: run.attempts.at(-1)?.outcome === 'succeeded' ? 'succeeded' : 'stopped' };
  }
  if (state.type === 'Wait') {
    const until = waitEnd(state, run);
    return { ...base, status: 'waitingUntil', ...(until === undefined ? {} : { waitUntil: until }) };
  }
  const attempt = run.attempts.at(-1);
  if (state.waitsForToken && attempt?.outcome === 'running') return { ...base, status: 'waitingForToken' };
  return { ...base, status: attempt && attempt.outcome !== 'running' ? 'retried' : 'running' };
}

/** Every state's outcome, by name. */
export function stateOutcomes(graph: DefinitionGraph, execution: ExecutionView): Map<string, StateOutcome> {
  return new Map([...graph.states.values()].map((state) => [state.name, stateOutcome(state, execution, graph)]));
}

/**
 * Where a failed execution went wrong, for the error banner: the first state that failed with the
 * execution's own error; else the last state whose error was caught or failed it (a timeout, a
 * compensation step); else the first state whose output names the error (a Pass state that gives
 * a failure its name); else the Fail state it ended in.
 */
export function failingState(graph: DefinitionGraph, execution: ExecutionView): string | undefined {
  if (execution.status === 'RUNNING' || execution.status === 'SUCCEEDED') return undefined;
  const error = execution.error;
  const container = (run: StateRun) => ['Parallel', 'Map'].includes(graph.states.get(run.name)?.type ?? '');
  const failed = execution.runs.filter((run) => run.failed && run.exitedAt === undefined);
  // Where the error began: a state inside a Map or Parallel before the container it failed.
  const same =
    failed.find((run) => run.error === error && !container(run)) ?? failed.find((run) => run.error === error);
  if (same) return same.name;
  const caughtOrFailed = execution.runs.filter((run) => run.failed);
  const last = caughtOrFailed.filter((run) => !container(run)).at(-1) ?? caughtOrFailed.at(-1);
  if (last) return last.name;
  if (error !== undefined) {
    const naming = execution.runs.find((run) => run.output?.includes(`"Error":${JSON.stringify(error)}`));
    if (naming) return naming.name;
  }
  return (
    [...execution.runs].reverse().find((run) => graph.states.get(run.name)?.type === 'Fail')?.name ??
    execution.runs.at(-1)?.name
  );
}

export interface Usage {
  /** State transitions as Standard workflows bill them: one per state entered, one per retry. */
  transitions: number;
  lambdaInvocations: number;
  /** Summed Lambda duration (LambdaFunctionStarted → its end), ms. */
  lambdaMs: number;
  snsPublishes: number;
  /**
   * Express children its `states:startExecution.sync` Tasks ran (one request each), and their
   * durations as the Task saw them, each rounded up to 100 ms as Express bills, ms.
   */
  expressRequests: number;
  expressBilledMs: number;
  expressMemoryMb: number;
}

/** What the execution was billed for, from its history (https://aws.amazon.com/step-functions/pricing/). */
export function usageOf(execution: ExecutionView): Usage {
  let transitions = 0;
  let lambdaInvocations = 0;
  let lambdaMs = 0;
  let snsPublishes = 0;
  let expressRequests = 0;
  let expressBilledMs = 0;
  for (const run of execution.runs) {
    // A child's states are billed as its own execution: an Express child per request and duration.
    if (run.child === undefined) transitions += 1 + Math.max(0, run.attempts.length - 1);
    for (const attempt of run.attempts) {
      const resource = attempt.resource ?? '';
      if (resource.startsWith('arn:aws:lambda:') || resource.startsWith('lambda:')) lambdaInvocations += 1;
      if (resource.startsWith('arn:aws:lambda:') && attempt.startedAt !== undefined && attempt.endedAt !== undefined) {
        lambdaMs += attempt.endedAt - attempt.startedAt;
      }
      if (resource === 'sns:publish') snsPublishes += 1;
      if (resource.startsWith('states:startExecution.sync') && attempt.startedAt !== undefined) {
        expressRequests += 1;
        const ms = (attempt.endedAt ?? attempt.startedAt) - attempt.startedAt;
        expressBilledMs += Math.max(1, Math.ceil(ms / 100)) * 100;
      }
    }
  }
  // 64 MB: the smallest chunk Express bills (https://aws.amazon.com/step-functions/pricing/).
  return {
    transitions,
    lambdaInvocations,
    lambdaMs,
    snsPublishes,
    expressRequests,
    expressBilledMs,
    expressMemoryMb: 64,
  };
}

/** Milliseconds from start to stop (or to `now` while it runs). */
export function durationMs(execution: ExecutionView, now: number): number | undefined {
  if (execution.startedAt === undefined) return undefined;
  return (execution.stoppedAt ?? now) - execution.startedAt;
}

export { toMillis };
