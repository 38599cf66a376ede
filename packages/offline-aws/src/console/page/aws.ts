/**
 * The page's calls: AWS JSON-protocol requests to the local Step Functions endpoint, DynamoDB
 * Local and CloudWatch Logs (through the console server, which forwards them unchanged), the HTTP API with a bearer
 * token, and the console's local-only routes.
 */
import type { ConsoleConfig } from './types';

/** An error answered by an AWS API (`__type`) or by the HTTP API (`message`), with its HTTP status. */
export class CallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function awsCall<T>(
  path: string,
  target: string,
  body: unknown,
  type = 'application/x-amz-json-1.0',
): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': type, 'x-amz-target': target },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed = (text ? JSON.parse(text) : {}) as T & { __type?: string; message?: string; Message?: string };
  if (!response.ok) {
    const code = String(parsed.__type ?? response.status).replace(/^.*#/, '');
    throw new CallError(response.status, code, `${code}: ${parsed.message ?? parsed.Message ?? text}`);
  }
  return parsed;
}

export const sfn = <T>(operation: string, body: unknown): Promise<T> =>
  awsCall<T>('/aws/stepfunctions', `AWSStepFunctions.${operation}`, body);

export const dynamodb = <T>(operation: string, body: unknown): Promise<T> =>
  awsCall<T>('/aws/dynamodb', `DynamoDB_20120810.${operation}`, body);

/** CloudWatch Logs (awsJson1_1), where Express executions' history is (express.ts). */
export const logs = <T>(operation: string, body: unknown): Promise<T> =>
  awsCall<T>('/aws/logs', `Logs_20140328.${operation}`, body, 'application/x-amz-json-1.1');

export interface ExecutionListItem {
  executionArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate?: number;
}

export interface ExecutionDescription extends ExecutionListItem {
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
}

/** Every event of an execution's history (all pages). */
export async function fullHistory<E>(executionArn: string): Promise<E[]> {
  const events: E[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn<{ events: E[]; nextToken?: string }>('GetExecutionHistory', {
      executionArn,
      maxResults: 1000,
      includeExecutionData: true,
      ...(nextToken ? { nextToken } : {}),
    });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

const definitions = new Map<string, Promise<string>>();

/** A state machine's definition (DescribeStateMachine), fetched once. */
export function definitionOf(stateMachineArn: string): Promise<string> {
  let pending = definitions.get(stateMachineArn);
  if (!pending) {
    pending = sfn<{ definition: string }>('DescribeStateMachine', { stateMachineArn }).then((m) => m.definition);
    definitions.set(stateMachineArn, pending);
  }
  return pending;
}

const executionDefinitions = new Map<string, Promise<string>>();

/**
 * The definition an execution runs (DescribeStateMachineForExecution): after the state machine is
 * updated, the one it started with. EXPRESS executions, which that call does not serve: the
 * machine's current definition.
 */
export function definitionForExecution(executionArn: string, stateMachineArn: string): Promise<string> {
  let pending = executionDefinitions.get(executionArn);
  if (!pending) {
    pending = sfn<{ definition: string }>('DescribeStateMachineForExecution', { executionArn }).then(
      (m) => m.definition,
      (error: unknown) => {
        if (error instanceof CallError && error.code === 'StateMachineTypeNotSupported') {
          return definitionOf(stateMachineArn);
        }
        executionDefinitions.delete(executionArn);
        throw error;
      },
    );
    executionDefinitions.set(executionArn, pending);
  }
  return pending;
}

let configPromise: Promise<ConsoleConfig> | undefined;

export function loadConfig(): Promise<ConsoleConfig> {
  configPromise ??= fetch('/config.json').then((r) => r.json() as Promise<ConsoleConfig>);
  return configPromise;
}

async function localCall<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { message: text };
  }
  if (!response.ok) {
    const message = (parsed as { message?: string }).message ?? text;
    throw new CallError(response.status, String(response.status), `${response.status}: ${message}`);
  }
  return parsed as T;
}

/** Who acts: the customer placing and cancelling orders, or a reviewer deciding reviews. */
export interface Identity {
  sub: string;
  reviewer: boolean;
}

const tokens = new Map<string, Promise<string>>();

/** A token for the identity from the local issuer (kept for the page's lifetime; they last an hour). */
export function tokenFor(identity: Identity): Promise<string> {
  const key = `${identity.sub}|${identity.reviewer}`;
  let pending = tokens.get(key);
  if (!pending) {
    pending = localCall<{ token: string }>('/local/token', identity).then((answer) => answer.token);
    pending.catch(() => tokens.delete(key));
    tokens.set(key, pending);
  }
  return pending;
}

/** POST to the HTTP API with the identity's token. @throws CallError with the API's status and message. */
export async function apiPost<T>(
  identity: Identity,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const token = await tokenFor(identity);
  return localCall<T>(`/api${path}`, body, { authorization: `Bearer ${token}`, ...headers });
}

/** The local-only "skip the wait": ends the Wait state the execution waits in. */
export const skipWait = (executionArn: string) =>
  localCall<{ skipped: string[] }>('/local/skip-wait', { executionArn });
