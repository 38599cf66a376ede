/**
 * One execution of a state machine, as DescribeExecution reports it, with its history
 * (src/engine/history.ts) and what derives from it.
 */
import type { Json } from '../serverless/config';
import type { ExecutionHistory, TraceEntry } from './history';
import type { StateMachineRecord, StateMachineType } from './machines';
import { RedriveMemory } from './interpreter/redrive';
import { RedriveTokens } from './redrive';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  /** The version the execution runs, when it was started with a version or alias ARN. */
  stateMachineVersionArn?: string;
  /** The alias it was started through, if any. */
  stateMachineAliasArn?: string;
  name: string;
  type: StateMachineType;
  input: Json;
  status: ExecutionStatus;
  output?: Json;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  /** Times it has been redriven (API_RedriveExecution.html), and when it was last. */
  redriveCount: number;
  redriveDate?: Date;
  /** The execution's history, as GetExecutionHistory returns it. */
  history: ExecutionHistory;
  /** The states entered (derived from the history). */
  readonly trace: TraceEntry[];
  /** State transitions as Standard workflows bill them (derived from the history: see ExecutionHistory.transitions). */
  readonly transitions: number;
  /** Lambda invocations (derived from the history). */
  readonly lambdaInvocations: number;
  /** Resolves when the execution has ended, whatever the outcome. */
  completion: Promise<Execution>;
}

/** The runner's own record of an execution: what the API reports, plus what it needs to run and stop it. */
export class ExecutionRecord implements Omit<Execution, 'completion'> {
  status: ExecutionStatus = 'RUNNING';
  output?: Json;
  error?: string;
  cause?: string;
  readonly startDate = new Date();
  stopDate?: Date;
  completion!: Promise<Execution>;
  /** What StopExecution asked for: ExecutionAborted's error and cause. */
  abortRequest?: { error?: string; cause?: string };
  abort: () => void = () => undefined;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  redriveCount = 0;
  redriveDate?: Date;
  /** Where a redrive continues and what it does not run again. */
  readonly redriveMemory = new RedriveMemory();
  /** The client tokens of its redrives, for RedriveExecution's idempotency. */
  readonly redriveTokens = new RedriveTokens();
  readonly stateMachineArn: string;
  readonly type: StateMachineType;

  constructor(
    readonly executionArn: string,
    /** The state machine as it was when the execution started: its definition stays the execution's. */
    readonly stateMachine: StateMachineRecord,
    readonly name: string,
    readonly input: Json,
    readonly history: ExecutionHistory,
  ) {
    this.stateMachineArn = stateMachine.stateMachineArn;
    this.type = stateMachine.type;
  }

  /** It is redriven at `date`: RUNNING again, without the last attempt's end (API_DescribeExecution.html). */
  redriven(date: Date): void {
    this.redriveCount += 1;
    this.redriveDate = date;
    this.status = 'RUNNING';
    this.stopDate = undefined;
    this.output = undefined;
    this.error = undefined;
    this.cause = undefined;
    this.abortRequest = undefined;
  }

  get trace(): TraceEntry[] {
    return this.history.trace();
  }
  get transitions(): number {
    return this.history.transitions();
  }
  get lambdaInvocations(): number {
    return this.history.lambdaInvocations();
  }
}

/**
 * The child's DescribeExecution answer as `states:startExecution.sync` returns it
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html): PascalCase
 * fields, dates in epoch milliseconds, Input and Output as JSON strings.
 */
export function syncDescription(ended: Execution): Record<string, unknown> {
  return {
    ExecutionArn: ended.executionArn,
    Input: JSON.stringify(ended.input),
    InputDetails: { Included: true },
    Name: ended.name,
    ...(ended.output === undefined ? {} : { Output: JSON.stringify(ended.output), OutputDetails: { Included: true } }),
    ...(ended.error === undefined ? {} : { Error: ended.error }),
    ...(ended.cause === undefined ? {} : { Cause: ended.cause }),
    StartDate: ended.startDate.getTime(),
    StateMachineArn: ended.stateMachineArn,
    Status: ended.status,
    StopDate: ended.stopDate?.getTime() ?? Date.now(),
  };
}
