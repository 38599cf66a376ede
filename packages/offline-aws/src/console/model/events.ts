/**
 * The pieces of an execution's history (GetExecutionHistory,
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html) and what
 * the console reads from them: the events, each state entry with its attempts, iterations, map runs
 * and variables, and the execution's outcome. history.ts reads them; this module has the shapes
 * and the parsing of an exported file.
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
  /** A Map's attempt: the number of items (MapStateStarted's `length`). */
  items?: number;
  /** The ids of the events that began and ended it: the events between belong to it. */
  startEventId: number;
  endEventId?: number;
}

/** A Map iteration (MapIterationStarted … MapIterationSucceeded/Failed/Aborted). */
export interface Iteration {
  /** The item's index in the Map's items. */
  index: number;
  /** The Map's attempt it ran in (1, then one more per retry: AWS starts the Map again). */
  attempt: number;
  status: 'running' | 'succeeded' | 'failed' | 'aborted';
  startedAt: number;
  endedAt?: number;
}

/** A Distributed Map's Map Run (MapRunStarted … MapRunSucceeded/Failed/Aborted). */
export interface MapRun {
  mapRunArn?: string;
  attempt: number;
  status: 'running' | 'succeeded' | 'failed' | 'aborted';
  startedAt: number;
  endedAt?: number;
  error?: string;
  cause?: string;
}

/** Where an entry ran: the Map iterations that hold it, outermost first (empty at the top level). */
export interface IterationFrame {
  map: string;
  index: number;
}

/** One entry into a state (a state in a Map iteration or a loop is entered more than once). */
export interface StateRun {
  /** The id of its StateEntered event. */
  id: number;
  name: string;
  type: string;
  frames: IterationFrame[];
  enteredAt: number;
  exitedAt?: number;
  input?: string;
  output?: string;
  /** Variables it assigned (its exit's assignedVariables): name → the value as JSON text. */
  variables?: Record<string, string>;
  attempts: Attempt[];
  /** Whether the entry ended in an error: a failed call, Map or Parallel, an EvaluationFailed, a Fail state. */
  failed: boolean;
  /** The error the entry ended with (from its events, or from where the error landed: a Catch, the execution). */
  error?: string;
  cause?: string;
  /** For an EvaluationFailed: the field whose expression failed (e.g. `Output/result`). */
  errorLocation?: string;
  iterations: Iteration[];
  mapRuns: MapRun[];
  events: HistoryEvent[];
  /**
   * For a state of a child execution drawn inside its parent's Task (model/children.ts): that
   * child's ARN. Its `events` are the child's own (their ids are the child history's).
   */
  child?: string;
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

export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

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
