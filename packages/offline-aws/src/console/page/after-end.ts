/**
 * What changed in the order's record after its execution ended. An execution that was stopped,
 * timed out or failed where no Catch runs does not finish its order itself: the targets of its
 * "Step Functions Execution Status Change" event do (a reconciler, on EventBridge). The page says
 * so beside the records, read from the orders table's record: its `status`, its `reason` and its
 * `updatedAt` (ISO-8601), when `updatedAt` is later than the execution's end.
 * DOM-free, so that the root typecheck and the unit tests read it.
 */

export interface ChangedAfterEnd {
  /** The order's status now. */
  status: string;
  reason?: string;
  /** ms between the execution's end and the record's last change. */
  laterMs: number;
}

/**
 * @param order the orders table's record (null when there is none)
 * @param execution the execution's status and end (epoch ms; undefined while it runs)
 * @returns undefined when the execution runs or succeeded, or the record has not changed since it ended
 */
export function changedAfterEnd(
  order: Record<string, unknown> | null | undefined,
  execution: { status: string; stoppedAt?: number },
): ChangedAfterEnd | undefined {
  if (!order || execution.stoppedAt === undefined || execution.status === 'SUCCEEDED') return undefined;
  const updated = typeof order.updatedAt === 'string' ? Date.parse(order.updatedAt) : Number.NaN;
  if (!Number.isFinite(updated) || updated <= execution.stoppedAt) return undefined;
  return {
    status: String(order.status ?? 'present'),
    ...(typeof order.reason === 'string' ? { reason: order.reason } : {}),
    laterMs: updated - execution.stoppedAt,
  };
}
