/**
 * One execution's run in aws-local-stepfunctions (runner.ts starts it): the library's `run`, with
 * every Task state handed to the runner's TaskRunner (tasks.ts), the overrides the runner's options
 * ask for, and the context object's Execution, StateMachine and Task.
 */
import type { ExecutionRecord, ExecutionStatus } from './execution';
import type { ExecutionHistory } from './history';
import type { StateMachineRecord } from './machines';
import type { RunnerOptions } from './runner';
import type { TaskRunner } from './tasks';
import type { TaskTokens } from './tokens';
import type { WaitSkips } from './wait-skips';

export interface LibraryRunOptions {
  machine: StateMachineRecord;
  record: ExecutionRecord;
  history: ExecutionHistory;
  tasks: TaskRunner;
  tokens: TaskTokens;
  waitSkips: WaitSkips;
  /** The project's state machine: the Wait and Task timeout overrides apply to it only. */
  project: boolean;
  options: Pick<RunnerOptions, 'retryIntervalMs' | 'taskTimeoutOverridesMs' | 'waitOverridesMs'>;
}

/** Starts the run: what the library's `StateMachine.run` returns (`abort`, `result`, `eventLogs`). */
export function startLibraryRun(run: LibraryRunOptions): ReturnType<StateMachineRecord['machine']['run']> {
  const { machine, record, history, tasks, tokens, waitSkips, project, options } = run;
  const { workflow } = machine;
  const { executionArn } = record;
  const retryable = [...workflow.states.values()].filter((s) => s.type === 'Task' || s.type === 'Parallel');
  const retryIntervalOverrides =
    options.retryIntervalMs === undefined
      ? undefined
      : Object.fromEntries(retryable.map((state) => [state.name, options.retryIntervalMs ?? 0]));
  return machine.machine.run(record.input as never, {
    overrides: {
      taskResourceLocalHandlers: Object.fromEntries(
        [...workflow.states.values()]
          .filter((state) => state.type === 'Task')
          .map((state) => [
            state.name,
            (taskInput: unknown) =>
              tasks.run({
                executionArn,
                history,
                state,
                target: state.target as NonNullable<typeof state.target>,
                input: taskInput,
                token: record.claimToken(),
                timeoutOverrideMs: project ? options.taskTimeoutOverridesMs?.[state.name] : undefined,
              }),
          ]),
      ),
      waitTimeOverrides: project ? options.waitOverridesMs : undefined,
      retryIntervalOverrides,
      // Not an option of the library: patches/aws-local-stepfunctions+3.0.0.patch reads it.
      waitSkipSignal: (stateName: string) => waitSkips.signal(executionArn, stateName),
    } as never,
    context: {
      Execution: { Id: executionArn, Name: record.name, RoleArn: machine.roleArn },
      StateMachine: { Id: machine.stateMachineArn, Name: machine.name },
      Task: record.taskContext(tokens),
    } as never,
  });
}

/** The status of an execution whose run ended with `error` (the library's error classes, by name). */
export function failedStatus(error: unknown): ExecutionStatus {
  const errorName = error instanceof Error ? error.name : '';
  if (errorName === 'ExecutionTimeoutError') return 'TIMED_OUT';
  if (errorName === 'ExecutionAbortedError') return 'ABORTED';
  return 'FAILED';
}
