/**
 * Runs state machines offline with the package's own engine (src/engine/interpreter/): the project's
 * (from serverless.yml) and any created through the local Step Functions API. Every Task
 * is mapped to what it would call in AWS (src/engine/tasks.ts); `.waitForTaskToken` is emulated
 * with one token per attempt (src/engine/tokens.ts); each execution keeps its history in AWS's
 * format (src/engine/history.ts), from which its trace, transitions and Lambda invocations derive.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { s3Access } from '../messaging/s3-access';
import type { Json, ServerlessConfig } from '../serverless/config';
import { lambdaFunctionFromArn, type WorkflowDefinition } from './definition';
import { ChildExecutions } from './children';
import { checkExecutionInputDepth, StateError, StepFunctionsError } from './errors';
import { ExecutionRecord, type Execution } from './execution';
import { ExecutionHistory, type HistoryEvent } from './history';
import { assertRedrivable, redriveVerdictOf } from './redrive';
import { driveExecution } from './drive';
import { isValidName, StateMachineRegistry, type QualifiedMachine, type StateMachineRecord } from './machines';
import { TaskRunner } from './tasks';
import { TaskTokens } from './tokens';
import { WaitSkips } from './wait-skips';
import { MapRuns } from './map-runs';

export { StepFunctionsError } from './errors';
export type { Execution, ExecutionStatus } from './execution';
export type { TraceEntry } from './history';
export type { InvokeLambda } from './tasks';

import type { RunnerEvent, RunnerOptions } from './runner-options';

export type { RunnerEvent, RunnerOptions } from './runner-options';

/** An event appended to an execution's history, with the machine the execution runs (its name and logging). */
export type HistoryListener = (execution: Execution, machine: StateMachineRecord, event: HistoryEvent) => void;

export class WorkflowRunner {
  readonly machines: StateMachineRegistry;
  readonly tokens = new TaskTokens();
  /** The Map Runs of the Distributed Maps run so far, and their child executions. */
  readonly mapRuns = new MapRuns();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly children = new ChildExecutions({
    startExecution: (name, input, stateMachineArn) => this.startExecution(name, input, stateMachineArn),
    stopRunning: (executionArn) => this.stopIfRunning(executionArn),
  });
  private readonly listeners = new Set<(event: RunnerEvent) => void>();
  private readonly historyListeners = new Set<HistoryListener>();
  private readonly tasks: TaskRunner;
  /** A Distributed Map's S3 (ItemReader, ResultWriter): the local stack's emulator. */
  private readonly s3 = s3Access(() => this.options.messaging.s3);
  /** Per execution, the Wait states it has begun and what ends them early (skipWait). */
  private readonly waitSkips = new WaitSkips();

  /** The project's state machine's ARN. */
  private readonly projectArn: string;

  constructor(
    /** The project's state machine, as serverless.yml declared it at start. */
    workflow: WorkflowDefinition,
    private readonly options: RunnerOptions,
  ) {
    const [, , , region = 'us-east-1', accountId = '000000000000'] = workflow.stateMachineArn.split(':');
    const config = options.config ?? ({ functions: {} } as unknown as ServerlessConfig);
    this.machines = new StateMachineRegistry(config, region, accountId);
    this.machines.addProjectMachine(workflow);
    for (const child of options.projectChildren ?? []) this.machines.addProjectMachine(child);
    this.projectArn = workflow.stateMachineArn;
    this.tasks = new TaskRunner(
      {
        invoke: options.invoke,
        messaging: options.messaging,
        region,
        faults: options.faults,
        dynamoDb: options.dynamoDb ?? new DynamoDBClient({ region }),
        accountId,
        resolveFunction: (functionName) => lambdaFunctionFromArn(config, functionName),
        functionTimeoutSeconds: (functionName) => options.config?.functions[functionName]?.timeout ?? 6,
        startChild: (parameters, parentExecutionArn) => this.children.start(parameters, parentExecutionArn),
        stopChild: (executionArn) => this.stopIfRunning(executionArn),
        tokenHandedOn: (executionArn, state, token) => {
          const execution = this.executions.get(executionArn);
          if (execution) this.emit({ type: 'TaskTokenIssued', execution, state, token });
        },
      },
      this.tokens,
    );
  }

  /** The project's state machine: its current definition (the one new executions run). */
  get workflow(): WorkflowDefinition {
    return this.machines.get(this.projectArn).workflow;
  }

  /**
   * Runs new executions of the project's machine on this definition (the project watcher's reload);
   * running executions finish on the one they started with, as after UpdateStateMachine.
   * @throws StepFunctionsError InvalidDefinition (the machine keeps its definition).
   */
  updateWorkflow(workflow: WorkflowDefinition): void {
    if (workflow.stateMachineArn !== this.projectArn) {
      throw new StepFunctionsError('InvalidArn', `Not the project's state machine: '${workflow.stateMachineArn}'`);
    }
    this.machines.updateProjectMachine(workflow);
  }

  /**
   * The state machine an execution runs, as it was when the execution started
   * (API_DescribeStateMachineForExecution.html).
   * @throws StepFunctionsError InvalidArn, ExecutionDoesNotExist.
   */
  stateMachineForExecution(executionArn: string): StateMachineRecord {
    this.getExecution(executionArn);
    return (this.executions.get(executionArn) as ExecutionRecord).stateMachine;
  }

  onEvent(listener: (event: RunnerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells `listener` of every history event of every execution as it is recorded. @returns an unsubscribe. */
  onHistoryEvent(listener: HistoryListener): () => void {
    this.historyListeners.add(listener);
    return () => this.historyListeners.delete(listener);
  }

  private emit(event: RunnerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** The ARN an execution of the project's machine (or of `stateMachineArn`) named `name` gets. */
  executionArn(name: string, stateMachineArn = this.workflow.stateMachineArn): string {
    return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  /** @throws StepFunctionsError InvalidArn (not an execution ARN), ExecutionDoesNotExist. */
  getExecution(executionArn: string): Execution {
    if (!/^arn:aws:states:[a-z0-9-]+:\d{12}:(execution|express):[^:]+:[^:]+(:[^:]+)?$/.test(executionArn)) {
      throw new StepFunctionsError(
        'InvalidArn',
        `Invalid Arn: 'Resource type not valid in this context: ${executionArn}'`,
      );
    }
    const execution = this.executions.get(executionArn);
    if (!execution)
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return execution;
  }

  listExecutions(): Execution[] {
    return [...this.executions.values()];
  }

  /**
   * Adds an execution an earlier run of the stack recorded (engine/journal.ts); `endedNow`: it ended
   * at this start (it was running when that run stopped), and the listeners are told so.
   */
  adopt(record: ExecutionRecord, endedNow: boolean): void {
    this.executions.set(record.executionArn, record);
    if (endedNow) this.emit({ type: 'ExecutionEnded', execution: record });
  }

  /** Stops every running execution (status ABORTED), as StopExecution would; used at shutdown. */
  async abortAll(): Promise<void> {
    for (const execution of this.executions.values()) if (execution.status === 'RUNNING') this.stop(execution);
    await this.settle();
  }

  /** Executions that are still running and not parked on a task token (i.e. still making progress). */
  busyExecutions(): Execution[] {
    const parked = this.tokens.waitingExecutions();
    return this.listExecutions().filter((e) => e.status === 'RUNNING' && !parked.has(e.executionArn));
  }

  /** Resolves when every execution started so far has ended. */
  async settle(): Promise<void> {
    await Promise.all([...this.executions.values()].map((execution) => execution.completion));
  }

  /**
   * StartExecution (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html).
   * @param name the execution name; a UUID when omitted, as in AWS.
   * @returns the new execution, or the running one of the same name and input (idempotent).
   * @throws StepFunctionsError InvalidName, InvalidArn, StateMachineDoesNotExist, StateMachineDeleting,
   *   ExecutionAlreadyExists.
   */
  startExecution(name: string | undefined, input: Json, stateMachineArn = this.workflow.stateMachineArn): Execution {
    const qualified = this.machines.resolve(stateMachineArn);
    const machine = qualified.record;
    if (machine.status === 'DELETING') {
      throw new StepFunctionsError('StateMachineDeleting', `State Machine is being deleted: '${stateMachineArn}'`);
    }
    checkExecutionInputDepth(input);
    const executionName = name ?? randomUUID();
    if (!isValidName(executionName)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${executionName}'`);
    const executionArn =
      machine.type === 'EXPRESS'
        ? `${machine.stateMachineArn.replace(':stateMachine:', ':express:')}:${executionName}:${randomUUID()}`
        : this.executionArn(executionName, machine.stateMachineArn);
    const existing = this.executions.get(executionArn);
    if (existing) {
      // As in AWS: same name and input while running is idempotent; anything else is a conflict.
      if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === JSON.stringify(input)) return existing;
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    return this.run(qualified.runs, executionArn, executionName, input, qualified);
  }

  private run(
    machine: StateMachineRecord,
    executionArn: string,
    name: string,
    input: Json,
    qualified: Pick<QualifiedMachine, 'stateMachineVersionArn' | 'stateMachineAliasArn'> = {},
  ): Execution {
    const history = new ExecutionHistory(machine.workflow.states, (event) => {
      for (const listener of this.historyListeners) listener(record, machine, event);
    });
    const record = new ExecutionRecord(executionArn, machine, name, input, history);
    // The execution ARN is the unqualified machine's either way; DescribeExecution names the version and alias.
    record.stateMachineVersionArn = qualified.stateMachineVersionArn;
    record.stateMachineAliasArn = qualified.stateMachineAliasArn;
    this.executions.set(executionArn, record);
    this.drive(record, {
      ...(qualified.stateMachineAliasArn ? { stateMachineAliasArn: qualified.stateMachineAliasArn } : {}),
      ...(qualified.stateMachineVersionArn ? { stateMachineVersionArn: qualified.stateMachineVersionArn } : {}),
    });
    return record;
  }

  /** Runs `record`'s execution (again, continuing where it ended, when `redrive` is given) until it ends. */
  private drive(record: ExecutionRecord, startedDetails: object, redrive?: { redriveCount: number }): void {
    const { executionArn, stateMachine: machine } = record;
    const project = machine.stateMachineArn === this.projectArn;
    const { options } = this;
    driveExecution(
      record,
      { startedDetails, redrive },
      {
        tasks: this.tasks,
        tokens: this.tokens,
        waitSkips: this.waitSkips,
        s3: this.s3,
        retryIntervalMs: options.retryIntervalMs,
        taskTimeoutOverrideMs: (stateName) => (project ? options.taskTimeoutOverridesMs?.[stateName] : undefined),
        executionTimeoutOverrideMs: project ? options.executionTimeoutOverrideMs : undefined,
        waitOverrideMs: (stateName) => (project ? options.waitOverridesMs?.[stateName] : undefined),
        stateEntered: (state) => this.emit({ type: 'StateEntered', execution: record, state }),
        mapRunStarted: (mapRun) => this.mapRuns.add(mapRun),
        ended: () => {
          this.children.parentEnded(executionArn);
          this.machines.executionEnded(machine.stateMachineArn, this.running(machine.stateMachineArn));
          this.emit({ type: 'ExecutionEnded', execution: record });
        },
      },
    );
  }

  /**
   * RedriveExecution (API_RedriveExecution.html): the ended execution continues from the state it
   * ended in, under the same ARN and history (interpreter/redrive.ts); a repeated `clientToken`
   * (of the last 10, within 15 minutes) gets the same answer and redrives nothing.
   * @returns the redrive's date. @throws StepFunctionsError InvalidArn, ExecutionDoesNotExist, ExecutionNotRedrivable.
   */
  redriveExecution(executionArn: string, clientToken?: string): Date {
    const record = this.getExecution(executionArn) as ExecutionRecord;
    const replayed = record.redriveTokens.replay(clientToken);
    if (replayed) return replayed;
    assertRedrivable(redriveVerdictOf(record, this.machines));
    const redriveDate = new Date();
    record.redriven(redriveDate);
    record.redriveTokens.remember(clientToken, redriveDate);
    this.drive(record, {}, { redriveCount: record.redriveCount });
    return redriveDate;
  }

  /**
   * Ends the Wait states an execution is waiting in now, as if their time had come (the console's
   * "skip the wait"). Not a Step Functions API: a local-only action (docs/fidelity.md).
   * @returns the names of the Wait states ended.
   * @throws StepFunctionsError InvalidArn, ExecutionDoesNotExist; ExecutionNotWaiting when it waits in no Wait state.
   */
  skipWait(executionArn: string): string[] {
    return this.waitSkips.skip(this.getExecution(executionArn));
  }

  /** Whether a state machine has running executions. */
  running(stateMachineArn: string): boolean {
    return this.listExecutions().some((e) => e.stateMachineArn === stateMachineArn && e.status === 'RUNNING');
  }

  /**
   * StopExecution (API_StopExecution.html): the execution ends ABORTED with `error` and `cause`, its
   * running steps are abandoned and their tokens closed. Stopping an ended execution changes nothing.
   * @throws StepFunctionsError InvalidArn, ExecutionDoesNotExist.
   */
  stopExecution(executionArn: string, error?: string, cause?: string): Execution {
    const execution = this.getExecution(executionArn) as ExecutionRecord;
    if (execution.status === 'RUNNING') this.stop(execution, error, cause);
    return execution;
  }

  /**
   * Stops a child whose `.sync` task was stopped, if it is still running. An Express child runs on to
   * its end: StopExecution "is not supported by EXPRESS state machines" (API_StopExecution.html), and
   * the `.sync` policy grants `states:StopExecution` on Standard executions only (stepfunctions-iam.html).
   */
  private stopIfRunning(executionArn: string): void {
    const execution = this.executions.get(executionArn);
    if (execution?.status === 'RUNNING' && execution.type !== 'EXPRESS') this.stop(execution);
  }

  private stop(execution: ExecutionRecord, error?: string, cause?: string): void {
    execution.abortRequest = { error, cause };
    execution.abort();
    this.tokens.closeExecution(execution.executionArn, new StateError('States.Runtime', 'The execution was stopped'));
    this.children.parentEnded(execution.executionArn);
  }
}
