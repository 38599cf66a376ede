/**
 * An execution's history as the owned engine records it, in the format of GetExecutionHistory
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html): events
 * numbered from 1, each with `previousEventId`, `timestamp`, `type` and the type's details object.
 *
 * `previousEventId` follows what AWS records (the executions recorded on AWS in the runtime's
 * conformance suite): each line of work — the execution, a Parallel branch, a Map iteration — has a
 * cursor, the id of its latest event; an event points at its line's cursor and becomes it, except the
 * events that close something without being followed by it (MapIterationSucceeded/Failed,
 * MapStateSucceeded, ParallelStateSucceeded): the next event points where they pointed.
 *
 * The execution's `trace`, its billed `transitions` and its `lambdaInvocations` derive from it (trace.ts).
 */
import type { StateInfo } from './definition';
import { countLambdaInvocations, countTransitions, deriveTrace, type TraceEntry } from './trace';

export type { TraceEntry } from './trace';

/** One event as GetExecutionHistory returns it (the timestamp is serialized by the endpoint). */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [details: string]: unknown;
}

export interface Recorded {
  event: HistoryEvent;
  /** The state the event belongs to (not part of the AWS shape). */
  state?: string;
  /** The error the state raised at this event (trace's `error`). */
  error?: string;
}

/** The details field of a history event: `TaskSucceeded` → `taskSucceededEventDetails` (API_HistoryEvent.html). */
export const eventDetailsKey = (type: string): string => {
  // Every state type's entry and exit share one details field.
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type[0]?.toLowerCase() ?? ''}${type.slice(1)}EventDetails`;
};

const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);
/** Events after which the next event of the line points where they pointed (see the module's comment). */
const NOT_ADVANCING = new Set([
  // The start state's entry follows no event: previousEventId 0 (recorded on AWS).
  'ExecutionStarted',
  'MapIterationSucceeded',
  'MapIterationFailed',
  'MapIterationAborted',
  'MapStateSucceeded',
  'ParallelStateSucceeded',
]);

/** A line of work's cursor: the execution, a Parallel branch or a Map iteration. */
export class HistoryLine {
  constructor(
    private readonly history: ExecutionHistory,
    /** The id the line's next event points at. */
    public cursor: number,
    /** The attempt of the execution the line belongs to: a redrive mutes the earlier attempts' lines. */
    private readonly attempt = history.attempt,
  ) {}

  /**
   * Appends an event of this line: `details` is the details object's content (none when empty),
   * keyed by the type's details field. @returns the event's id (0 once the history is closed).
   */
  record(type: string, details: object = {}, at: { state?: string; error?: string } = {}): number {
    // A call of an attempt that ended (a stopped execution's Lambda still running) that ends after a
    // redrive reopened the history records nothing in it.
    if (this.attempt !== this.history.attempt) return 0;
    const id = this.history.append(type, details, this.cursor, at);
    if (id > 0 && !NOT_ADVANCING.has(type)) this.cursor = id;
    return id;
  }

  /** A line whose events are not this history's (a distributed Map's child execution). */
  detached(): HistoryLine {
    return new HistoryLine(new ExecutionHistory(new Map()), 0);
  }

  /** A line that starts here: a branch or iteration beginning after this line's latest event. */
  fork(): HistoryLine {
    return new HistoryLine(this.history, this.cursor, this.attempt);
  }
}

export class ExecutionHistory {
  private readonly recorded: Recorded[] = [];
  private redrives = 0;

  constructor(
    private readonly states: ReadonlyMap<string, StateInfo>,
    /** Told of every event as it is appended (the execution's logging: src/logs-api/execution-logs.ts). */
    private readonly appended?: (event: HistoryEvent) => void,
  ) {}

  get events(): readonly HistoryEvent[] {
    return this.recorded.map((r) => r.event);
  }

  /** Whether the execution's last event has been recorded: nothing is appended after it. */
  get closed(): boolean {
    return TERMINAL.has(this.recorded.at(-1)?.event.type ?? '');
  }

  /** The execution's attempt now: 0, then one more per redrive. */
  get attempt(): number {
    return this.redrives;
  }

  /** The id of the latest event (0 before the first). */
  get lastId(): number {
    return this.recorded.at(-1)?.event.id ?? 0;
  }

  /** The execution's own line, starting before ExecutionStarted (previousEventId 0). */
  line(): HistoryLine {
    return new HistoryLine(this, 0);
  }

  /**
   * Reopens the closed history for a redrive (API_RedriveExecution.html): appends ExecutionRedriven
   * (its details' `redriveCount`: the redrives so far, this one included) after the last event; the
   * states' events continue from it, their ids following on.
   * @returns the execution's line, from ExecutionRedriven. @throws Error when the history is not closed.
   */
  redriven(redriveCount: number): HistoryLine {
    if (!this.closed) throw new Error('Only an ended execution is redriven');
    this.redrives += 1;
    const id = this.push('ExecutionRedriven', { redriveCount }, this.lastId, {});
    return new HistoryLine(this, id);
  }

  /** Appends one event. @returns its id, or 0 when the history is closed. */
  append(type: string, details: object, previousEventId: number, at: { state?: string; error?: string } = {}): number {
    if (this.closed) return 0;
    return this.push(type, details, previousEventId, at);
  }

  private push(type: string, details: object, previousEventId: number, at: { state?: string; error?: string }): number {
    const last = this.recorded.at(-1)?.event;
    const id = (last?.id ?? 0) + 1;
    const now = new Date();
    const timestamp = last && last.timestamp > now ? last.timestamp : now;
    const event: HistoryEvent = { id, previousEventId, timestamp, type };
    // An end of the execution always has its details object, if empty (a Fail state without Error or Cause).
    if (Object.keys(details).length > 0 || TERMINAL.has(type)) event[eventDetailsKey(type)] = details;
    this.recorded.push({ event, ...at });
    this.appended?.(event);
    return id;
  }

  /** Everything recorded, with each event's state and error (what engine/journal.ts keeps). */
  get records(): readonly Recorded[] {
    return this.recorded;
  }

  /** Puts back what an earlier run of the stack recorded (engine/journal.ts), before anything else. */
  restore(records: readonly Recorded[]): void {
    if (this.recorded.length > 0) throw new Error('Only an empty history is restored');
    this.recorded.push(...records);
  }

  /** Marks the event `id` as where its state raised `error` (the trace's `error`). */
  markError(id: number, error: string): void {
    const recorded = this.recorded[id - 1];
    if (recorded) recorded.error = error;
  }

  /** The states entered, in order, with what each called, its retries and its last error. */
  trace(): TraceEntry[] {
    return deriveTrace(this.recorded, this.states);
  }

  /** State transitions as Standard workflows bill them (see `countTransitions`). */
  transitions(): number {
    return countTransitions(this.trace());
  }

  lambdaInvocations(): number {
    return countLambdaInvocations(this.events);
  }
}
