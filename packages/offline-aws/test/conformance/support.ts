/**
 * Runs a small Amazon States Language definition through the engine the offline runtime uses
 * (aws-local-stepfunctions with the project's patch), with nothing of the runner in between, and
 * reports the outcome as Step Functions would: status, output, or error and cause.
 */
import { StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type Outcome =
  { status: 'SUCCEEDED'; output: Json } | { status: 'FAILED'; error: string; cause: string } | { status: 'TIMED_OUT' };

/** A Lambda function ARN for Task states whose work a local handler does. */
export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

export interface Run {
  /** Settles with the outcome; never rejects. */
  outcome: Promise<Outcome>;
  /** True once the execution has ended (lets a test see that it is still running). */
  settled(): boolean;
}

export function start(definition: object, input: Json = {}, options: RunOptions = {}): Run {
  const machine = new StateMachine(definition as StateMachineDefinition);
  const execution = machine.run(input, options);
  let done = false;
  const outcome = execution.result.then(
    (output: Json): Outcome => ({ status: 'SUCCEEDED', output }),
    (error: unknown): Outcome => {
      if (error instanceof Error && error.name === 'ExecutionTimeoutError') return { status: 'TIMED_OUT' };
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
      return cause instanceof Error
        ? { status: 'FAILED', error: cause.name, cause: cause.message }
        : { status: 'FAILED', error: 'Unknown', cause: String(cause) };
    },
  );
  void outcome.finally(() => {
    done = true;
  });
  return { outcome, settled: () => done };
}

export const run = (definition: object, input: Json = {}, options: RunOptions = {}): Promise<Outcome> =>
  start(definition, input, options).outcome;

/** A one-state machine around `state` (which must end the execution). */
export const single = (state: object): object => ({ StartAt: 'S', States: { S: state } });

export const SECOND = 1000;
export const DAY = 24 * 60 * 60 * SECOND;
