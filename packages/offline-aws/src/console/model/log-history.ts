/**
 * An execution's history rebuilt from its CloudWatch Logs log events, for the executions that have
 * no GetExecutionHistory: Express ones, whose run is visible only in the log group their state
 * machine's `loggingConfiguration` names
 * (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html). Each log event's message is
 * one history event:
 *
 *   { "id": "3", "type": "TaskStateEntered", "details": { … }, "previous_event_id": "2",
 *     "event_timestamp": "1700000000123", "execution_arn": "…", "redrive_count": "0" }
 *
 * and becomes the event GetExecutionHistory would have returned (API_HistoryEvent.html): numeric
 * `id` and `previousEventId`, `timestamp` in epoch seconds, the details under the type's field
 * (`TaskStateEntered` → `stateEnteredEventDetails`), so history.ts reads it as any other history.
 * A machine logging at ERROR or FATAL logs only some events: the history is then partial
 * (`missingEventIds` names the gaps); without `includeExecutionData` it has no inputs or outputs.
 */
import type { HistoryEvent } from './events';

/** A log event as GetLogEvents / FilterLogEvents return it (only the message is read). */
export interface LogEventLike {
  message?: string;
}

/** A log event that is not an execution's log event, or an execution's events mixed with another's. */
export class LogHistoryError extends Error {
  override readonly name = 'LogHistoryError';
}

/** The details field of a history event's type, as API_HistoryEvent.html names them. */
export function detailsField(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

interface LoggedEvent {
  id?: unknown;
  type?: unknown;
  details?: unknown;
  previous_event_id?: unknown;
  event_timestamp?: unknown;
  execution_arn?: unknown;
}

const integer = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
};

function parse(event: LogEventLike | string, index: number): LoggedEvent {
  const message = typeof event === 'string' ? event : (event.message ?? '');
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    throw new LogHistoryError(`log event ${index + 1} is not JSON: not a Step Functions execution log event`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LogHistoryError(`log event ${index + 1} is not a JSON object: not a Step Functions execution log event`);
  }
  return value as LoggedEvent;
}

/**
 * The history of one execution from log events of its log group, sorted by id.
 * @param executionArn keeps only that execution's events (a log group holds every execution of its
 *   machines); when omitted, the events must all be of one execution.
 * @throws LogHistoryError naming the first log event that is not an execution log event (not JSON,
 *   no integer `id` or `event_timestamp`, no `type`), or the executions found when several are mixed.
 */
export function historyFromLogEvents(
  events: readonly (LogEventLike | string)[],
  executionArn?: string,
): HistoryEvent[] {
  const parsed = events.map(parse);
  const kept = executionArn === undefined ? parsed : parsed.filter((event) => event.execution_arn === executionArn);
  const executions = new Set(kept.map((event) => String(event.execution_arn)));
  if (executions.size > 1) {
    throw new LogHistoryError(
      `the log events are of ${executions.size} executions (${[...executions].join(', ')}): name one`,
    );
  }
  return kept
    .map((event, index) => {
      const id = integer(event.id);
      const millis = integer(event.event_timestamp);
      if (id === undefined || millis === undefined || typeof event.type !== 'string') {
        throw new LogHistoryError(
          `log event ${index + 1} has no integer id, event_timestamp or no type: not a Step Functions execution log event`,
        );
      }
      const history: HistoryEvent = {
        id,
        previousEventId: integer(event.previous_event_id) ?? 0,
        timestamp: millis / 1000,
        type: event.type,
      };
      if (event.details !== null && typeof event.details === 'object')
        history[detailsField(event.type)] = event.details;
      return history;
    })
    .sort((a, b) => a.id - b.id);
}

/**
 * Every execution's history in a log group's events, by execution ARN, in the order they first
 * appear (a machine's executions, as the console lists an Express machine's).
 * @throws LogHistoryError as historyFromLogEvents.
 */
export function historiesFromLogEvents(events: readonly (LogEventLike | string)[]): Map<string, HistoryEvent[]> {
  const byExecution = new Map<string, (LogEventLike | string)[]>();
  events.forEach((event, index) => {
    const arn = parse(event, index).execution_arn;
    if (typeof arn !== 'string') {
      throw new LogHistoryError(
        `log event ${index + 1} has no execution_arn: not a Step Functions execution log event`,
      );
    }
    byExecution.set(arn, [...(byExecution.get(arn) ?? []), event]);
  });
  return new Map([...byExecution].map(([arn, own]) => [arn, historyFromLogEvents(own, arn)]));
}

/** The ids missing between 1 and the last event's (a level other than ALL logs only some events). */
export function missingEventIds(history: readonly HistoryEvent[]): number[] {
  const present = new Set(history.map((event) => event.id));
  const last = history.at(-1)?.id ?? 0;
  return Array.from({ length: last }, (_, i) => i + 1).filter((id) => !present.has(id));
}
