/**
 * How the console page reaches the local AWS APIs: its requests are AWS JSON-protocol calls
 * (awsJson1_0, the operation in `X-Amz-Target`), forwarded unchanged to the local endpoint, so the
 * page reads exactly what an SDK or the AWS CLI would. Only the operations the console needs pass:
 * it reads, and its one write through an AWS API is StopExecution. CloudWatch Logs speaks
 * awsJson1_1 (the Express executions' logs are read there).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyWithin } from '../endpoints/body';

export interface ProxyTarget {
  /** The local endpoint's base URL. */
  url: string;
  /** `X-Amz-Target` prefix: `AWSStepFunctions` or `DynamoDB_20120810`. */
  prefix: string;
  /** AWS's signing name, for the credential scope of the header DynamoDB Local asks for. */
  signingName: string;
  operations: ReadonlySet<string>;
  /** The protocol's content type: awsJson1_0 (default) or awsJson1_1 (CloudWatch Logs). */
  contentType?: 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';
}

export const STEP_FUNCTIONS_OPERATIONS = new Set([
  'ListStateMachines',
  'DescribeStateMachine',
  'DescribeStateMachineForExecution',
  'ListExecutions',
  'DescribeExecution',
  'GetExecutionHistory',
  'StopExecution',
]);

export const DYNAMODB_OPERATIONS = new Set(['GetItem', 'Query', 'BatchGetItem', 'DescribeTable']);

/** An Express execution is read from its machine's log group (console/model/log-history.ts). */
export const LOGS_OPERATIONS = new Set(['DescribeLogGroups', 'FilterLogEvents']);

/** Larger request bodies are refused: the console sends small JSON calls. */
const MAX_BODY_BYTES = 64 * 1024;

/** A request body over the console's limit (answered 413). */
export class BodyTooLarge extends Error {}

/** @throws BodyTooLarge past `limit` bytes, from Content-Length before reading or while reading. */
export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const body = await readBodyWithin(request, limit);
  if (body === undefined) throw new BodyTooLarge(`The request body is over ${limit} bytes`);
  return body.toString('utf8');
}

export function sendJson(response: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(text);
}

/**
 * Forwards one JSON-protocol call. Answers 400 `{__type: "UnknownOperationException"}` for an
 * operation not in the target's list, as the service answers an operation it does not have.
 */
export async function forwardAwsCall(
  target: ProxyTarget,
  region: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const header = String(request.headers['x-amz-target'] ?? '');
  const operation = header.startsWith(`${target.prefix}.`) ? header.slice(target.prefix.length + 1) : '';
  const type = target.contentType ?? 'application/x-amz-json-1.0';
  if (!target.operations.has(operation)) {
    sendJson(
      response,
      400,
      {
        __type: 'UnknownOperationException',
        message: `The console does not forward ${header || 'a call without X-Amz-Target'}`,
      },
      type,
    );
    return;
  }
  const body = await readBody(request);
  const now = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  // The local endpoints do not check signatures; DynamoDB Local only asks that a SigV4 header exists.
  const authorization =
    `AWS4-HMAC-SHA256 Credential=local/${now.slice(0, 8)}/${region}/${target.signingName}/aws4_request, ` +
    'SignedHeaders=host;x-amz-date;x-amz-target, Signature=0';
  const answer = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': type, 'x-amz-target': header, 'x-amz-date': now, authorization },
    body,
  });
  response.writeHead(answer.status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(await answer.text());
}

/** Forwards an HTTP API call (`/api/<path>` → `<api>/<path>`) with the headers the routes use. */
export async function forwardApiCall(apiUrl: string, path: string, request: IncomingMessage, response: ServerResponse) {
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'idempotency-key']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const method = request.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
  const answer = await fetch(`${apiUrl}${path}`, { method, headers, body });
  response.writeHead(answer.status, {
    'content-type': answer.headers.get('content-type') ?? 'application/json',
    'cache-control': 'no-store',
  });
  response.end(await answer.text());
}
