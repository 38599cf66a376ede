/**
 * What a compensation step that ran actually undid. A step that found nothing to undo returns a
 * placeholder record (the project's console extras name its field: RecordTable `placeholder`, e.g.
 * `nothingToUndo`), and the failure banner says so instead of counting it among the undone steps.
 * DOM-free, so that the root typecheck and the unit tests read it.
 */
import type { ExecutionView, HistoryEvent } from '../model/history';

/** The result of the last successful call of a state's last entry, parsed (undefined if none). */
function lastResult(execution: ExecutionView, state: string): unknown {
  const run = execution.byState.get(state)?.at(-1);
  for (const event of [...(run?.events ?? [])].reverse()) {
    const details = Object.entries(event as HistoryEvent & Record<string, unknown>).find(
      ([key, value]) => key.endsWith('SucceededEventDetails') && typeof value === 'object' && value !== null,
    )?.[1] as { output?: unknown } | undefined;
    if (typeof details?.output !== 'string') continue;
    try {
      return JSON.parse(details.output) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Whether a compensation state's result is a placeholder record: one of `fields` is `true` on it,
 * or on its `Payload` (the lambda:invoke integration's wrapping).
 */
export function foundNothingToUndo(execution: ExecutionView, state: string, fields: readonly string[]): boolean {
  const result = lastResult(execution, state);
  const records = [result, isRecord(result) ? result.Payload : undefined].filter(isRecord);
  return records.some((record) => fields.some((field) => record[field] === true));
}
