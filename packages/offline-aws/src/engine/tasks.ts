/**
 * Runs one attempt of a Task state as Step Functions would, and records its task-level history
 * events (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html):
 * - a plain Lambda ARN: LambdaFunctionScheduled, LambdaFunctionStarted, then LambdaFunctionSucceeded
 *   / LambdaFunctionFailed / LambdaFunctionTimedOut;
 * - a service integration (lambda:invoke, sns, sqs, dynamodb, states): TaskScheduled, TaskStarted,
 *   TaskSubmitted once a callback (`.waitForTaskToken`) or `.sync` call was made, then TaskSucceeded /
 *   TaskFailed / TaskTimedOut.
 * Every call goes through `faults.apply` (fault injection, by state and function). TimeoutSeconds
 * (or the runner's override) bounds the whole attempt; HeartbeatSeconds bounds the wait between
 * heartbeats of a callback task.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Messaging } from '../messaging/messaging';
import type { Json } from '../serverless/config';
import { asObject, type JsonObject, type StateInfo, type TaskTarget } from './definition';
import { lambdaStateError, StateError } from './errors';
import type { FaultSite } from './faults';
import { dynamoDbCall, functionNotFound, publish, sendMessage } from './service-calls';
import { serviceError } from './service-errors';
import type { TaskTokens } from './tokens';

/** Invokes a Task state's function; `call` says which execution's state calls it (for its logs). */
export type InvokeLambda = (
  functionName: string,
  payload: unknown,
  stateName: string,
  call?: { executionArn: string },
) => Promise<unknown>;

/** A child execution as `states:startExecution` sees it. */
export interface ChildExecution {
  executionArn: string;
  startDate: Date;
  /** The DescribeExecution answer once the child has ended. */
  completion: Promise<{ status: string; description: Record<string, unknown> }>;
}

export interface TaskEnvironment {
  invoke: InvokeLambda;
  messaging: Messaging;
  region: string;
  faults?: { apply<T>(site: FaultSite, call: () => Promise<T>): Promise<T> };
  /** DynamoDB client for the dynamodb:* integration (DynamoDB Local). */
  dynamoDb: DynamoDBClient;
  /** The account the ARNs name (for a `Function not found` Cause). */
  accountId: string;
  /**
   * The function a lambda:invoke's FunctionName (name, ARN or partial ARN, as API_Invoke.html
   * takes it) designates among those the local Lambda runs; undefined when it has none.
   */
  resolveFunction(functionName: string): string | undefined;
  /** A function's configured timeout (serverless.yml), for a `Sandbox.Timedout` Cause. */
  functionTimeoutSeconds?(functionName: string): number | undefined;
  /**
   * Starts a child execution for `states:startExecution`; a `.sync` child (`parentExecutionArn` given)
   * is stopped with its parent. @throws StepFunctionsError as StartExecution does.
   */
  startChild(parameters: JsonObject, parentExecutionArn?: string): ChildExecution;
  /** Stops a child execution whose `.sync` task was stopped (a no-op once it has ended). */
  stopChild(executionArn: string): void;
  /** A callback task handed its token on (after its call returned). */
  tokenHandedOn?(executionArn: string, state: string, token: string): void;
}

export interface TaskAttempt {
  executionArn: string;
  /** Records one task-level event of the attempt (its details object's content) in the execution's history. */
  record(type: string, details: object): void;
  state: StateInfo;
  target: TaskTarget;
  /** The input after InputPath and Parameters. */
  input: unknown;
  /** The token `$$.Task.Token` resolved to for this attempt, if the Parameters read it. */
  token?: string;
  /** TimeoutSeconds and HeartbeatSeconds as evaluated for this attempt (their `…Path` and JSONata forms too). */
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** Rejects with States.Timeout when the attempt runs past its TimeoutSeconds (the engine times it). */
  timeout: Promise<never>;
  /** The child execution a `.sync` attempt is waiting for (set once it started). */
  childExecutionArn?: string;
}

const roundTrip = (value: unknown): Json => (value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json));
const TIMEOUTS = new Set(['States.Timeout', 'States.HeartbeatTimeout']);

/** `arn:aws:states:::sqs:sendMessage.waitForTaskToken` → `{ resourceType: 'sqs', resource: 'sendMessage.waitForTaskToken' }`. */
export function resourceParts(resource: string): { resourceType: string; resource: string } {
  const rest = resource.replace(/^arn:aws:states:::/, '');
  const colon = rest.indexOf(':');
  return { resourceType: rest.slice(0, colon), resource: rest.slice(colon + 1) };
}

export class TaskRunner {
  constructor(
    private readonly env: TaskEnvironment,
    private readonly tokens: TaskTokens,
  ) {}

  /** Runs one attempt. @returns the task's result; @throws StateError with the ASL error name and Cause. */
  async run(attempt: TaskAttempt): Promise<Json> {
    const { state, target } = attempt;
    const record = (type: string, details: object) => attempt.record(type, details);
    const lambdaArn = target.kind === 'lambda' && !target.payloadOnly;
    const parts = resourceParts(state.resource ?? '');
    const { timeoutSeconds, heartbeatSeconds } = attempt;
    if (lambdaArn) {
      record('LambdaFunctionScheduled', {
        resource: state.resource,
        input: JSON.stringify(attempt.input ?? null),
        inputDetails: { truncated: false },
        ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
      });
      record('LambdaFunctionStarted', {});
    } else {
      record('TaskScheduled', {
        ...parts,
        region: this.env.region,
        parameters: JSON.stringify(attempt.input ?? null),
        ...(timeoutSeconds === undefined ? {} : { timeoutInSeconds: timeoutSeconds }),
        ...(heartbeatSeconds === undefined ? {} : { heartbeatInSeconds: heartbeatSeconds }),
      });
      record('TaskStarted', parts);
    }
    const callback = 'waitForTaskToken' in target && target.waitForTaskToken;
    const token = callback ? (attempt.token ?? this.tokens.issue(attempt.executionArn, state.name)) : attempt.token;
    try {
      const work = this.perform(attempt, token, callback, (output) => record('TaskSubmitted', { ...parts, output }));
      const output = await Promise.race([work, attempt.timeout]);
      if (lambdaArn)
        record('LambdaFunctionSucceeded', { output: JSON.stringify(output), outputDetails: { truncated: false } });
      else record('TaskSucceeded', { ...parts, output: JSON.stringify(output), outputDetails: { truncated: false } });
      return output;
    } catch (thrown) {
      const error =
        thrown instanceof StateError
          ? thrown
          : thrown instanceof Error
            ? new StateError(thrown.name, thrown.message)
            : new StateError('States.TaskFailed', String(thrown));
      const timedOut = TIMEOUTS.has(error.name);
      const type = lambdaArn
        ? error.name === 'States.Timeout'
          ? 'LambdaFunctionTimedOut'
          : 'LambdaFunctionFailed'
        : timedOut
          ? 'TaskTimedOut'
          : 'TaskFailed';
      record(type, { ...(lambdaArn ? {} : parts), error: error.name, cause: error.message });
      // A `.sync` task that times out is stopped, and Step Functions stops its job: the child execution
      // (connect-to-resource.html, "Run a Job"; the .sync policy grants states:StopExecution for it).
      if (attempt.childExecutionArn) this.env.stopChild(attempt.childExecutionArn);
      throw error;
    } finally {
      if (token) this.tokens.close(token);
    }
  }

  private call<T>(site: FaultSite, call: () => Promise<T>): Promise<T> {
    return this.env.faults ? this.env.faults.apply(site, call) : call();
  }

  /** Makes the call; for a callback task, waits for its token's answer; for `.sync`, for the child. */
  private async perform(
    attempt: TaskAttempt,
    token: string | undefined,
    callback: boolean,
    submitted: (output: string) => void,
  ): Promise<Json> {
    const { state, target, input } = attempt;
    const answer = callback && token ? this.tokens.wait(token, state.name, attempt.heartbeatSeconds) : undefined;
    const site: FaultSite = { stateName: state.name, kind: target.kind };
    let result: Json;
    switch (target.kind) {
      case 'lambda': {
        const functionName = this.functionOf(attempt);
        const payload = target.payloadOnly ? asObject(input as Json).Payload : input;
        let returned: unknown;
        try {
          returned = await this.call({ ...site, functionName }, () =>
            this.env.invoke(functionName, roundTrip(payload), state.name, {
              executionArn: attempt.executionArn,
            }),
          );
        } catch (error) {
          throw lambdaStateError(error, this.env.functionTimeoutSeconds?.(functionName));
        }
        result = target.payloadOnly
          ? { ExecutedVersion: '$LATEST', Payload: roundTrip(returned), StatusCode: 200 }
          : roundTrip(returned);
        break;
      }
      case 'sns:publish':
        result = await this.call(site, () => publish(this.env.messaging.sns, asObject(input as Json)));
        break;
      case 'sqs:sendMessage':
        result = await this.call(site, () => sendMessage(this.env.messaging.sqs, asObject(input as Json)));
        break;
      case 'states:startExecution':
        return this.startExecution(attempt, target.mode, submitted);
      default:
        result = await this.call(site, () => dynamoDbCall(this.env.dynamoDb, target.action, asObject(input as Json)));
    }
    if (!answer || !token) return result;
    submitted(JSON.stringify(result));
    this.env.tokenHandedOn?.(attempt.executionArn, state.name, token);
    return answer;
  }

  /**
   * The function a Lambda task calls: the one its Resource or FunctionName names, or, when the
   * Parameters compute FunctionName, the one the value names at call time.
   * @throws StateError Lambda.ResourceNotFoundException when the local Lambda has no such function.
   */
  private functionOf(attempt: TaskAttempt): string {
    const target = attempt.target as Extract<TaskTarget, { kind: 'lambda' }>;
    if (target.functionName) return target.functionName;
    const named = asObject(attempt.input as Json).FunctionName;
    const functionName = typeof named === 'string' ? this.env.resolveFunction(named) : undefined;
    if (functionName) return functionName;
    throw functionNotFound(typeof named === 'string' ? named : String(named), this.env.region, this.env.accountId);
  }

  /**
   * states:startExecution (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html):
   * without a suffix, returns `{ExecutionArn, StartDate}` at once; `.sync` waits and returns the
   * child's DescribeExecution answer (Input/Output as strings), `.sync:2` the same with Input/Output
   * as JSON. A child that does not succeed fails the task with States.TaskFailed, its description as Cause.
   */
  private async startExecution(
    attempt: TaskAttempt,
    mode: 'async' | 'sync' | 'sync:2',
    submitted: (output: string) => void,
  ): Promise<Json> {
    const site: FaultSite = { stateName: attempt.state.name, kind: attempt.target.kind };
    const child = await this.call(site, async () => {
      try {
        return this.env.startChild(
          asObject(attempt.input as Json),
          mode === 'async' ? undefined : attempt.executionArn,
        );
      } catch (error) {
        // As Step Functions' SDK reports StartExecution's errors (connect-stepfunctions.html).
        throw serviceError('StepFunctions', (error as Error).name, (error as Error).message);
      }
    });
    const started = { ExecutionArn: child.executionArn, StartDate: child.startDate.getTime() };
    if (mode === 'async') return started;
    attempt.childExecutionArn = child.executionArn;
    submitted(JSON.stringify(started));
    const { status, description } = await child.completion;
    const output = { ...description };
    if (mode === 'sync:2') {
      for (const key of ['Input', 'Output'] as const) {
        if (typeof output[key] === 'string') output[key] = JSON.parse(output[key] as string) as unknown;
      }
    }
    if (status !== 'SUCCEEDED') throw new StateError('States.TaskFailed', JSON.stringify(output));
    return roundTrip(output);
  }
}
