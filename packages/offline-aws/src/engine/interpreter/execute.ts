/**
 * One execution run by the owned engine, from ExecutionStarted to its last event
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html):
 * ExecutionSucceeded, ExecutionFailed, ExecutionAborted (StopExecution) or ExecutionTimedOut (the
 * definition's TimeoutSeconds).
 */
import type { StateInfo } from '../definition';
import type { Json, JsonObject, QueryLanguage } from '../query/types';
import { after, asStateError, RunStopped, type EngineHost, type ExecutionContext, type RunContext } from './context';
import type { ExecutionHistory, HistoryLine } from '../history';
import type { RedriveMemory } from './redrive';
import { runStates } from './run';
import { VariableScope } from './variables';

export type ExecutionEnd =
  | { status: 'SUCCEEDED'; output: Json }
  | { status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error?: string; cause?: string };

export interface ExecutionRun {
  definition: JsonObject;
  states: ReadonlyMap<string, StateInfo>;
  input: Json;
  history: ExecutionHistory;
  host: EngineHost;
  execution: ExecutionContext;
  stateMachine: { Id: string; Name: string };
  /** Aborted by StopExecution; `stopRequest` then gives its error and cause. */
  signal: AbortSignal;
  stopRequest(): { error?: string; cause?: string };
  /** Extra fields of ExecutionStarted's details (stateMachineAliasArn, stateMachineVersionArn). */
  startedDetails?: object;
  /** The execution's redrive memory, kept across its attempts (redrive.ts). */
  memory?: RedriveMemory;
  /**
   * Set when this run is a redrive (API_RedriveExecution.html): the history, closed, gets
   * ExecutionRedriven and the run continues where the last attempt ended (redrive.ts).
   */
  redrive?: { redriveCount: number };
}

const json = (value: Json): string => JSON.stringify(value);

/** Runs the execution to its end. Never rejects: every failure is the execution's. */
export async function runExecution(run: ExecutionRun): Promise<ExecutionEnd> {
  if (run.redrive !== undefined) run.memory?.beginRedrive();
  let line: HistoryLine;
  if (run.redrive !== undefined) line = run.history.redriven(run.redrive.redriveCount);
  else {
    line = run.history.line();
    line.record('ExecutionStarted', {
      input: json(run.input),
      inputDetails: { truncated: false },
      roleArn: run.execution.RoleArn,
      ...run.startedDetails,
    });
  }
  const timeout = new AbortController();
  const executionSignal = AbortSignal.any([run.signal, timeout.signal]);
  const context: RunContext = {
    host: run.host,
    history: run.history,
    states: run.states,
    execution: run.execution,
    stateMachine: run.stateMachine,
    queryLanguage: run.definition.QueryLanguage === 'JSONata' ? 'JSONata' : ('JSONPath' as QueryLanguage),
    signal: executionSignal,
    executionSignal,
    redrive: run.memory,
  };
  const seconds = run.definition.TimeoutSeconds;
  const timeoutMs =
    run.host.executionTimeoutOverrideMs ?? (typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined);
  const cancelTimeout =
    timeoutMs !== undefined
      ? after(timeoutMs, () => {
          context.timedOut = true;
          timeout.abort();
        })
      : () => undefined;
  try {
    const output = await runStates(run.definition, run.input, { line, variables: new VariableScope() }, context);
    line.record('ExecutionSucceeded', { output: json(output), outputDetails: { truncated: false } });
    return { status: 'SUCCEEDED', output };
  } catch (thrown) {
    if (thrown instanceof RunStopped && context.timedOut) {
      const cause = 'The execution ran past its TimeoutSeconds';
      line.record('ExecutionTimedOut', { error: 'States.Timeout', cause });
      return { status: 'TIMED_OUT', error: 'States.Timeout', cause };
    }
    if (thrown instanceof RunStopped) {
      const { error, cause } = run.stopRequest();
      line.record('ExecutionAborted', {
        ...(error === undefined ? {} : { error }),
        ...(cause === undefined ? {} : { cause }),
      });
      return { status: 'ABORTED', error, cause };
    }
    const failure = asStateError(thrown);
    const error = failure.name === '' ? undefined : failure.name;
    const cause = failure.hasCause ? failure.message : undefined;
    line.record('ExecutionFailed', {
      ...(error === undefined ? {} : { error }),
      ...(cause === undefined ? {} : { cause }),
    });
    return { status: 'FAILED', error, cause };
  } finally {
    cancelTimeout();
  }
}
