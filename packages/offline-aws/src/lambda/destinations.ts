/**
 * Where Lambda sends what became of an asynchronous invocation, as serverless.yml declares it:
 * `destinations.onSuccess` / `destinations.onFailure` (a function name, an ARN, or `{ type, arn }`)
 * and `onError` (the dead-letter queue: an SQS queue or SNS topic ARN).
 *
 * Shapes follow "Capturing records of Lambda asynchronous invocations"
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html):
 * - a destination gets the invocation record `{ version, timestamp, requestContext: { requestId,
 *   functionArn, condition, approximateInvokeCount }, requestPayload, responseContext: {
 *   statusCode, executedVersion, functionError? }, responsePayload }`, as the SQS message body or
 *   SNS message, or as the event of a destination function;
 * - a dead-letter queue gets the event itself, with the message attributes RequestID (String),
 *   ErrorCode (Number, the HTTP status code) and ErrorMessage (String, the first 1 KB).
 */
import { resolveIntrinsics, deployedFunctionName } from '../serverless/cloudformation';
import type { Json, ServerlessConfig } from '../serverless/config';
import type { LambdaErrorPayload } from './errors';

export type Target =
  | { type: 'sqs'; name: string; arn: string }
  | { type: 'sns'; name: string; arn: string }
  | { type: 'function'; name: string; arn: string };

export interface AsyncTargets {
  onSuccess?: Target;
  onFailure?: Target;
  /** `onError`: an SQS queue or SNS topic. */
  deadLetter?: Target;
}

/** A message attribute as SQS SendMessage and SNS Publish take it. */
export interface MessageAttribute {
  DataType: 'String' | 'Number';
  StringValue: string;
}

/** Sends to the offline stack's queues, topics and functions (messaging/messaging.ts provides it). */
export interface TargetSender {
  send(target: Target, body: string, attributes?: Record<string, MessageAttribute>): Promise<void>;
}

export type Condition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: Condition; approximateInvokeCount: number };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: '$LATEST'; functionError?: 'Unhandled' };
  responsePayload?: unknown;
}

/** A function ARN as the invocation record names it (qualified with `$LATEST`). */
export function qualifiedFunctionArn(config: ServerlessConfig, functionName: string): string {
  const name = deployedFunctionName(config, functionName);
  return `arn:aws:lambda:${config.region}:${config.accountId}:function:${name}:$LATEST`;
}

/** The serverless.yml function (its key) deployed under `deployedName`, if any. */
export function functionByDeployedName(config: ServerlessConfig, deployedName: string): string | undefined {
  return Object.keys(config.functions).find((name) => deployedFunctionName(config, name) === deployedName);
}

function targetOfArn(config: ServerlessConfig, arn: string, where: string): Target {
  const parts = arn.split(':');
  const service = parts[2];
  if (service === 'sqs' && parts[5]) return { type: 'sqs', name: parts[5], arn };
  if (service === 'sns' && parts[5]) return { type: 'sns', name: parts[5], arn };
  if (service === 'lambda' && parts[5] === 'function' && parts[6]) {
    const name = functionByDeployedName(config, parts[6]);
    if (name) return { type: 'function', name, arn };
    throw new Error(`${where}: ${arn} is not a function of this service`);
  }
  throw new Error(`${where}: ${arn} is not an SQS queue, SNS topic or function the offline stack has`);
}

/** One declared target: a function name, an ARN (intrinsics resolved) or `{ type, arn }`. */
function resolveTarget(config: ServerlessConfig, value: Json, where: string): Target {
  const resolved = resolveIntrinsics(config, value);
  if (typeof resolved === 'string') {
    if (resolved.startsWith('arn:')) return targetOfArn(config, resolved, where);
    if (!config.functions[resolved]) throw new Error(`${where}: no function "${resolved}" in serverless.yml`);
    const arn = qualifiedFunctionArn(config, resolved).replace(/:\$LATEST$/, '');
    return { type: 'function', name: resolved, arn };
  }
  if (resolved && typeof resolved === 'object' && !Array.isArray(resolved) && typeof resolved.arn === 'string') {
    const target = targetOfArn(config, resolved.arn, where);
    if (resolved.type !== target.type) throw new Error(`${where}: type ${String(resolved.type)} but ${resolved.arn}`);
    return target;
  }
  throw new Error(`${where}: expected a function name, an ARN or { type, arn }`);
}

/**
 * The targets a function declares, checked at start: a target the offline stack cannot deliver to
 * (an EventBridge bus, another account's resource) is an error naming it, not a silent drop.
 */
export function asyncTargets(config: ServerlessConfig, functionName: string): AsyncTargets {
  const declared = config.functions[functionName]?.asyncInvoke ?? {};
  const where = (key: string) => `functions.${functionName}.${key}`;
  const targets: AsyncTargets = {};
  if (declared.onSuccess !== undefined) {
    targets.onSuccess = resolveTarget(config, declared.onSuccess, where('destinations.onSuccess'));
  }
  if (declared.onFailure !== undefined) {
    targets.onFailure = resolveTarget(config, declared.onFailure, where('destinations.onFailure'));
  }
  if (declared.onError !== undefined) {
    const target = resolveTarget(config, declared.onError, where('onError'));
    if (target.type === 'function')
      throw new Error(`${where('onError')}: a dead-letter queue is an SQS queue or SNS topic`);
    targets.deadLetter = target;
  }
  return targets;
}

/** The attributes Lambda puts on an event it sends to a dead-letter queue. */
export function deadLetterAttributes(requestId: string, error: LambdaErrorPayload): Record<string, MessageAttribute> {
  const message = Buffer.from(error.errorMessage, 'utf8').subarray(0, 1024).toString('utf8');
  return {
    RequestID: { DataType: 'String', StringValue: requestId },
    // The Invoke API's status: a function error is answered 200 (with X-Amz-Function-Error).
    ErrorCode: { DataType: 'Number', StringValue: '200' },
    ErrorMessage: { DataType: 'String', StringValue: message },
  };
}
