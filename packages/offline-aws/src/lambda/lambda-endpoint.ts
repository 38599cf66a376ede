/**
 * A local Lambda endpoint speaking the Invoke API (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html):
 * `POST /2015-03-31/functions/{FunctionName}/invocations`, so `@aws-sdk/client-lambda` and
 * `aws lambda invoke --endpoint-url` run the project's functions, in their execution environments,
 * unchanged (as `sam local start-lambda` does for SAM projects).
 *
 * - FunctionName: the deployed name (`<service>-<stage>-<function>`), its ARN or partial ARN
 *   (`<account>:function:<name>`); qualifier `$LATEST` only (the only version offline).
 * - `X-Amz-Invocation-Type`: `RequestResponse` (default) answers 200 with the result; `Event`
 *   queues the event (async-invocation.ts: retries, destinations) and answers 202; `DryRun`
 *   checks the request and answers 204.
 * - A function error is HTTP 200 with `X-Amz-Function-Error: Unhandled` and the error payload
 *   `{ errorType, errorMessage, trace }`; `X-Amz-Executed-Version: $LATEST` on RequestResponse.
 * - `X-Amz-Log-Type: Tail`: `X-Amz-Log-Result` holds the last 4 KB of the invocation's log
 *   (START, the function's output, END, REPORT), base64.
 * - Errors of the request itself as the service answers them: HTTP status, `x-amzn-ErrorType`
 *   header and `{ Type, message }` body: ResourceNotFoundException (404),
 *   InvalidRequestContentException (400), ValidationException (400: an InvocationType or LogType
 *   outside its valid values), RequestEntityTooLargeException (413),
 *   TooManyRequestsException (429).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { ServerlessConfig } from '../serverless/config';
import type { AsyncInvoker } from './async-invocation';
import { functionByDeployedName } from './destinations';
import { handlerError, LambdaFunctionError, TooManyRequestsException } from './errors';
import { invokeErrorLine, type InvokeError } from '../logs/function-logs';
import type { InvokeOptions } from './execution-environment';
import { checkRequestSize, RequestEntityTooLargeException, SYNC_REQUEST_LIMIT_BYTES } from './payload-limits';
import { reportLine } from './report-line';
import { readBodyWithin } from '../endpoints/body';
import { listenLocal } from '../endpoints/listen';

export interface LambdaEndpoint {
  url: string;
  stop(): Promise<void>;
}

export interface LambdaEndpointOptions {
  config: ServerlessConfig;
  /** Synchronous invocation in the function's execution environments (the pool's). */
  invoke(functionName: string, event: unknown, options: InvokeOptions): Promise<unknown>;
  /** Lambda's asynchronous queue (for `Event`). */
  asyncInvocations: AsyncInvoker;
  /** A fixed port on 127.0.0.1 (default: a free one). */
  port?: number;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const TAIL_BYTES = 4096;

class ServiceError extends Error {
  constructor(
    override readonly name: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The serverless.yml function a FunctionName (and Qualifier) designates; ResourceNotFoundException otherwise. */
function resolveFunction(config: ServerlessConfig, raw: string, qualifier: string | null): string {
  const { region, accountId } = config;
  const match =
    /^(?:arn:aws[a-z-]*:lambda:([a-z0-9-]+):)?(?:(\d{12}):function:)?([A-Za-z0-9_-]+)(?::([$A-Za-z0-9_-]+))?$/.exec(
      raw,
    );
  const name = match?.[3] ?? raw;
  const version = qualifier ?? match?.[4];
  const arn = `arn:aws:lambda:${region}:${accountId}:function:${name}${version ? `:${version}` : ''}`;
  const functionName =
    match && (!match[1] || match[1] === region) && (!match[2] || match[2] === accountId)
      ? functionByDeployedName(config, name)
      : undefined;
  if (!functionName || (version !== undefined && version !== '$LATEST')) {
    throw new ServiceError('ResourceNotFoundException', 404, `Function not found: ${arn}`);
  }
  return functionName;
}

function parseEvent(body: string): unknown {
  if (body === '') return {};
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new ServiceError(
      'InvalidRequestContentException',
      400,
      `Could not parse request body into json: ${(error as Error).message}`,
    );
  }
}

/**
 * The request body, never more than the largest payload Invoke takes (6 MB): a larger one is
 * refused from its Content-Length before reading, or as soon as it passes the limit, with the
 * RequestEntityTooLargeException checkRequestSize gives, instead of being held in memory.
 */
async function readBody(request: IncomingMessage): Promise<string> {
  const body = await readBodyWithin(request, SYNC_REQUEST_LIMIT_BYTES);
  if (body === undefined) {
    throw new RequestEntityTooLargeException(
      `Request must be smaller than ${SYNC_REQUEST_LIMIT_BYTES} bytes for the InvokeFunction operation`,
    );
  }
  return body.toString('utf8');
}

/** The last 4 KB of the invocation's log, as Lambda frames it (a handler's error included), base64. */
function logTail(
  requestId: string,
  output: string,
  durationMs: number,
  memorySize: number,
  invokeError: InvokeError | undefined,
): string {
  const error = invokeError === undefined ? '' : `${invokeErrorLine(Date.now(), requestId, invokeError)}\n`;
  const log =
    `START RequestId: ${requestId} Version: $LATEST\n${output}${error}END RequestId: ${requestId}\n` +
    `${reportLine({ requestId, durationMs, memorySize })}\n`;
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - TAIL_BYTES)).toString('base64');
}

const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'] as const;
const LOG_TYPES = ['None', 'Tail'] as const;

/**
 * An enum header of Invoke (X-Amz-Invocation-Type, X-Amz-Log-Type), refused as the API refuses a
 * value outside its set (API_Invoke.html: "Valid Values"): 400 ValidationException naming the member.
 */
function headerEnum<T extends string>(
  request: IncomingMessage,
  header: string,
  member: string,
  values: readonly T[],
): T | undefined {
  const value = request.headers[header];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  throw new ServiceError(
    'ValidationException',
    400,
    `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ` +
      `Member must satisfy enum value set: [${values.join(', ')}]`,
  );
}

export async function startLambdaEndpoint(options: LambdaEndpointOptions): Promise<LambdaEndpoint> {
  const { config } = options;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = PATH.exec(url.pathname);
    const type = headerEnum(request, 'x-amz-invocation-type', 'invocationType', INVOCATION_TYPES) ?? 'RequestResponse';
    const logType = headerEnum(request, 'x-amz-log-type', 'logType', LOG_TYPES) ?? 'None';
    const body = await readBody(request);
    if (request.method !== 'POST' || !path?.[1]) {
      throw new ServiceError('UnknownOperationException', 404, `Unknown operation ${request.method} ${url.pathname}`);
    }
    const functionName = resolveFunction(config, decodeURIComponent(path[1]), url.searchParams.get('Qualifier'));
    const requestId = randomUUID();
    if (type === 'Event') {
      checkRequestSize(body, 'Event');
      const asyncId = options.asyncInvocations.accept(functionName, parseEvent(body), { label: 'Invoke (Event)' });
      response.writeHead(202, { 'x-amzn-requestid': asyncId, 'content-length': '0' }).end();
      return;
    }
    checkRequestSize(body, 'RequestResponse');
    const event = parseEvent(body);
    if (type === 'DryRun') {
      response.writeHead(204, { 'x-amzn-requestid': requestId }).end();
      return;
    }
    let output = '';
    const started = performance.now();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': requestId,
      'x-amz-executed-version': '$LATEST',
    };
    let payload: string;
    let invokeError: InvokeError | undefined;
    try {
      const result = await options.invoke(functionName, event, {
        requestId,
        trigger: { label: 'Invoke' },
        onLog: (text) => {
          output += text;
        },
      });
      payload = JSON.stringify(result ?? null);
    } catch (error) {
      if (error instanceof TooManyRequestsException) {
        throw new ServiceError('TooManyRequestsException', 429, error.errorMessage);
      }
      if (!(error instanceof LambdaFunctionError)) throw error;
      headers['x-amz-function-error'] = 'Unhandled';
      invokeError = handlerError(error);
      payload = JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, trace: error.trace });
    }
    if (logType === 'Tail') {
      const memorySize = config.functions[functionName]?.memorySize ?? 1024;
      headers['x-amz-log-result'] = logTail(requestId, output, performance.now() - started, memorySize, invokeError);
    }
    response.writeHead(200, headers).end(payload);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const known =
        error instanceof ServiceError
          ? error
          : error instanceof RequestEntityTooLargeException
            ? new ServiceError(error.name, 413, error.message)
            : new ServiceError('ServiceException', 500, String((error as Error).message ?? error));
      if (response.headersSent) return;
      if (known.status === 413) {
        // Answered before the rest of the body was read: the connection closes so the client stops.
        response.setHeader('connection', 'close');
        response.once('finish', () => request.destroy());
      }
      response
        .writeHead(known.status, { 'content-type': 'application/json', 'x-amzn-errortype': known.name })
        .end(JSON.stringify({ Type: known.status >= 500 ? 'Service' : 'User', message: known.message }));
    });
  });
  return listenLocal(server, options.port);
}
