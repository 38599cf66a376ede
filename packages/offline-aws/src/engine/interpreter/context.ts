/**
 * What every state of one execution shares while the owned engine runs it: the host's services (Task
 * calls, tokens, timers' overrides), the history, the context object's execution-wide part, and the
 * execution's stop signal.
 */
import type { StateInfo } from '../definition';
import { StateError } from '../errors';
import type { Json, JsonObject, QueryLanguage } from '../query/types';
import type { ExecutionHistory, HistoryLine } from '../history';
import type { RedriveMemory } from './redrive';
import type { VariableScope } from './variables';
import type { S3Access } from '../distributed/s3-access';
import type { MapRunRecord } from '../distributed/map-run-record';

/** One attempt of a Task state handed to the host (tasks.ts runs it and records its task events). */
export interface TaskCall {
  state: StateInfo;
  /** The state's definition as written (Resource, Retry, …). */
  definition: JsonObject;
  /** What the task sends: the input after InputPath and Parameters (JSONPath) or Arguments (JSONata). */
  input: Json;
  /** The token of a `.waitForTaskToken` attempt (the context's `Task.Token`). */
  token?: string;
  /** TimeoutSeconds / HeartbeatSeconds as evaluated for this attempt (their `*Path` or JSONata forms included). */
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** Records one task-level event of the attempt on the state's line (TaskScheduled, LambdaFunctionSucceeded, …). */
  record(type: string, details: object): void;
  /** Rejects with States.Timeout when the attempt runs past its TimeoutSeconds: the call must end then. */
  timeout: Promise<never>;
}

/** What the runner gives the engine: the world outside the state machine. */
export interface EngineHost {
  /** Runs one attempt of a Task state. @returns its result; @throws StateError with the ASL error and Cause. */
  runTask(call: TaskCall): Promise<Json>;
  /** Issues the token of a `.waitForTaskToken` attempt (tokens.ts). */
  issueToken(stateName: string): string;
  /** Milliseconds to wait in this Wait state instead of what the definition says (a local override), if any. */
  waitOverrideMs?(stateName: string): number | undefined;
  /** What ends this Wait state early (the console's "skip the wait"). */
  waitSkipSignal?(stateName: string): AbortSignal | undefined;
  /** Milliseconds before this Task state's attempts time out instead of its TimeoutSeconds (a local override). */
  taskTimeoutOverrideMs?(stateName: string): number | undefined;
  /** Milliseconds before the execution times out instead of the definition's TimeoutSeconds (a local override). */
  executionTimeoutOverrideMs?: number;
  /** Milliseconds between every retry instead of the retrier's interval (tests shorten the backoff). */
  retryIntervalMs?: number;
  /** A state was entered. */
  stateEntered?(stateName: string): void;
  /** S3 for a Distributed Map's ItemReader and ResultWriter (absent: they fail saying there is none). */
  s3?: S3Access;
  /** Told of each Map Run as it starts; the record is updated in place until the run ends (map-run-record.ts). */
  mapRunStarted?(record: MapRunRecord): void;
}

/** The execution-wide part of the context object (`$$` / `$states.context`). */
export interface ExecutionContext {
  Id: string;
  Input: Json;
  Name: string;
  RoleArn: string;
  StartTime: string;
  RedriveCount: number;
  RedriveTime?: string;
}

/** What a run shares. */
export interface RunContext {
  host: EngineHost;
  history: ExecutionHistory;
  /** The states' classification (Task targets, …) by name. */
  states: ReadonlyMap<string, StateInfo>;
  execution: ExecutionContext;
  stateMachine: { Id: string; Name: string };
  /** The definition's top-level QueryLanguage (JSONPath when absent). */
  queryLanguage: QueryLanguage;
  /** Aborted when the execution is stopped or times out (and, inside a Parallel or Map, when the branch is abandoned). */
  signal: AbortSignal;
  /** Aborted when the execution itself is stopped or times out (never for a branch alone). */
  executionSignal?: AbortSignal;
  /** Set when the signal was aborted because the execution ran past its TimeoutSeconds. */
  timedOut?: boolean;
  /** What a later RedriveExecution needs: where to continue, what not to run again (redrive.ts). */
  redrive?: RedriveMemory;
}

/** Where a state runs: its line in the history and its variables' scope. */
export interface Place {
  line: HistoryLine;
  variables: VariableScope;
  /** The context object's `Map` part inside a Map iteration (`$$.Map.Item`). */
  map?: JsonObject;
  /** Inside a Parallel branch or a Map iteration, its key in the redrive memory; none at the top level. */
  path?: string;
}

/** Thrown inside a run once the execution has been stopped: it unwinds every state without recording. */
export class RunStopped extends Error {
  constructor() {
    super('The execution was stopped');
  }
}

/** @throws RunStopped when the execution has been stopped. */
export function checkRunning(context: RunContext): void {
  if (context.signal.aborted) throw new RunStopped();
}

const MAX_TIMER_MS = 2_147_483_647;

/**
 * Calls `fire` after `ms` milliseconds, however long (setTimeout holds at most 2^31 - 1 ms, about
 * 24.8 days; AWS waits up to a year). @returns what cancels it.
 */
export function after(ms: number, fire: () => void): () => void {
  const end = Date.now() + Math.max(0, ms);
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = end - Date.now();
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(fire, Math.max(0, left));
  };
  arm();
  return () => clearTimeout(timer);
}

/** Waits `ms` milliseconds, ending early (resolving) on `skip` and rejecting with RunStopped on the run's stop. */
export function sleep(ms: number, context: RunContext, skip?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (context.signal.aborted) return reject(new RunStopped());
    if (skip?.aborted) return resolve();
    const done = () => {
      cancel();
      context.signal.removeEventListener('abort', stopped);
      skip?.removeEventListener('abort', done);
      resolve();
    };
    const stopped = () => {
      cancel();
      skip?.removeEventListener('abort', done);
      reject(new RunStopped());
    };
    const cancel = after(ms, done);
    context.signal.addEventListener('abort', stopped, { once: true });
    skip?.addEventListener('abort', done, { once: true });
  });
}

/** An error value as the engine handles it: a StateError, else States.Runtime with the message. */
export function asStateError(error: unknown): StateError {
  if (error instanceof StateError) return error;
  return new StateError('States.Runtime', error instanceof Error ? error.message : String(error));
}
