/**
 * What a Standard execution's Express children cost, read from the parent's own history (an
 * Express execution has no history to read back: AWS keeps it only in its log group). Each
 * `states:startExecution.sync` Task that submitted a child is one Express request; its
 * TaskSucceeded output (or TaskFailed cause) is the child's DescribeExecution answer, whose
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

const detailsOf = (event: HistoryEvent, key: string): Record<string, unknown> =>
  (event[key] as Record<string, unknown> | undefined) ?? {};

/** Start and stop of the child a `.sync` Task's end event describes, if it is one. */
function childSpan(event: HistoryEvent): number | undefined {
  const succeeded = event.type === 'TaskSucceeded';
  const details = detailsOf(event, succeeded ? 'taskSucceededEventDetails' : 'taskFailedEventDetails');
  if (details.resourceType !== 'states' || !String(details.resource).startsWith('startExecution.sync'))
    return undefined;
  try {
    const answer = JSON.parse(String(succeeded ? details.output : details.cause)) as Record<string, unknown>;
    const start = Number(answer.StartDate);
    const stop = Number(answer.StopDate);
    return Number.isFinite(start) && Number.isFinite(stop) ? Math.max(0, stop - start) : undefined;
  } catch {
    return undefined; // the Task failed before a child ran (e.g. StartExecution refused): no duration
  }
}

/** The Express children a parent execution's history shows. */
export function expressUsage(events: readonly HistoryEvent[]): ExpressUsage {
  const requests = events.filter((event) => {
    if (event.type !== 'TaskSubmitted') return false;
    const details = detailsOf(event, 'taskSubmittedEventDetails');
    return details.resourceType === 'states' && String(details.resource).startsWith('startExecution.sync');
  }).length;
  const durationsMs = events
    .filter((event) => event.type === 'TaskSucceeded' || event.type === 'TaskFailed')
    .flatMap((event) => {
      const span = childSpan(event);
      return span === undefined ? [] : [span];
    });
  const billedMs = durationsMs.reduce((sum, ms) => sum + Math.max(1, Math.ceil(ms / INCREMENT_MS)) * INCREMENT_MS, 0);
  return { requests, billedMs, durationsMs };
}
