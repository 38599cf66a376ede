/**
 * What happened to each state, in the words the console colours them by, the state where a failed
 * execution went wrong, and what the execution was billed for. Derived from a definition and a
 * history alone (model/definition.ts, model/history.ts).
 */
import { readPath, successors, type DefinitionGraph, type StateNode } from './definition';
import { parseObject, toMillis, type ExecutionView, type StateRun } from './history';

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

const failedLast = (run: StateRun) => run.error !== undefined && run.attempts.at(-1)?.outcome !== 'succeeded';

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

/** The outcome of one state in this execution. */
export function stateOutcome(state: StateNode, execution: ExecutionView): StateOutcome {
  const runs = execution.byState.get(state.name) ?? [];
  const run = runs.at(-1);
  const retries = runs.reduce((sum, r) => sum + Math.max(0, r.attempts.length - 1), 0);
  if (!run) return { status: 'notRun', retries: 0 };
  const base = {
    retries,
    ...(run.error === undefined ? {} : { error: run.error }),
    ...(run.cause === undefined ? {} : { cause: run.cause }),
  };
  if (state.type === 'Fail') {
    const error = typeof state.definition.Error === 'string' ? state.definition.Error : execution.error;
    return { ...base, status: 'failed', ...(error === undefined ? {} : { error }) };
  }
  if (run.exitedAt !== undefined) {
    if (failedLast(run)) return { ...base, status: 'caught' };
    if (state.compensation) return { ...base, status: 'compensation' };
    return { ...base, status: retries > 0 ? 'retried' : 'succeeded' };
  }
  if (execution.status !== 'RUNNING') {
    // Left without an exit: its error ended the scope, or its branch was abandoned (a sibling
    // branch failed, or the execution stopped) after or before its call succeeded.
    if (failedLast(run)) return { ...base, status: 'failed' };
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
  return new Map([...graph.states.values()].map((state) => [state.name, stateOutcome(state, execution)]));
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
  const failed = execution.runs.filter(failedLast);
  const same = failed.find((run) => run.error === error && graph.states.get(run.name)?.type !== 'Parallel');
  if (same) return same.name;
  const last = failed.filter((run) => graph.states.get(run.name)?.type !== 'Parallel').at(-1);
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
}

/** What the execution was billed for, from its history (https://aws.amazon.com/step-functions/pricing/). */
export function usageOf(execution: ExecutionView): Usage {
  let transitions = 0;
  let lambdaInvocations = 0;
  let lambdaMs = 0;
  let snsPublishes = 0;
  for (const run of execution.runs) {
    transitions += 1 + Math.max(0, run.attempts.length - 1);
    for (const attempt of run.attempts) {
      const resource = attempt.resource ?? '';
      if (resource.startsWith('arn:aws:lambda:') || resource.startsWith('lambda:')) lambdaInvocations += 1;
      if (resource.startsWith('arn:aws:lambda:') && attempt.startedAt !== undefined && attempt.endedAt !== undefined) {
        lambdaMs += attempt.endedAt - attempt.startedAt;
      }
      if (resource === 'sns:publish') snsPublishes += 1;
    }
  }
  return { transitions, lambdaInvocations, lambdaMs, snsPublishes };
}

/** Milliseconds from start to stop (or to `now` while it runs). */
export function durationMs(execution: ExecutionView, now: number): number | undefined {
  if (execution.startedAt === undefined) return undefined;
  return (execution.stoppedAt ?? now) - execution.startedAt;
}

/** The successor lookup readExecution needs, from a definition graph. */
export const successorsIn = (graph: DefinitionGraph) => (name: string) => successors(graph, name);

export { toMillis };
