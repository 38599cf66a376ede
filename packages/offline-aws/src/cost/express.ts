/**
 * What a Standard execution's Express children did and cost, read from the parent's own history (an
 * Express execution has no history to read back: AWS keeps it only in its log group). Each
 * `states:startExecution.sync` Task that submitted a child is one Express request; its
 * TaskSucceeded output (or TaskFailed cause) is the child's DescribeExecution answer
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html), whose
 * StartDate and StopDate (epoch ms) give the billed duration.
 * Billing (https://aws.amazon.com/step-functions/pricing/): "a request each time it starts executing
 * a workflow"; duration "from the time your workflow begins executing until it completes or
 * otherwise terminates, rounded up to the nearest 100ms", memory "billed in 64-MB chunks".
 */
import type { HistoryEvent } from '../engine/history';

/** An Express run of this size is billed 64 MB (the smallest chunk: 50 MB + definition + payload). */
export const EXPRESS_BILLED_MEMORY_MB = 64;
const INCREMENT_MS = 100;

export interface ExpressUsage {
  /** Children started (requests). */
  requests: number;
  /** Their durations, each rounded up to 100 ms, summed (ms). */
  billedMs: number;
  /** Their measured durations (ms), in the order they ended. */
  durationsMs: number[];
}

/** A child execution as its parent's `.sync` Task saw it end (the DescribeExecution answer it got). */
export interface ChildRun {
  executionArn: string;
  status: string;
  error?: string;
  cause?: string;
  /** StopDate − StartDate, ms. */
  durationMs: number;
}

const detailsOf = (event: HistoryEvent, key: string): Record<string, unknown> =>
  (event[key] as Record<string, unknown> | undefined) ?? {};

const isSyncChild = (details: Record<string, unknown>): boolean =>
  details.resourceType === 'states' && String(details.resource).startsWith('startExecution.sync');

/** The child a `.sync` Task's end event (TaskSucceeded / TaskFailed) describes, if it is one. */
function childRun(event: HistoryEvent): ChildRun | undefined {
  if (event.type !== 'TaskSucceeded' && event.type !== 'TaskFailed') return undefined;
  const succeeded = event.type === 'TaskSucceeded';
  const details = detailsOf(event, succeeded ? 'taskSucceededEventDetails' : 'taskFailedEventDetails');
  if (!isSyncChild(details)) return undefined;
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(String(succeeded ? details.output : details.cause)) as Record<string, unknown>;
  } catch {
    return undefined; // the Task failed before a child ran (e.g. StartExecution refused)
  }
  const start = Number(answer.StartDate);
  const stop = Number(answer.StopDate);
  if (typeof answer.ExecutionArn !== 'string' || !Number.isFinite(start) || !Number.isFinite(stop)) return undefined;
  return {
    executionArn: answer.ExecutionArn,
    status: String(answer.Status),
    ...(typeof answer.Error === 'string' ? { error: answer.Error } : {}),
    ...(typeof answer.Cause === 'string' ? { cause: answer.Cause } : {}),
    durationMs: Math.max(0, stop - start),
  };
}

/**
 * The children a parent execution's `.sync` Tasks started (each TaskSubmitted's `ExecutionArn`),
 * ended or not: a child outlives a stopped parent when it is Express (StopExecution does not stop it).
 */
export function startedChildArns(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((event) => {
    if (event.type !== 'TaskSubmitted') return [];
    const details = detailsOf(event, 'taskSubmittedEventDetails');
    if (!isSyncChild(details)) return [];
    try {
      const output = JSON.parse(String(details.output)) as { ExecutionArn?: unknown } | null;
      return typeof output?.ExecutionArn === 'string' ? [output.ExecutionArn] : [];
    } catch {
      return [];
    }
  });
}

/** The children a parent execution's `.sync` Tasks ran, in the order they ended. */
export function childRuns(events: readonly HistoryEvent[]): ChildRun[] {
  return events.flatMap((event) => {
    const run = childRun(event);
    return run ? [run] : [];
  });
}

/** The Express requests and billed duration a parent execution's history shows. */
export function expressUsage(events: readonly HistoryEvent[]): ExpressUsage {
  const requests = events.filter(
    (event) => event.type === 'TaskSubmitted' && isSyncChild(detailsOf(event, 'taskSubmittedEventDetails')),
  ).length;
  const durationsMs = childRuns(events).map((run) => run.durationMs);
  const billedMs = durationsMs.reduce((sum, ms) => sum + Math.max(1, Math.ceil(ms / INCREMENT_MS)) * INCREMENT_MS, 0);
  return { requests, billedMs, durationsMs };
}
