/**
 * The steps of an execution, one per state entry in the order they happened, as the table and the
 * timeline show them (AWS's console "Table view": name, type, status, started, duration). Read from
 * the console's model (ExecutionView, StateOutcome) only. Pure: unit-tested in Node.
 */
import type { DefinitionGraph } from '../model/definition';
import { toMillis, type Attempt, type ExecutionView, type StateRun } from '../model/history';
import type { StateOutcome, StateStatus } from '../model/outcome';

export interface Step {
  /** `<state>#<entry>`: unique within the execution. */
  key: string;
  state: string;
  type: string;
  /** The state's last entry has the graph's status; an earlier one, what it ended with. */
  status: StateStatus;
  /** Entered (epoch ms). */
  startedAt: number;
  /** Exited; in an ended execution, the entry's last event (a state left without an exit: a failed branch, a Fail state); undefined while it runs. */
  endedAt?: number;
  /** To the exit, the execution's stop or `now`, ms. */
  durationMs: number;
  /** Calls made (retries included); 0 for a state that calls nothing. */
  attempts: number;
  error?: string;
  run: StateRun;
}

const lastEventAt = (run: StateRun) => {
  const last = run.events.at(-1);
  return Math.max(run.enteredAt, last === undefined ? 0 : toMillis(last.timestamp), run.attempts.at(-1)?.endedAt ?? 0);
};

function earlierStatus(run: StateRun): StateStatus {
  const failed = run.error !== undefined && run.attempts.at(-1)?.outcome !== 'succeeded';
  if (run.exitedAt === undefined) return failed ? 'failed' : 'stopped';
  if (failed) return 'caught';
  return run.attempts.length > 1 ? 'retried' : 'succeeded';
}

/** Every state entry of the execution as a step, by entry time. `now`: epoch ms, for running steps. */
export function executionSteps(
  graph: DefinitionGraph,
  execution: ExecutionView,
  outcomes: ReadonlyMap<string, StateOutcome>,
  now: number,
): Step[] {
  const entries = new Map<string, number>();
  return execution.runs.map((run) => {
    const entry = (entries.get(run.name) ?? 0) + 1;
    entries.set(run.name, entry);
    const last = execution.byState.get(run.name)?.at(-1) === run;
    const outcome = outcomes.get(run.name);
    const endedAt = run.exitedAt ?? (execution.status === 'RUNNING' ? undefined : lastEventAt(run));
    const error = last ? (outcome?.error ?? run.error) : run.error;
    return {
      key: `${run.name}#${entry}`,
      state: run.name,
      type: graph.states.get(run.name)?.type ?? run.type,
      status: last && outcome ? outcome.status : earlierStatus(run),
      startedAt: run.enteredAt,
      ...(endedAt === undefined ? {} : { endedAt }),
      durationMs: Math.max(0, (endedAt ?? now) - run.enteredAt),
      attempts: run.attempts.length,
      ...(error === undefined ? {} : { error }),
      run,
    };
  });
}

export type SortKey = 'state' | 'type' | 'status' | 'startedAt' | 'durationMs' | 'attempts' | 'error';

/** The steps sorted by a column (ties keep the order they happened in). */
export function sortSteps(steps: readonly Step[], key: SortKey, descending: boolean): Step[] {
  const value = (step: Step): string | number => step[key] ?? '';
  const sign = descending ? -1 : 1;
  return steps
    .map((step, index) => ({ step, index }))
    .sort((a, b) => {
      const x = value(a.step);
      const y = value(b.step);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ step }) => step);
}

export type SegmentKind = 'state' | 'attempt' | 'failedAttempt' | 'backoff' | 'wait' | 'token';

/** One bar of the timeline, epoch ms. */
export interface Segment {
  kind: SegmentKind;
  from: number;
  to: number;
  attempt?: Attempt;
}

/**
 * The bars of a step: the state's whole time, each call (its start to its end, failed ones apart),
 * the retrier's backoff between calls, and the waits (a Wait state, a task waiting for its token).
 */
export function stepSegments(step: Step, waitsForToken: boolean, now: number): Segment[] {
  const end = step.endedAt ?? now;
  const segments: Segment[] = [{ kind: step.type === 'Wait' ? 'wait' : 'state', from: step.startedAt, to: end }];
  let previousEnd: number | undefined;
  for (const attempt of step.run.attempts) {
    const from = attempt.scheduledAt;
    if (previousEnd !== undefined && from > previousEnd)
      segments.push({ kind: 'backoff', from: previousEnd, to: from });
    const to = attempt.endedAt ?? end;
    const kind: SegmentKind =
      attempt.outcome === 'failed' || attempt.outcome === 'timedOut'
        ? 'failedAttempt'
        : waitsForToken
          ? 'token'
          : 'attempt';
    segments.push({ kind, from, to, attempt });
    previousEnd = attempt.endedAt;
  }
  return segments;
}
