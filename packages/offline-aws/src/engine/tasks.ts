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
import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Messaging } from '../messaging/messaging';
import type { Json } from '../serverless/config';
import type { DynamoDbAction, JsonObject, StateInfo, TaskTarget } from './definition';
import { lambdaStateError, serviceStateError, StateError } from './errors';
import type { FaultSite } from './faults';
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
  /** DynamoDB client for the dynamodb:* integration (default: one from the environment, i.e. DynamoDB Local). */
  dynamoDb?: DynamoDBClient;
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

let defaultDynamoDb: DynamoDBClient | undefined;

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
        const payload = target.payloadOnly ? (input as JsonObject).Payload : input;
        let returned: unknown;
        try {
          returned = await this.call({ ...site, functionName: target.functionName }, () =>
            this.env.invoke(target.functionName, roundTrip(payload), state.name, {
              executionArn: attempt.executionArn,
            }),
          );
        } catch (error) {
          throw lambdaStateError(error, this.env.functionTimeoutSeconds?.(target.functionName));
        }
        result = target.payloadOnly
          ? { ExecutedVersion: '$LATEST', Payload: roundTrip(returned), StatusCode: 200 }
          : roundTrip(returned);
        break;
      }
      case 'sns:publish':
        result = await this.call(site, () => this.publish(input as JsonObject));
        break;
      case 'sqs:sendMessage':
        result = await this.call(site, () => this.sendMessage(input as JsonObject));
        break;
      case 'states:startExecution':
        return this.startExecution(attempt, target.mode, submitted);
      default:
        result = await this.call(site, () => this.dynamoDb(target.action, input as JsonObject));
    }
    if (!answer || !token) return result;
    submitted(JSON.stringify(result));
    this.env.tokenHandedOn?.(attempt.executionArn, state.name, token);
    return answer;
  }

  private async publish(input: JsonObject): Promise<Json> {
    const message = input.Message;
    try {
      const result = await this.env.messaging.sns.send(
        new PublishCommand({
          TopicArn: String(input.TopicArn),
          Message: typeof message === 'string' ? message : JSON.stringify(message),
          Subject: typeof input.Subject === 'string' ? input.Subject : undefined,
          MessageAttributes: input.MessageAttributes as never,
        }),
      );
      return { MessageId: result.MessageId ?? null };
    } catch (error) {
      throw serviceStateError('SNS', error);
    }
  }

  private async sendMessage(input: JsonObject): Promise<Json> {
    const body = input.MessageBody;
    try {
      const result = await this.env.messaging.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.env.messaging.queueUrl(String(input.QueueUrl)),
          MessageBody: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      );
      return { MessageId: result.MessageId ?? null, MD5OfMessageBody: result.MD5OfMessageBody ?? null };
    } catch (error) {
      throw serviceStateError('SQS', error);
    }
  }

  /** dynamodb:getItem|putItem|updateItem|deleteItem: the Parameters are the API request, the result its response. */
  private async dynamoDb(action: DynamoDbAction, input: JsonObject): Promise<Json> {
    const client = this.env.dynamoDb ?? (defaultDynamoDb ??= new DynamoDBClient({ region: this.env.region }));
    const request = input as never;
    const commands = {
      getItem: () => client.send(new GetItemCommand(request)),
      putItem: () => client.send(new PutItemCommand(request)),
      updateItem: () => client.send(new UpdateItemCommand(request)),
      deleteItem: () => client.send(new DeleteItemCommand(request)),
    };
    try {
      const response: Record<string, unknown> = { ...(await commands[action]()) };
      delete response.$metadata;
      return roundTrip(response);
    } catch (error) {
      throw serviceStateError('DynamoDB', error);
    }
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
        return this.env.startChild(attempt.input as JsonObject, mode === 'async' ? undefined : attempt.executionArn);
      } catch (error) {
        throw new StateError(`StepFunctions.${(error as Error).name}`, (error as Error).message);
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
