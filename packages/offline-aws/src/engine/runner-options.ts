/**
 * What a WorkflowRunner (runner.ts) is built with, and the events it tells its listeners of.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Messaging } from '../messaging/messaging';
import type { ServerlessConfig } from '../serverless/config';
import type { WorkflowDefinition } from './definition';
import type { Execution } from './execution';
import type { FaultSite } from './faults';
import type { InvokeLambda } from './tasks';

export interface RunnerOptions {
  invoke: InvokeLambda;
  messaging: Messaging;
  /** The project's configuration: which functions a created state machine's Lambda tasks may call. */
  config?: ServerlessConfig;
  /** Milliseconds to wait in these Wait states (of the project's machine) instead of what the definition says. */
  waitOverridesMs?: Record<string, number>;
  /** Milliseconds between retries of every retrier (tests shorten the backoff). */
  retryIntervalMs?: number;
  /** Milliseconds before these Task states (of the project's machine) time out, instead of their TimeoutSeconds. */
  taskTimeoutOverridesMs?: Record<string, number>;
  /**
   * Milliseconds before an execution of the project's machine times out (TIMED_OUT), instead of the
   * definition's top-level TimeoutSeconds: a saga's days cannot be waited for in a test.
   */
  executionTimeoutOverrideMs?: number;
  /** Wraps every call a Task state makes (Lambda, SNS, SQS, DynamoDB, Step Functions): fault injection (`--fail`). */
  faults?: { apply<T>(site: FaultSite, call: () => Promise<T>): Promise<T> };
  /** The project's other state machines (serverless.yml's after the first): the children its Tasks start. */
  projectChildren?: readonly WorkflowDefinition[];
  /** The dynamodb:* integration's client (default: one the SDK points at AWS_ENDPOINT_URL_DYNAMODB, i.e. DynamoDB Local). */
  dynamoDb?: DynamoDBClient;
}

export type RunnerEvent =
  | { type: 'StateEntered'; execution: Execution; state: string }
  | { type: 'TaskTokenIssued'; execution: Execution; state: string; token: string }
  | { type: 'ExecutionEnded'; execution: Execution };
