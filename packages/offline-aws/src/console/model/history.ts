/**
 * An execution read from its history alone, in the format of GetExecutionHistory
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html): what each
 * state did (its entries, attempts, errors, backoffs and events), the execution's outcome and the
 * usage it was billed for. The same code reads the local endpoint's answers and a file exported
 * from a deployed stage with `aws stepfunctions get-execution-history`.
 *
 * Timestamps come as epoch seconds from the API (awsJson1_0) and as ISO 8601 strings from the AWS
 * CLI; both are read.
 */
import type { JsonObject } from './definition';

export interface HistoryEvent {
  id: number;
  previousEventId?: number;
  /** Epoch seconds (the API) or an ISO 8601 string (the AWS CLI's output). */
  timestamp: number | string;
  type: string;
  [details: string]: unknown;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface Attempt {
  /** 1 for the first call, 2 for the first retry, … */
  number: number;
  scheduledAt: number;
  startedAt?: number;
  endedAt?: number;
  outcome: 'running' | 'succeeded' | 'failed' | 'timedOut';
  error?: string;
  cause?: string;
  /** Milliseconds between the previous attempt's end and this attempt's start (the retrier's backoff). */
  backoffMs?: number;
  /** What it called: a Lambda function ARN, or `<resourceType>:<resource>` of a service integration. */
  resource?: string;
}

/** One entry into a state (a state inside a retried Parallel can be entered more than once). */
export interface StateRun {
  name: string;
  type: string;
  enteredAt: number;
  exitedAt?: number;
  input?: string;
  output?: string;
  attempts: Attempt[];
  /** The error the entry ended with (its last attempt's, or the Parallel's failure). */
  error?: string;
  cause?: string;
  events: HistoryEvent[];
}

export interface ExecutionView {
  status: ExecutionStatus;
  startedAt?: number;
  stoppedAt?: number;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** Every state entry, in the order they happened. */
  runs: StateRun[];
  /** The runs of each state, by name. */
  byState: Map<string, StateRun[]>;
  /** Transitions taken (`<from>-><to>`, as DefinitionGraph's transition ids). */
  taken: Set<string>;
  events: HistoryEvent[];
}

/** Epoch milliseconds of an event timestamp. */
export function toMillis(timestamp: number | string): number {
  return typeof timestamp === 'number' ? timestamp * 1000 : Date.parse(timestamp);
}

/**
 * The events of an exported history: the AWS CLI's `{ "events": [...] }` (pages already joined)
 * or a bare array. @throws Error saying what is wrong with the file.
 */
export function readHistoryFile(value: unknown): HistoryEvent[] {
  const events = Array.isArray(value) ? value : (value as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) throw new Error('Not an execution history: expected {"events": [...]}');
  for (const [index, event] of events.entries()) {
    const e = event as Partial<HistoryEvent> | null;
    if (!e || typeof e.id !== 'number' || typeof e.type !== 'string' || e.timestamp === undefined) {
      throw new Error(`Not an execution history: event ${index + 1} has no id, type or timestamp`);
    }
  }
  const sorted = [...(events as HistoryEvent[])].sort((a, b) => a.id - b.id);
  if (sorted[0]?.type !== 'ExecutionStarted') {
    throw new Error('The history is incomplete: it does not start with ExecutionStarted (export every page)');
  }
  return sorted;
}

/** The event's details object (`…EventDetails`), if any. */
export function detailsOf(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value !== null && typeof value === 'object') {
      return value as Record<string, unknown>;
    }
  }
  return {};
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const ATTEMPT_START = /^(LambdaFunction|Task|Activity)Scheduled$|^(Parallel|Map)StateStarted$/;
const ATTEMPT_RUNNING = /^(LambdaFunction|Task|Activity)Started$/;
const ATTEMPT_SUCCEEDED = /^(LambdaFunction|Task|Activity)Succeeded$|^(Parallel|Map)StateSucceeded$/;
const ATTEMPT_TIMED_OUT = /^(LambdaFunction|Task|Activity)TimedOut$/;
const ATTEMPT_FAILED =
  /^(LambdaFunction|Task|Activity)(Failed|StartFailed|SubmitFailed|ScheduleFailed)$|^(Parallel|Map)StateFailed$/;
const CONTAINER_EVENT = /^(Parallel|Map)State(Started|Succeeded|Failed|Aborted)$/;
const END_STATUS: Record<string, ExecutionStatus> = {
  ExecutionSucceeded: 'SUCCEEDED',
  ExecutionFailed: 'FAILED',
  ExecutionAborted: 'ABORTED',
  ExecutionTimedOut: 'TIMED_OUT',
};

function resourceOf(event: HistoryEvent): string | undefined {
  const details = detailsOf(event);
  const resource = str(details.resource);
  const type = str(details.resourceType);
  return type ? `${type}:${resource ?? ''}` : resource;
}

/** Which state each event belongs to: entries and exits by name, the rest by their previousEventId chain. */
function attribute(events: readonly HistoryEvent[]): Map<number, string> {
  const owner = new Map<number, string>();
  const open: { name: string; type: string }[] = [];
  for (const event of events) {
    const entered = /^(\w+)StateEntered$/.exec(event.type);
    const exited = /^(\w+)StateExited$/.exec(event.type);
    const name = str(detailsOf(event).name);
    if (entered && name !== undefined) {
      owner.set(event.id, name);
      open.push({ name, type: entered[1] ?? '' });
    } else if (exited && name !== undefined) {
      owner.set(event.id, name);
      const index = open.map((o) => o.name).lastIndexOf(name);
      if (index >= 0) open.splice(index, 1);
    } else if (CONTAINER_EVENT.test(event.type)) {
      const type = event.type.startsWith('Parallel') ? 'Parallel' : 'Map';
      const container = [...open].reverse().find((o) => o.type === type);
      if (container) owner.set(event.id, container.name);
    } else if (!event.type.startsWith('Execution')) {
      const previous = event.previousEventId === undefined ? undefined : owner.get(event.previousEventId);
      if (previous !== undefined) owner.set(event.id, previous);
    }
  }
  return owner;
}

/** Reads an execution from its history events (sorted by id). */
export function readExecution(
  events: readonly HistoryEvent[],
  successorsOf: (name: string) => string[],
): ExecutionView {
  const view: ExecutionView = {
    status: 'RUNNING',
    runs: [],
    byState: new Map(),
    taken: new Set(),
    events: [...events],
  };
  const owner = attribute(events);
  const current = new Map<string, StateRun>();
  const lastOfState = new Map<string, number>();
  const byId = new Map(events.map((e) => [e.id, e]));
  for (const event of events) {
    const at = toMillis(event.timestamp);
    const details = detailsOf(event);
    if (event.type === 'ExecutionStarted') {
      view.startedAt = at;
      view.input = str(details.input);
      continue;
    }
    const endStatus = END_STATUS[event.type];
    if (endStatus) {
      view.status = endStatus;
      view.stoppedAt = at;
      view.output = str(details.output);
      view.error = str(details.error);
      view.cause = str(details.cause);
      continue;
    }
    const name = owner.get(event.id);
    if (name === undefined) continue;
    lastOfState.set(name, event.id);
    if (event.type.endsWith('StateEntered')) {
      const run: StateRun = {
        name,
        type: event.type.replace(/StateEntered$/, ''),
        enteredAt: at,
        input: str(details.input),
        attempts: [],
        events: [event],
      };
      view.runs.push(run);
      current.set(name, run);
      view.byState.set(name, [...(view.byState.get(name) ?? []), run]);
      const from = predecessor(event, name, byId, owner, successorsOf, lastOfState);
      if (from !== undefined) view.taken.add(`${from}->${name}`);
      continue;
    }
    const run = current.get(name);
    if (!run) continue;
    run.events.push(event);
    if (event.type.endsWith('StateExited')) {
      run.exitedAt = at;
      run.output = str(details.output);
    } else recordAttempt(run, event, at, details);
  }
  return view;
}

function recordAttempt(run: StateRun, event: HistoryEvent, at: number, details: Record<string, unknown>): void {
  const last = run.attempts.at(-1);
  if (ATTEMPT_START.test(event.type)) {
    const resource = resourceOf(event);
    run.attempts.push({
      number: run.attempts.length + 1,
      scheduledAt: at,
      outcome: 'running',
      ...(last?.endedAt === undefined ? {} : { backoffMs: at - last.endedAt }),
      ...(resource === undefined ? {} : { resource }),
    });
    if (event.type.endsWith('StateStarted')) (run.attempts.at(-1) as Attempt).startedAt = at;
    return;
  }
  if (!last || last.outcome !== 'running') {
    // A failure without an attempt (a Parallel or Map that failed before starting, a Fail state).
    if (ATTEMPT_FAILED.test(event.type) || ATTEMPT_TIMED_OUT.test(event.type)) {
      run.error = str(details.error) ?? run.error;
      run.cause = str(details.cause) ?? run.cause;
    }
    return;
  }
  if (ATTEMPT_RUNNING.test(event.type)) last.startedAt = at;
  else if (ATTEMPT_SUCCEEDED.test(event.type)) {
    last.outcome = 'succeeded';
    last.endedAt = at;
    delete run.error;
    delete run.cause;
  } else if (ATTEMPT_FAILED.test(event.type) || ATTEMPT_TIMED_OUT.test(event.type)) {
    last.outcome = ATTEMPT_TIMED_OUT.test(event.type) ? 'timedOut' : 'failed';
    last.endedAt = at;
    const error = str(details.error) ?? (event.type.startsWith('Parallel') ? 'States.BranchFailed' : undefined);
    if (error !== undefined) last.error = error;
    const cause = str(details.cause);
    if (cause !== undefined) last.cause = cause;
    if (error !== undefined) run.error = error;
    if (cause !== undefined) run.cause = cause;
  }
}

/**
 * The state an entry came from: the state of its previousEventId when that state can lead to it,
 * else the latest entered state that can. Undefined for a scope's first state.
 */
function predecessor(
  event: HistoryEvent,
  name: string,
  byId: Map<number, HistoryEvent>,
  owner: Map<number, string>,
  successorsOf: (name: string) => string[],
  lastOfState: Map<string, number>,
): string | undefined {
  const previous = event.previousEventId === undefined ? undefined : byId.get(event.previousEventId);
  const candidate = previous ? owner.get(previous.id) : undefined;
  if (candidate !== undefined && candidate !== name && successorsOf(candidate).includes(name)) return candidate;
  let best: { state: string; id: number } | undefined;
  for (const [state, id] of lastOfState) {
    if (state === name || id >= event.id || !successorsOf(state).includes(name)) continue;
    if (!best || id > best.id) best = { state, id };
  }
  return best?.state;
}

/** Parses a JSON text into an object, or undefined when it is not one. */
export function parseObject(text: string | undefined): JsonObject | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}
