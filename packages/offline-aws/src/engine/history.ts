/**
 * An execution's history in the format of GetExecutionHistory
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html): events
 * numbered from 1, each with `previousEventId`, `timestamp`, `type` and the type's details object.
 *
 * Built from two sources: aws-local-stepfunctions' event log (execution and state events) and the
 * runner's task-level events (TaskScheduled…, LambdaFunctionScheduled…), which the runner records
 * per attempt of a Task state. A task event is appended once the library's StateEntered (first
 * attempt) or StateRetried (later attempts) for that attempt has been read, so each attempt's events
 * follow its state's entry even though the library's log is read asynchronously.
 *
 * The execution's `trace`, its billed `transitions` and its `lambdaInvocations` are derived from it
 * (src/engine/trace.ts).
 */
import type { StateInfo } from './definition';
import { mapLength } from './map-events';
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

/** The part of aws-local-stepfunctions' event log the history reads (the library does not export the type). */
export interface EventLogEntry {
  type: string;
  /** A Map iteration's index (MapIteration* events and the states inside an iteration). */
  index?: number;
  /** The Map state of a MapIteration* event. */
  parentState?: { name: string; type: string };
  timestamp?: number;
  input?: unknown;
  output?: unknown;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  Error?: string;
  Cause?: unknown;
}

export interface Recorded {
  event: HistoryEvent;
  /** The state the event belongs to (not part of the AWS shape). */
  state?: string;
  /** The error the state raised at this event (trace's `error`). */
  error?: string;
}

/** The details field of a history event: `TaskSucceeded` → `taskSucceededEventDetails` (API_HistoryEvent.html). */
export const eventDetailsKey = (type: string): string => `${type[0]?.toLowerCase() ?? ''}${type.slice(1)}EventDetails`;
const json = (value: unknown): string => JSON.stringify(value === undefined ? null : value);
const causeText = (cause: unknown): string => (typeof cause === 'string' ? cause : json(cause ?? ''));
const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);
const FAILURE_EVENTS = new Set([
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'TaskFailed',
  'TaskTimedOut',
  'ParallelStateFailed',
  'MapStateFailed',
]);
/** States that run branches or iterations: they record Started, then Succeeded or Failed, around them. */
const CONTAINERS = new Set(['Parallel', 'Map']);

/** The end event of an attempt the library failed on its own, as the runner would have recorded it. */
function abandonedEvent(info: StateInfo | undefined, error: string, cause: string): [string, object] {
  const timedOut = error === 'States.Timeout' || error === 'States.HeartbeatTimeout';
  if (info?.target?.kind === 'lambda' && !info.target.payloadOnly) {
    const type = error === 'States.Timeout' ? 'LambdaFunctionTimedOut' : 'LambdaFunctionFailed';
    return [type, { [eventDetailsKey(type)]: { error, cause } }];
  }
  const type = timedOut ? 'TaskTimedOut' : 'TaskFailed';
  const rest = (info?.resource ?? '').replace(/^arn:aws:states:::/, '');
  const colon = rest.indexOf(':');
  const parts = { resourceType: rest.slice(0, colon), resource: rest.slice(colon + 1) };
  return [type, { [timedOut ? 'taskTimedOutEventDetails' : 'taskFailedEventDetails']: { ...parts, error, cause } }];
}

export interface HistoryHooks {
  /** A state was entered (recorded in the history). */
  stateEntered?(name: string): void;
  /** The library failed an attempt that recorded no end (its own task timeout): close what it holds. */
  attemptAbandoned?(name: string, error: string, cause: string): void;
}

export class ExecutionHistory {
  private readonly recorded: Recorded[] = [];
  /** Per state: the library's attempts read so far (StateEntered + StateRetried). */
  private readonly started = new Map<string, number>();
  /** Per state: the runner's attempts begun (Task calls). */
  private readonly begun = new Map<string, number>();
  /** Attempts (`<state>#<attempt>`) that recorded their end event. */
  private readonly ended = new Set<string>();
  private readonly pending: { state: string; attempt: number; type: string; details: object }[] = [];
  private readonly lastOfState = new Map<string, number>();
  private readonly openEntry = new Map<string, Recorded>();
  private stopping = false;
  /** Parallel and Map states whose current attempt failed (a caught failure exits without …StateSucceeded). */
  private readonly failedContainers = new Set<string>();

  constructor(
    private readonly states: ReadonlyMap<string, StateInfo>,
    private readonly roleArn: string,
    private readonly hooks: HistoryHooks = {},
  ) {}

  get events(): readonly HistoryEvent[] {
    return this.recorded.map((r) => r.event);
  }

  get closed(): boolean {
    return TERMINAL.has(this.recorded.at(-1)?.event.type ?? '');
  }

  private append(type: string, details: object, state?: string, previous?: number): Recorded {
    const last = this.recorded.at(-1)?.event;
    const id = (last?.id ?? 0) + 1;
    const previousEventId = previous ?? (state === undefined ? last?.id : this.lastOfState.get(state)) ?? last?.id ?? 0;
    const now = new Date();
    const timestamp = last && last.timestamp > now ? last.timestamp : now;
    const recorded: Recorded = { event: { id, previousEventId, timestamp, type, ...details }, state };
    this.recorded.push(recorded);
    if (state !== undefined) this.lastOfState.set(state, id);
    return recorded;
  }

  private lastId(): number {
    return this.recorded.at(-1)?.event.id ?? 0;
  }

  /** The event a state's entry follows: the latest event of a state leading to it, else its branch's start. */
  private enteredAfter(name: string): number | undefined {
    let best: number | undefined;
    for (const info of this.states.values()) {
      const id = info.next.includes(name) ? this.lastOfState.get(info.name) : undefined;
      if (id !== undefined && (best === undefined || id > best)) best = id;
    }
    const parent = this.states.get(name)?.parent;
    // The start state of the execution follows no event: AWS records previousEventId 0 for it.
    return best ?? (parent === undefined ? 0 : this.lastOfState.get(parent));
  }

  /** Begins the runner's next attempt of a Task state; its task events are recorded with the number returned. */
  beginAttempt(state: string): number {
    const attempt = (this.begun.get(state) ?? 0) + 1;
    this.begun.set(state, attempt);
    return attempt;
  }

  /**
   * Records a task-level event of one attempt (TaskScheduled, LambdaFunctionSucceeded, …) with its
   * details object, e.g. `{ taskSucceededEventDetails: { resourceType, resource, output } }`.
   */
  task(state: string, attempt: number, type: string, details: object): void {
    if (this.closed || this.stopping) return;
    if ((this.started.get(state) ?? 0) >= attempt) this.appendTask(state, attempt, type, details);
    else this.pending.push({ state, attempt, type, details });
  }

  private appendTask(state: string, attempt: number, type: string, details: object): void {
    const failure = FAILURE_EVENTS.has(type);
    const end = failure || type.endsWith('Succeeded');
    const key = `${state}#${attempt}`;
    if (end && this.ended.has(key)) return; // already ended for it (the library's own timeout)
    const recorded = this.append(type, details, state);
    if (failure) recorded.error = Object.values(details as Record<string, { error?: string }>)[0]?.error;
    if (end) this.ended.add(key);
  }

  private startAttempt(state: string): void {
    const attempt = (this.started.get(state) ?? 0) + 1;
    this.started.set(state, attempt);
    for (const entry of this.pending.filter((p) => p.state === state && p.attempt <= attempt)) {
      this.pending.splice(this.pending.indexOf(entry), 1);
      this.appendTask(entry.state, entry.attempt, entry.type, entry.details);
    }
  }

  /** Reads one entry of the library's event log. */
  consume(event: EventLogEntry): void {
    if (this.closed) return;
    const name = event.state?.name ?? '';
    const stateType = event.state?.type ?? '';
    switch (event.type) {
      case 'ExecutionStarted':
        this.append('ExecutionStarted', {
          executionStartedEventDetails: {
            input: json(event.input),
            inputDetails: { truncated: false },
            roleArn: this.roleArn,
          },
        });
        break;
      case 'StateEntered': {
        const entered = this.append(
          `${stateType}StateEntered`,
          { stateEnteredEventDetails: { name, input: json(event.state?.input), inputDetails: { truncated: false } } },
          name,
          this.enteredAfter(name),
        );
        this.openEntry.set(name, entered);
        this.containerStarted(name, stateType, event.state?.input);
        this.startAttempt(name);
        this.hooks.stateEntered?.(name);
        break;
      }
      case 'StateRetried':
        this.failedContainers.delete(name);
        this.containerStarted(name, stateType, event.state?.input);
        this.startAttempt(name);
        break;
      case 'StateFailed':
        this.stateFailed(name, stateType, event.Error ?? 'States.Runtime', causeText(event.Cause));
        break;
      case 'StateExited':
        if (CONTAINERS.has(stateType) && !this.failedContainers.delete(name)) {
          this.append(`${stateType}StateSucceeded`, {}, name, this.lastId());
        }
        this.append(
          `${stateType}StateExited`,
          { stateExitedEventDetails: { name, output: json(event.state?.output), outputDetails: { truncated: false } } },
          name,
        );
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const map = event.parentState?.name ?? '';
        this.append(event.type, { [eventDetailsKey(event.type)]: { name: map, index: event.index ?? 0 } }, map);
        break;
      }
      case 'ExecutionSucceeded':
        this.append('ExecutionSucceeded', {
          executionSucceededEventDetails: { output: json(event.output), outputDetails: { truncated: false } },
        });
        break;
      case 'ExecutionFailed':
        // A Fail state without Error or Cause gives neither (the library's event then lacks them).
        this.append('ExecutionFailed', {
          executionFailedEventDetails: {
            ...(event.Error === undefined ? {} : { error: event.Error }),
            ...(event.Cause === undefined ? {} : { cause: causeText(event.Cause) }),
          },
        });
        break;
      case 'ExecutionTimeout':
        this.append('ExecutionTimedOut', {
          executionTimedOutEventDetails: {
            error: 'States.Timeout',
            cause: 'The execution ran past its TimeoutSeconds',
          },
        });
        break;
      default:
        break;
    }
  }

  private stateFailed(name: string, stateType: string, error: string, cause: string): void {
    if (CONTAINERS.has(stateType)) {
      this.append(`${stateType}StateFailed`, {}, name, this.lastId()).error = error;
      this.failedContainers.add(name);
      return;
    }
    const attempt = this.started.get(name) ?? 0;
    const key = `${name}#${attempt}`;
    if (stateType === 'Task' && !this.ended.has(key) && (this.begun.get(name) ?? 0) >= attempt) {
      // The library ended the attempt itself (its own timeout) while the runner's call still runs:
      // record its end now, and let the runner close what the attempt holds.
      this.appendTask(name, attempt, ...abandonedEvent(this.states.get(name), error, cause));
      this.hooks.attemptAbandoned?.(name, error, cause);
      return;
    }
    const entry = this.openEntry.get(name);
    if (entry) entry.error = error;
  }

  /** ParallelStateStarted, or MapStateStarted with the number of items (its `length`). */
  private containerStarted(name: string, stateType: string, rawInput: unknown): void {
    if (stateType === 'Parallel') this.append('ParallelStateStarted', {}, name);
    if (stateType !== 'Map') return;
    const length = mapLength(this.states.get(name)?.map, rawInput);
    this.append('MapStateStarted', length === undefined ? {} : { mapStateStartedEventDetails: { length } }, name);
  }

  /** StopExecution was called: the running tasks' ends are not recorded (ExecutionAborted follows). */
  stop(): void {
    this.stopping = true;
  }

  /** Appends ExecutionAborted (StopExecution): the library's log ends without details. */
  aborted(error?: string, cause?: string): void {
    if (this.closed) return;
    const details = { ...(error === undefined ? {} : { error }), ...(cause === undefined ? {} : { cause }) };
    this.append('ExecutionAborted', { executionAbortedEventDetails: details });
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
