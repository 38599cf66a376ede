import { isUtf8 } from 'node:buffer';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { DomainError, PayloadTooLargeError, ValidationError } from './errors';
import { hasLoneSurrogate } from './schemas';

/**
 * The middlewares of our own in `httpHandler`'s chain (middleware.ts), for what neither middy nor
 * Powertools ship: who calls (from the verified JWT claims), the body's presence and size limit
 * before middy's JSON parser runs, and the JSON answer to every error.
 */

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/**
 * Claims of the JWT that API Gateway's JWT authorizer verified, as the gateway passes them in
 * `requestContext.authorizer.jwt.claims` (values are mostly strings, e.g. `"exp": "1795604400"`).
 */
export type JwtClaims = Record<string, string | number | boolean | string[]>;

/** A JSON answer: `content-type: application/json` (overridable by `headers`), `body` serialised. */
export const jsonResponse = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The claims of `requestContext.authorizer.jwt.claims`, when the route has a JWT authorizer. */
function jwtClaims(event: HttpEvent): JwtClaims | undefined {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: unknown } } } | undefined;
  const claims = context?.authorizer?.jwt?.claims;
  return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as JwtClaims) : undefined;
}

/** The Lambda context once `verifiedCaller` ran: it carries the caller to the handler. */
export type CallerContext<C> = Context & { verified?: { caller: C } };

/**
 * Before anything of the request is read: `toCaller` makes the route's caller of the verified JWT
 * claims (undefined without a JWT authorizer), as API Gateway's authorizer answers before the
 * function runs. The caller rides on the Lambda context to the handler (`callerOf`), the way middy
 * middlewares hand what they found to it. Throws what `toCaller` throws, e.g. UnauthorizedError
 * (401) or ForbiddenError (403): such a request gets that answer whatever its body.
 */
export function verifiedCaller<C>(
  toCaller: (claims: JwtClaims | undefined) => C,
): MiddlewareObj<HttpEvent, HttpResult, Error, CallerContext<C>> {
  return {
    before: ({ event, context }) => {
      context.verified = { caller: toCaller(jwtClaims(event)) };
    },
  };
}

/** The caller `verifiedCaller` put on the context (an Error, answered 500, if it did not run). */
export function callerOf<C>(context: CallerContext<C>): C {
  if (context.verified === undefined) throw new Error('verifiedCaller did not run before the handler');
  return context.verified.caller;
}

/**
 * Before the body is parsed: there must be one (else a 400 `ValidationError`, issue code
 * `missing_body`), and decoded (base64, as API Gateway passes binary payloads) it must be at most
 * `maxBytes` (else a 413 `PayloadTooLargeError`), so that an oversized body costs no parse time,
 * and valid UTF-8 (else a 400 `ValidationError`, `invalid_utf8`).
 */
export function bodyWithinLimit(maxBytes: number): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: ({ event }) => {
      if (event.body === undefined || event.body === null || event.body === '') {
        throw new ValidationError('Invalid request body: a JSON body is required', [
          { path: '(body)', message: 'required', code: 'missing_body' },
        ]);
      }
      const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      if (raw.length > maxBytes) {
        throw new PayloadTooLargeError(`Request body is ${raw.length} bytes; the limit is ${maxBytes} bytes`);
      }
      // Bytes that are no UTF-8 come base64-encoded: refused, never decoded with U+FFFD in their place.
      if (event.isBase64Encoded && !isUtf8(raw)) throw invalidBody('not valid UTF-8', 'invalid_utf8');
    },
  };
}

/** The path (`a.b.0`) of the first string or key of `value` that is not well-formed Unicode. */
function illFormedAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return hasLoneSurrogate(value) ? path || '(root)' : undefined;
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  for (const [key, item] of entries) {
    const here = path ? `${path}.${key}` : key;
    if (hasLoneSurrogate(key)) return here;
    const found = illFormedAt(item, here);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * After the JSON parser: every string and key of the body is well-formed Unicode. A JSON escape
 * such as `"\ud800"` parses to a lone surrogate, which is no character: stored, it could not be
 * sent back as UTF-8 unaltered. Refused with a 400 ValidationError naming the field
 * (`invalid_unicode`), before the handler runs.
 */
export function wellFormedBody(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    before: ({ event }) => {
      const path = illFormedAt(event.body as unknown, '');
      if (path === undefined) return;
      const message = 'not well-formed Unicode (a lone surrogate)';
      throw new ValidationError(`Invalid request body: ${path}: ${message}`, [
        { path, message, code: 'invalid_unicode' },
      ]);
    },
  };
}

const BODY_PARSER = '@middy/http-json-body-parser';

const invalidBody = (message: string, code: string) =>
  new ValidationError(`Invalid request body: ${message}`, [{ path: '(body)', message, code }]);

/**
 * The ValidationError (400) for a refusal of middy's JSON body parser: an HttpError 422 whose
 * `cause.package` names the parser, `cause.data` the forbidden key or the body, `cause.message`
 * JSON.parse's error. Undefined for any other error.
 * - not JSON: "Invalid request body: not valid JSON" (`invalid_json`), as before the parser;
 * - a `__proto__` key, or a `constructor` key holding a `prototype` (the parser's guard against
 *   prototype poisoning): `forbidden key "<key>"` (`forbidden_key`);
 * - JSON nested a few thousand levels deep: the guard's reviver runs out of stack on it
 *   (JSON.parse alone does not): `nested too deeply` (`too_deep`).
 * The body schemas are strict objects, so the last two were 400 ValidationErrors before the
 * parser too, with zod's message (an unrecognized key, or the wrong type at the root).
 */
function bodyParserRefusal(error: unknown): ValidationError | undefined {
  if (!(error instanceof Error)) return undefined;
  const cause = error.cause as { package?: unknown; data?: unknown; message?: unknown } | undefined;
  if (cause?.package !== BODY_PARSER) return undefined;
  if (error.message === 'Forbidden key in JSON body')
    return invalidBody(`forbidden key "${String(cause.data)}"`, 'forbidden_key');
  if (typeof cause.message === 'string' && /call stack/i.test(cause.message))
    return invalidBody('nested too deeply', 'too_deep');
  return invalidBody('not valid JSON', 'invalid_json');
}

const INTERNAL_ERROR = { error: 'InternalError', message: 'The request could not be processed; try again later.' };

/**
 * The answer to an error of an HTTP route, always JSON:
 * - `ValidationError` (and `bodyParserRefusal`s): 400 `{ error: 'ValidationError', message, issues }`;
 * - any other `DomainError` below 500: its status, `{ error: <name>, message, ...details }`;
 * - anything else: 500 `{ error: 'InternalError', message: <generic> }`, never the error's own
 *   message or stack; logged ('request failed', with the error) since it is our fault.
 */
function errorResponse(logger: Logger, thrown: unknown): HttpResult {
  const error = bodyParserRefusal(thrown) ?? thrown;
  if (error instanceof ValidationError) {
    return jsonResponse(error.httpStatus, { error: error.name, message: error.message, issues: error.issues });
  }
  if (error instanceof DomainError && error.httpStatus < 500) {
    return jsonResponse(error.httpStatus, { error: error.name, message: error.message, ...(error.details ?? {}) });
  }
  logger.error('request failed', error as Error);
  return jsonResponse(500, INTERNAL_ERROR);
}

/**
 * Answers every error of the chain, thrown by a middleware after it or by the handler, with
 * `errorResponse`. It sets the response and returns nothing, so the onError of the middlewares
 * before it still run (metrics published, log keys reset, the trace closed: a 500 is recorded on
 * it as a fault, see traceHandler). Used after those, its onError runs first: the 'request failed'
 * line still has the invocation's correlation keys.
 *
 * Why not @middy/http-error-handler: it answers an error's `statusCode` with its `message` as the
 * whole body (text/plain unless the message starts with `{` or `[`), so our bodies (`error`,
 * `issues`, details) would have to be serialised into fake messages by a middleware of ours in
 * front of it; it treats any error with a `statusCode` below 500 as safe to show (`expose`
 * defaults to true), so a library's error carrying `statusCode: 400` would have its message sent
 * to the client, where we show the messages of our DomainErrors only; and its `logger` gets every
 * error, 4xx included, where we log only the 500s. That middleware of ours would be all of this
 * one, and the package would add nothing but the risk.
 */
export function jsonErrorResponses(logger: Logger): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: (request) => {
      request.response = errorResponse(logger, request.error);
    },
  };
}
