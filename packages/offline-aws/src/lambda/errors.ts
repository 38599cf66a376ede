/**
 * How an invocation fails offline, as Lambda reports it to the caller.
 *
 * - A function error: Invoke answers with the error payload `{ errorType, errorMessage, trace }`
 *   (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html); Step Functions takes
 *   errorType as the state's Error. Only these three fields cross the boundary: other properties
 *   of the thrown error do not reach the caller.
 * - A timeout: `Sandbox.Timedout`, "Task timed out after N.NN seconds"
 *   (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html,
 *   https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html).
 * - A throttle: `TooManyRequestsException` ("Rate Exceeded."), when a function is at its reserved
 *   concurrency (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
 */

/** The error payload of a failed invocation. */
import type { InvokeError } from '../logs/function-logs';

export interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  /** The stack, one line per entry (empty when the thrown value had none). */
  trace: string[];
}

/** A failed invocation: `name` is the errorType, `message` the errorMessage, `stack` the trace. */
export class LambdaFunctionError extends Error {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: string[];

  constructor(payload: LambdaErrorPayload) {
    super(payload.errorMessage);
    this.name = payload.errorType;
    this.errorType = payload.errorType;
    this.errorMessage = payload.errorMessage;
    this.trace = payload.trace;
    this.stack = payload.trace.length > 0 ? payload.trace.join('\n') : `${payload.errorType}: ${payload.errorMessage}`;
  }
}

/** `RequestId: <id> ` before a Runtime error message, when there was an invocation. */
const prefix = (requestId: string | undefined) => (requestId ? `RequestId: ${requestId} ` : '');

/** Lambda stopped the function at its timeout, or its Init at 10 s (the environment is discarded). */
export class LambdaTimeoutError extends LambdaFunctionError {
  /**
   * @param requestId the invocation's request id; undefined for an Init that ran out of time
   * @param elapsedMs how long it ran, in ms (reported in seconds with two decimals, as Lambda does)
   */
  constructor(requestId: string | undefined, elapsedMs: number) {
    const seconds = (elapsedMs / 1000).toFixed(2);
    super({
      errorType: 'Sandbox.Timedout',
      errorMessage: `${prefix(requestId)}Error: ${requestId ? 'Task' : 'Init'} timed out after ${seconds} seconds`,
      trace: [],
    });
  }
}

/** The function is at its concurrency limit and the invocation was refused (HTTP 429 in AWS). */
export class TooManyRequestsException extends LambdaFunctionError {
  readonly reason = 'ReservedFunctionConcurrentInvocationLimitExceeded';

  constructor() {
    super({ errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.', trace: [] });
  }
}

/**
 * The environment's runtime ended during an invocation or its Init: exit, crash or out of memory.
 * @param requestId the invocation's request id; undefined during Init
 */
export function runtimeExit(
  requestId: string | undefined,
  cause: 'exit' | 'memory',
  exitCode = 1,
): LambdaFunctionError {
  return new LambdaFunctionError(
    cause === 'memory'
      ? {
          errorType: 'Runtime.OutOfMemory',
          errorMessage: `${prefix(requestId)}Error: Runtime exited with error: signal: killed`,
          trace: [],
        }
      : {
          errorType: 'Runtime.ExitError',
          errorMessage: `${prefix(requestId)}Error: Runtime exited with error: exit status ${exitCode}`,
          trace: [],
        },
  );
}

/**
 * The error a handler threw or rejected with, as the Node.js runtime logs it (`Invoke Error`,
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html); undefined for the
 * platform's own (a timeout, a crash: `Sandbox.*`, `Runtime.*`), which Lambda reports otherwise.
 */
export function handlerError(thrown: unknown): InvokeError | undefined {
  if (!(thrown instanceof LambdaFunctionError) || thrown instanceof LambdaTimeoutError) return undefined;
  if (/^(Sandbox|Runtime)\./.test(thrown.errorType)) return undefined;
  return { errorType: thrown.errorType, errorMessage: thrown.errorMessage, stack: thrown.trace };
}
