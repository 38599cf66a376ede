/**
 * The request fields of the local Step Functions API, read as the API Reference describes them
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_<Operation>.html). Their
 * documented constraints (required, lengths, patterns, values, ranges) are checked before the
 * operation runs (members.ts); what is checked here is what the model does not say, each refusal the
 * StepFunctionsError the service answers (InvalidArn, InvalidToken, InvalidExecutionInput).
 */
import type { Json } from '../serverless/config';
import { StepFunctionsError } from '../engine/errors';
import type { StateMachineType } from '../engine/machines';
import { validation } from './configuration';

/** A request or response body of the JSON protocol. */
export type Body = Record<string, unknown>;

/** A required string member (its length is members.ts' to check: SendTaskSuccess' `output` may be empty). */
export function requireString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw validation(field, 'Member must not be null');
  return value;
}

export const optionalString = (body: Body, field: string): string | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(field, 'Member must be a string');
  return value;
};

/** An IAM role ARN, as CreateStateMachine's `roleArn` must be (InvalidArn otherwise). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** `definition` (1 to 1,048,576 characters: members.ts). */
export const definitionText = (body: Body): string => requireString(body, 'definition');

export function roleArn(body: Body): string {
  const arn = requireString(body, 'roleArn');
  if (!ROLE_ARN.test(arn))
    throw new StepFunctionsError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
  return arn;
}

/** `maxResults` (0–1000: members.ts), 0 (or absent) meaning the default of 100. */
function maxResults(body: Body): number {
  const value = body.maxResults ?? 0;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw validation('maxResults', 'Member must be an integer');
  return value === 0 ? 100 : value;
}

/** One page of `items` from the opaque `nextToken` (an offset); a token not issued here is InvalidToken. */
export function page<T>(items: T[], body: Body, scope: string): { items: T[]; nextToken?: string } {
  const size = maxResults(body);
  let offset = 0;
  const token = optionalString(body, 'nextToken');
  if (token !== undefined) {
    const decoded = /^(\w+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded || decoded[1] !== scope)
      throw new StepFunctionsError('InvalidToken', 'Invalid Token: the nextToken is not valid');
    offset = Number(decoded[2]);
  }
  const end = offset + size;
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { nextToken: Buffer.from(`${scope}:${end}`).toString('base64url') } : {}),
  };
}

/**
 * An execution's `input`: any JSON value — an object, an array, a string, a number (`{}` when
 * absent) — at most 256 KiB of UTF-8 (members.ts); text that is not JSON is InvalidExecutionInput
 * (API_StartExecution.html; executions recorded on AWS run with non-object inputs).
 */
export function executionInput(body: Body): Json {
  const text = optionalString(body, 'input') ?? '{}';
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new StepFunctionsError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
  }
}

/** `type`: STANDARD (when absent) or EXPRESS (its values: members.ts). */
export const machineType = (body: Body): StateMachineType =>
  (optionalString(body, 'type') ?? 'STANDARD') as StateMachineType;
