/**
 * Lambda's invocation payload limits ("Lambda quotas",
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, and the Invoke API,
 * https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html), with the errors Lambda answers:
 *
 * - synchronous request (RequestResponse) over 6 MB: the Invoke call fails with HTTP 413
 *   `RequestEntityTooLargeException`, "Request must be smaller than 6291456 bytes for the
 *   InvokeFunction operation"; the function does not run;
 * - asynchronous request (Event) over 1 MB: HTTP 413 `RequestEntityTooLargeException`,
 *   "<n> byte payload is too large for the Event invocation type (limit 1048576 bytes)";
 * - response over 6 MB: the invocation fails with the function error `Function.ResponseSizeTooLarge`,
 *   "Response payload size (<n> bytes) exceeded maximum allowed payload size (6291556 bytes)."
 *   (the function ran; its result is lost).
 */
import { LambdaFunctionError } from './errors';

/** 6 MB: the largest synchronous request. */
export const SYNC_REQUEST_LIMIT_BYTES = 6 * 1024 * 1024;
/** The largest response Lambda returns (6 MB and 100 bytes, as its error message says). */
export const RESPONSE_LIMIT_BYTES = SYNC_REQUEST_LIMIT_BYTES + 100;
/** 1 MB: the largest asynchronous (Event) request. */
export const ASYNC_REQUEST_LIMIT_BYTES = 1024 * 1024;

/** The Invoke request was refused before the function ran (HTTP 413). */
export class RequestEntityTooLargeException extends Error {
  override readonly name = 'RequestEntityTooLargeException';
  readonly statusCode = 413;
}

/**
 * @param payload the event as JSON (what crosses the Invoke API)
 * @throws RequestEntityTooLargeException when it is over the limit of the invocation type
 */
export function checkRequestSize(payload: string, invocationType: 'RequestResponse' | 'Event'): void {
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (invocationType === 'Event' && bytes > ASYNC_REQUEST_LIMIT_BYTES) {
    throw new RequestEntityTooLargeException(
      `${bytes} byte payload is too large for the Event invocation type (limit ${ASYNC_REQUEST_LIMIT_BYTES} bytes)`,
    );
  }
  if (bytes > SYNC_REQUEST_LIMIT_BYTES) {
    throw new RequestEntityTooLargeException(
      `Request must be smaller than ${SYNC_REQUEST_LIMIT_BYTES} bytes for the InvokeFunction operation`,
    );
  }
}

/**
 * @param payload the function's result as JSON
 * @throws LambdaFunctionError `Function.ResponseSizeTooLarge` when it is over 6 MB
 */
export function checkResponseSize(payload: string): void {
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes <= RESPONSE_LIMIT_BYTES) return;
  throw new LambdaFunctionError({
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${RESPONSE_LIMIT_BYTES} bytes).`,
    trace: [],
  });
}
