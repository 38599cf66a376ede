/**
 * Runs a small Amazon States Language definition through the offline runtime's own engine
 * (src/engine/interpreter/), with nothing of the runner in between: each Task state's work is a
 * local handler named by the state, and the outcome is reported as Step Functions would: status,
 * output, or error and cause.
 */
import { StateError } from '../../src/engine/errors';
import { ExecutionHistory } from '../../src/engine/history';
import type { StateInfo } from '../../src/engine/definition';
import { runExecution } from '../../src/engine/interpreter/execute';
import type { S3Access } from '../../src/engine/distributed/s3-access';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type Outcome =
  | { status: 'SUCCEEDED'; output: Json }
  | { status: 'FAILED'; error: string; cause: string }
  | { status: 'TIMED_OUT' }
  | { status: 'ABORTED' };

/** A Lambda function ARN for Task states whose work a local handler does. */
export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

export interface RunOptions {
  /** Each Task state's work, by state name: its input in, its result out (a rejection fails the attempt). */
  tasks?: Record<string, (input: Json) => Promise<Json>>;
  /** Milliseconds between retries instead of the retriers' intervals. */
  retryIntervalMs?: number;
  /** The context object's Execution.Id and StartTime (defaults: an ARN of this test machine, now). */
  execution?: { Id?: string; StartTime?: string };
  /** S3 for a Distributed Map's ItemReader / ResultWriter (e.g. an in-memory one). */
  s3?: S3Access;
}

export interface Run {
  /** Settles with the outcome; never rejects. */
  outcome: Promise<Outcome>;
  /** True once the execution has ended (lets a test see that it is still running). */
  settled(): boolean;
  /** StopExecution. */
  stop(): void;
  history: ExecutionHistory;
}

const MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:conformance';

/** Every state of a definition (branches and processors included) as the engine looks Tasks up. */
function statesOf(definition: object): Map<string, StateInfo> {
  const states = new Map<string, StateInfo>();
  const walk = (holder: unknown): void => {
    const entries = Object.entries((holder as { States?: Record<string, Record<string, unknown>> }).States ?? {});
    for (const [name, state] of entries) {
      states.set(name, {
        name,
        type: String(state.Type),
        next: [],
        compensation: false,
        ...(state.Type === 'Task'
          ? {
              resource: String(state.Resource),
              target: { kind: 'lambda', functionName: 'work', payloadOnly: false, waitForTaskToken: false },
            }
          : {}),
      });
      for (const branch of (state.Branches as unknown[] | undefined) ?? []) walk(branch);
      walk(state.ItemProcessor ?? state.Iterator ?? {});
    }
  };
  walk(definition);
  return states;
}

export function start(definition: object, input: Json = {}, options: RunOptions = {}): Run {
  const states = statesOf(definition);
  const history = new ExecutionHistory(states);
  const stop = new AbortController();
  const executionArn = `${MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${Math.random().toString(36).slice(2)}`;
  let done = false;
  const outcome = runExecution({
    definition: definition as never,
    states,
    input,
    history,
    host: {
      runTask: async (call) => {
        const handler = options.tasks?.[call.state.name];
        if (!handler) throw new StateError('States.TaskFailed', `No local handler for ${call.state.name}`);
        try {
          return await Promise.race([handler(call.input as Json), call.timeout]);
        } catch (error) {
          // A handler fails its attempt with the error's name and message, as a task's error.
          throw error instanceof StateError ? error : new StateError((error as Error).name, (error as Error).message);
        }
      },
      issueToken: () => 'token',
      retryIntervalMs: options.retryIntervalMs,
      ...(options.s3 ? { s3: options.s3 } : {}),
    },
    execution: {
      Id: options.execution?.Id ?? executionArn,
      Input: input,
      Name: executionArn.split(':').at(-1) ?? '',
      RoleArn: 'arn:aws:iam::123456789012:role/conformance',
      StartTime: options.execution?.StartTime ?? new Date().toISOString(),
      RedriveCount: 0,
    },
    stateMachine: { Id: MACHINE_ARN, Name: 'conformance' },
    signal: stop.signal,
    stopRequest: () => ({}),
  }).then((end): Outcome => {
    if (end.status === 'SUCCEEDED') return { status: 'SUCCEEDED', output: end.output as Json };
    if (end.status === 'TIMED_OUT') return { status: 'TIMED_OUT' };
    if (end.status === 'ABORTED') return { status: 'ABORTED' };
    return { status: 'FAILED', error: end.error ?? '', cause: end.cause ?? '' };
  });
  void outcome.finally(() => {
    done = true;
  });
  return { outcome, settled: () => done, stop: () => stop.abort(), history };
}

export const run = (definition: object, input: Json = {}, options: RunOptions = {}): Promise<Outcome> =>
  start(definition, input, options).outcome;

/** A one-state machine around `state` (which must end the execution). */
export const single = (state: object): object => ({ StartAt: 'S', States: { S: state } });

export const SECOND = 1000;
export const DAY = 24 * 60 * 60 * SECOND;
