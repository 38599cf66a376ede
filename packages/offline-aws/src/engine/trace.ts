/**
 * What derives from an execution's history (src/engine/history.ts): the trace the CLI and the
 * scenario output show, the state transitions Standard workflows bill, and the Lambda invocations.
 */
import type { StateInfo } from './definition';
import type { HistoryEvent, Recorded } from './history';

/** One state entered: what it called, its retries and its last error. */
export interface TraceEntry {
  name: string;
  type: string;
  function?: string;
  integration?: string;
  compensation?: boolean;
  retries?: number;
  error?: string;
}

/** `TaskStateEntered` → `Task`. */
const stateTypeOf = (type: string) => type.replace(/State(Entered|Exited)$/, '');
/** Events that start an attempt of a state: their count beyond the first is the state's retries. */
const ATTEMPT_EVENTS = new Set(['LambdaFunctionScheduled', 'TaskScheduled', 'ParallelStateStarted']);

/** One entry per `*StateEntered` event, in order; `retries` and `error` from the events of that entry. */
export function deriveTrace(recorded: readonly Recorded[], states: ReadonlyMap<string, StateInfo>): TraceEntry[] {
  const trace: TraceEntry[] = [];
  const current = new Map<string, { entry: TraceEntry; attempts: number }>();
  for (const { event, state, error } of recorded) {
    if (event.type.endsWith('StateEntered') && state !== undefined) {
      const info = states.get(state);
      const entry: TraceEntry = { name: state, type: stateTypeOf(event.type) };
      if (info?.target?.kind === 'lambda' && info.target.functionName) entry.function = info.target.functionName;
      else if (info?.target) entry.integration = info.target.kind;
      if (info?.compensation) entry.compensation = true;
      trace.push(entry);
      current.set(state, { entry, attempts: 0 });
    }
    const open = state === undefined ? undefined : current.get(state);
    if (!open) continue;
    if (ATTEMPT_EVENTS.has(event.type) && ++open.attempts > 1) open.entry.retries = open.attempts - 1;
    if (error !== undefined) open.entry.error = error;
  }
  return trace;
}

/**
 * State transitions as Standard workflows bill them (https://aws.amazon.com/step-functions/pricing/:
 * "a state transition each time a step of your workflow is executed … including retries"): one per
 * `*StateEntered` event plus one per retry (a repeated TaskScheduled, LambdaFunctionScheduled or
 * ParallelStateStarted within one entry).
 */
export function countTransitions(trace: readonly TraceEntry[]): number {
  return trace.reduce((sum, entry) => sum + 1 + (entry.retries ?? 0), 0);
}

/** Lambda invocations: LambdaFunctionScheduled events, and TaskScheduled events of the lambda resource type. */
export function countLambdaInvocations(events: readonly HistoryEvent[]): number {
  return events.filter(
    (event) =>
      event.type === 'LambdaFunctionScheduled' ||
      (event.type === 'TaskScheduled' &&
        (event.taskScheduledEventDetails as { resourceType?: string } | undefined)?.resourceType === 'lambda'),
  ).length;
}
