/**
 * One run of an execution on the engine (interpreter/execute.ts), from its start (or its redrive) to
 * its end: the engine's host wired to the runner's task integrations, tokens and Wait skips, and the
 * execution record brought up to date when it ends. The runner (runner.ts) decides what runs.
 */
import type { MapRunRecord } from './distributed/map-run-record';
import type { S3Access } from './distributed/s3-access';
import { StateError } from './errors';
import type { ExecutionRecord } from './execution';
import type { EngineHost } from './interpreter/context';
import { runExecution, type ExecutionEnd } from './interpreter/execute';
import type { Json } from './query/types';
import type { TaskRunner } from './tasks';
import type { TaskTokens } from './tokens';
import type { WaitSkips } from './wait-skips';

/** What a run needs from the runner. */
export interface DriveDeps {
  tasks: TaskRunner;
  tokens: TaskTokens;
  waitSkips: WaitSkips;
  s3: S3Access;
  retryIntervalMs?: number;
  taskTimeoutOverrideMs(stateName: string): number | undefined;
  /** Milliseconds before the execution times out, instead of its definition's TimeoutSeconds. */
  executionTimeoutOverrideMs?: number;
  waitOverrideMs(stateName: string): number | undefined;
  stateEntered(state: string): void;
  mapRunStarted(record: MapRunRecord): void;
  /** Called once the record holds the execution's end. */
  ended(): void;
}

const roundTrip = (value: unknown): Json => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json));
const RUNTIME_ENDED = () => new StateError('States.Runtime', 'The execution ended');

/**
 * Starts `record`'s run and sets `record.completion` to its end.
 * @param run.startedDetails extra ExecutionStarted details (the version and alias ARNs).
 * @param run.redrive given for a redrive (RedriveExecution): the run continues where the execution ended.
 */
export function driveExecution(
  record: ExecutionRecord,
  run: { startedDetails: object; redrive?: { redriveCount: number } },
  deps: DriveDeps,
): void {
  const { executionArn, stateMachine: machine, name, input, history } = record;
  const { workflow } = machine;
  const stop = new AbortController();
  record.abort = () => stop.abort();
  const host: EngineHost = {
    runTask: (call) =>
      deps.tasks.run({
        executionArn,
        record: call.record,
        state: call.state,
        target: call.state.target as NonNullable<typeof call.state.target>,
        input: call.input,
        token: call.token,
        timeoutSeconds: call.timeoutSeconds,
        heartbeatSeconds: call.heartbeatSeconds,
        timeout: call.timeout,
      }),
    taskTimeoutOverrideMs: deps.taskTimeoutOverrideMs,
    ...(deps.executionTimeoutOverrideMs === undefined
      ? {}
      : { executionTimeoutOverrideMs: deps.executionTimeoutOverrideMs }),
    issueToken: (stateName) => deps.tokens.issue(executionArn, stateName),
    waitOverrideMs: deps.waitOverrideMs,
    waitSkipSignal: (stateName) => deps.waitSkips.signal(executionArn, stateName),
    retryIntervalMs: deps.retryIntervalMs,
    stateEntered: deps.stateEntered,
    mapRunStarted: deps.mapRunStarted,
    s3: deps.s3,
  };
  record.completion = (async () => {
    // runExecution ends every failure as the execution's; should the engine itself throw, that
    // execution fails with States.Runtime (as AWS reports its runtime errors), not the process.
    const end = await runExecution({
      definition: workflow.definition,
      states: workflow.states,
      input,
      history,
      host,
      execution: {
        Id: executionArn,
        Input: input,
        Name: name,
        RoleArn: machine.roleArn,
        StartTime: record.startDate.toISOString(),
        RedriveCount: record.redriveCount,
        ...(record.redriveDate ? { RedriveTime: record.redriveDate.toISOString() } : {}),
      },
      stateMachine: { Id: machine.stateMachineArn, Name: machine.name },
      signal: stop.signal,
      stopRequest: () => record.abortRequest ?? {},
      startedDetails: run.startedDetails,
      memory: record.redriveMemory,
      redrive: run.redrive,
    }).catch((thrown: unknown): ExecutionEnd => {
      const cause = `The offline engine failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
      history.line().record('ExecutionFailed', { error: 'States.Runtime', cause });
      return { status: 'FAILED', error: 'States.Runtime', cause };
    });
    record.status = end.status;
    if (end.status === 'SUCCEEDED') record.output = roundTrip(end.output);
    else {
      record.error = end.error;
      record.cause = end.cause;
    }
    record.stopDate = new Date();
    deps.tokens.closeExecution(executionArn, RUNTIME_ENDED());
    deps.waitSkips.forget(executionArn);
    deps.ended();
    return record;
  })();
}
