/**
 * Runs the real state machine definition offline with aws-local-stepfunctions. Every Task is mapped
 * to what it would call in AWS: Lambda tasks to the real handler named in serverless.yml, SNS and
 * SQS integrations to the emulator. `.waitForTaskToken` is emulated here: the runner issues the
 * token and the task completes only through SendTaskSuccess / SendTaskFailure (which the local
 * Step Functions endpoint forwards from the SDK), or fails with States.Timeout.
 */
import { randomBytes } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Messaging } from '../messaging';
import type { Json } from '../serverless-config';
import type { JsonObject, StateInfo, TaskTarget, WorkflowDefinition } from './definition';
import type { FaultSite } from './faults';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface TraceEntry {
  name: string;
  type: string;
  function?: string;
  integration?: string;
  compensation?: boolean;
  retries?: number;
  error?: string;
}

export interface Execution {
  executionArn: string;
  name: string;
  input: JsonObject;
  status: ExecutionStatus;
  output?: Json;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  trace: TraceEntry[];
  /** State transitions, as Step Functions Standard bills them (one per state entered). */
  transitions: number;
  lambdaInvocations: number;
  /** Resolves when the execution has ended, whatever the outcome. */
  completion: Promise<Execution>;
}

export type InvokeLambda = (functionName: string, payload: unknown, stateName: string) => Promise<unknown>;

export interface RunnerOptions {
  invoke: InvokeLambda;
  messaging: Messaging;
  /** Milliseconds to wait in these Wait states instead of what the definition says. */
  waitOverridesMs?: Record<string, number>;
  /** Milliseconds between retries of every retrier (tests shorten the backoff). */
  retryIntervalMs?: number;
  /** Milliseconds before these Task states time out, instead of their TimeoutSeconds. */
  taskTimeoutOverridesMs?: Record<string, number>;
  /** Wraps every call a Task state makes (Lambda, SNS, SQS): fault injection (`--fail`). */
  faults?: { apply<T>(site: FaultSite, call: () => Promise<T>): Promise<T> };
}

export type RunnerEvent =
  | { type: 'StateEntered'; execution: Execution; state: string }
  | { type: 'TaskTokenIssued'; execution: Execution; state: string; token: string }
  | { type: 'ExecutionEnded'; execution: Execution };

/** A Step Functions API error; `name` is what the SDK reports as the error code. */
export class StepFunctionsError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** An error thrown inside a state, matched by Retry/Catch on its name. */
class StateError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

function asStateError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new StateError('States.TaskFailed', String(error));
}

interface TokenWaiter {
  executionArn: string;
  resolve(output: Json): void;
  reject(error: Error): void;
}

const roundTrip = <T>(value: T): Json => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json));

export class WorkflowRunner {
  private readonly executions = new Map<string, Execution>();
  private readonly waiters = new Map<string, TokenWaiter>();
  /** Tokens that can no longer be completed (answered, timed out, or their execution ended). */
  private readonly closedTokens = new Set<string>();
  private readonly listeners = new Set<(event: RunnerEvent) => void>();
  private readonly aborts = new Map<string, () => void>();
  /**
   * Built once: the library validates the whole definition when it is constructed (~0.4 s of
   * synchronous work), and one instance runs any number of executions.
   */
  private readonly machine: StateMachine;

  constructor(
    readonly workflow: WorkflowDefinition,
    private readonly options: RunnerOptions,
  ) {
    // Validate once (throws on an invalid definition), then run without re-validating: the
    // library would otherwise validate each Parallel branch again on every execution.
    new StateMachine(workflow.definition as never, { validationOptions: { checkArn: false } });
    this.machine = new StateMachine(workflow.definition as never, { validationOptions: { noValidate: true } });
  }

  onEvent(listener: (event: RunnerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: RunnerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  executionArn(name: string): string {
    return `${this.workflow.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  getExecution(executionArn: string): Execution {
    const execution = this.executions.get(executionArn);
    if (!execution) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution does not exist: ${executionArn}`);
    return execution;
  }

  listExecutions(): Execution[] {
    return [...this.executions.values()];
  }

  /** Stops every running execution (status ABORTED), as StopExecution would; used at shutdown. */
  async abortAll(): Promise<void> {
    for (const abort of this.aborts.values()) abort();
    for (const waiter of this.waiters.values()) waiter.reject(new StateError('States.Runtime', 'execution aborted'));
    this.waiters.clear();
    await this.settle();
  }

  /** Executions that are still running and not parked on a task token (i.e. still making progress). */
  busyExecutions(): Execution[] {
    const parked = new Set([...this.waiters.values()].map((waiter) => waiter.executionArn));
    return this.listExecutions().filter((e) => e.status === 'RUNNING' && !parked.has(e.executionArn));
  }

  /** Resolves when every execution started so far has ended. */
  async settle(): Promise<void> {
    await Promise.all([...this.executions.values()].map((execution) => execution.completion));
  }

  startExecution(name: string, input: JsonObject, stateMachineArn = this.workflow.stateMachineArn): Execution {
    if (stateMachineArn !== this.workflow.stateMachineArn) {
      throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    }
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
    }
    const executionArn = this.executionArn(name);
    const existing = this.executions.get(executionArn);
    if (existing) {
      // As in AWS: same name and input while running is idempotent; anything else is a conflict.
      if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === JSON.stringify(input)) return existing;
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }

    const token = randomBytes(24).toString('base64url');
    const execution = {
      executionArn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date(),
      trace: [],
      transitions: 0,
      lambdaInvocations: 0,
    } as Omit<Execution, 'completion'> as Execution;
    this.executions.set(executionArn, execution);

    const taskStates = [...this.workflow.states.values()].filter((state) => state.type === 'Task');
    const retryIntervalOverrides =
      this.options.retryIntervalMs === undefined
        ? undefined
        : Object.fromEntries(taskStates.map((state) => [state.name, this.options.retryIntervalMs ?? 0]));
    const run = this.machine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: Object.fromEntries(
          taskStates.map((state) => [
            state.name,
            (taskInput: unknown) => this.runTask(execution, state, taskInput, token),
          ]),
        ),
        waitTimeOverrides: this.options.waitOverridesMs,
        retryIntervalOverrides,
      },
      context: {
        Execution: { Id: executionArn, Name: name, RoleArn: 'arn:aws:iam::000000000000:role/local' },
        StateMachine: { Id: this.workflow.stateMachineArn, Name: this.workflow.stateMachineName },
        Task: { Token: token },
      } as never,
    });

    this.aborts.set(executionArn, run.abort);
    const traced = this.consumeEvents(execution, run.eventLogs as AsyncGenerator<EventLogEntry>);
    execution.completion = (async () => {
      try {
        execution.output = roundTrip(await run.result);
        execution.status = 'SUCCEEDED';
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        execution.status =
          name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : name === 'ExecutionAbortedError' ? 'ABORTED' : 'FAILED';
      }
      await traced;
      execution.stopDate = new Date();
      this.aborts.delete(executionArn);
      this.closeToken(token);
      this.emit({ type: 'ExecutionEnded', execution });
      return execution;
    })();
    return execution;
  }

  sendTaskSuccess(token: string, output: string): void {
    let parsed: Json;
    try {
      parsed = JSON.parse(output) as Json;
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'Invalid Output: not valid JSON');
    }
    this.takeWaiter(token).resolve(parsed);
  }

  sendTaskFailure(token: string, error = 'States.TaskFailed', cause = ''): void {
    this.takeWaiter(token).reject(new StateError(error, cause));
  }

  private takeWaiter(token: string): TokenWaiter {
    const waiter = this.waiters.get(token);
    if (waiter) {
      this.waiters.delete(token);
      this.closedTokens.add(token);
      return waiter;
    }
    if (this.closedTokens.has(token))
      throw new StepFunctionsError('TaskTimedOut', 'Task Timed Out: the task is no longer waiting');
    throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist');
  }

  private closeToken(token: string): void {
    if (this.waiters.delete(token)) this.closedTokens.add(token);
  }

  private async runTask(execution: Execution, state: StateInfo, input: unknown, token: string): Promise<Json> {
    const target = state.target as TaskTarget;
    switch (target.kind) {
      case 'lambda':
        return this.runLambdaTask(execution, state, target, input, token);
      case 'sns:publish':
        return this.call({ stateName: state.name, kind: target.kind }, () => this.publish(input as JsonObject));
      case 'sqs:sendMessage':
        return this.call({ stateName: state.name, kind: target.kind }, () => this.sendMessage(input as JsonObject));
    }
  }

  private call<T>(site: FaultSite, call: () => Promise<T>): Promise<T> {
    return this.options.faults ? this.options.faults.apply(site, call) : call();
  }

  private async runLambdaTask(
    execution: Execution,
    state: StateInfo,
    target: Extract<TaskTarget, { kind: 'lambda' }>,
    input: unknown,
    token: string,
  ): Promise<Json> {
    const payload = target.payloadOnly ? (input as JsonObject).Payload : input;
    let callback: Promise<Json> | undefined;
    if (target.waitForTaskToken) {
      // Register before invoking: the function may hand the token on before it returns.
      callback = new Promise<Json>((resolve, reject) => {
        this.waiters.set(token, { executionArn: execution.executionArn, resolve, reject });
      });
      callback.catch(() => undefined);
    }
    execution.lambdaInvocations += 1;
    let result: unknown;
    try {
      result = await this.call({ stateName: state.name, functionName: target.functionName, kind: 'lambda' }, () =>
        this.options.invoke(target.functionName, roundTrip(payload), state.name),
      );
    } catch (error) {
      this.closeToken(token);
      throw asStateError(error);
    }
    if (!callback) {
      return target.payloadOnly ? { StatusCode: 200, Payload: roundTrip(result) } : roundTrip(result);
    }
    this.emit({ type: 'TaskTokenIssued', execution, state: state.name, token });
    const timeoutMs = this.options.taskTimeoutOverridesMs?.[state.name];
    if (timeoutMs === undefined) return callback;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.closeToken(token);
        reject(new StateError('States.Timeout', `${state.name} timed out waiting for its task token`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([callback, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async publish(input: JsonObject): Promise<Json> {
    const message = input.Message;
    try {
      const result = await this.options.messaging.sns.send(
        new PublishCommand({
          TopicArn: String(input.TopicArn),
          Message: typeof message === 'string' ? message : JSON.stringify(message),
          Subject: typeof input.Subject === 'string' ? input.Subject : undefined,
          MessageAttributes: input.MessageAttributes as never,
        }),
      );
      return { MessageId: result.MessageId ?? null };
    } catch (error) {
      // Step Functions prefixes service integration errors with the service name.
      throw new StateError(`SNS.${(error as Error).name}`, (error as Error).message);
    }
  }

  private async sendMessage(input: JsonObject): Promise<Json> {
    const body = input.MessageBody;
    try {
      const result = await this.options.messaging.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.options.messaging.queueUrl(String(input.QueueUrl)),
          MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
      return { MessageId: result.MessageId ?? null, MD5OfMessageBody: result.MD5OfMessageBody ?? null };
    } catch (error) {
      throw new StateError(`SQS.${(error as Error).name}`, (error as Error).message);
    }
  }

  private async consumeEvents(execution: Execution, events: AsyncGenerator<EventLogEntry>): Promise<void> {
    const open = new Map<string, TraceEntry>();
    for await (const event of events) {
      switch (event.type) {
        case 'StateEntered': {
          const name = event.state?.name ?? '';
          const info = this.workflow.states.get(name);
          const entry: TraceEntry = { name, type: event.state?.type ?? info?.type ?? '' };
          if (info?.target?.kind === 'lambda') entry.function = info.target.functionName;
          else if (info?.target) entry.integration = info.target.kind;
          if (info?.compensation) entry.compensation = true;
          execution.trace.push(entry);
          open.set(name, entry);
          execution.transitions += 1;
          this.emit({ type: 'StateEntered', execution, state: name });
          break;
        }
        case 'StateRetried': {
          const entry = open.get(event.state?.name ?? '');
          if (entry) entry.retries = (entry.retries ?? 0) + 1;
          break;
        }
        case 'StateFailed':
        case 'StateCaught': {
          const entry = open.get(event.state?.name ?? '');
          if (entry && event.Error) entry.error = event.Error;
          break;
        }
        case 'ExecutionFailed':
          execution.error = event.Error;
          execution.cause = typeof event.Cause === 'string' ? event.Cause : JSON.stringify(event.Cause ?? '');
          break;
        default:
          break;
      }
    }
  }
}

/** The part of aws-local-stepfunctions' event log the runner reads (the library does not export the type). */
interface EventLogEntry {
  type: string;
  state?: { name: string; type: string };
  Error?: string;
  Cause?: unknown;
}
