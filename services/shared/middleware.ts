import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import * as z from 'zod/mini';
import { DomainError, NotTheOrdersExecution, ValidationError } from './errors';
import { asReportedError } from './infrastructure-errors';
import {
  bodyWithinLimit,
  wellFormedBody,
  callerOf,
  jsonErrorResponses,
  jsonResponse,
  verifiedCaller,
  type HttpEvent,
  type HttpResult,
  type JwtClaims,
} from './http-middlewares';
import { loggerServiceName } from './logger';
import { LIMITS } from './schemas';
import { processTracer } from './tracer';

/**
 * Parses `value` with `schema`, turning zod's error into a named ValidationError. The services'
 * schemas are `zod/mini` ones; any zod 4 schema (classic ones too) parses the same way.
 */
export function parseWith<S extends z.core.$ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw ValidationError.fromZod(result.error, what);
  return result.data;
}

/**
 * Makes `orderId` the correlation id of the rest of this invocation: every later log line carries
 * it as `orderId` (what the operations queries filter on) and as Powertools' `correlation_id`, and
 * the X-Ray trace gets the annotation `orderId` (searchable: `annotation.orderId = "ord_…"`).
 * The handler wrappers call it for the order id of their input and clear the keys when the
 * invocation ends (`LOG_CONTEXT`), so nothing leaks into the next warm invocation.
 * Handlers that learn the order id later (createOrder) call it themselves.
 */
export function correlateOrder(logger: Logger, orderId: string): void {
  logger.appendKeys({ orderId });
  logger.setCorrelationId(orderId);
  processTracer().putAnnotation('orderId', orderId);
}

/** The `orderId` field of a parsed input, if it has one. */
const orderIdField = (input: unknown): string | undefined => {
  const orderId = (input as { orderId?: unknown } | null | undefined)?.orderId;
  return typeof orderId === 'string' ? orderId : undefined;
};

/** Is `response` an HTTP answer below 500 (what a client's mistake gets)? */
const answeredBelow500 = (response: unknown): boolean => {
  const statusCode = (response as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof statusCode === 'number' && statusCode < 500;
};

/**
 * Powertools' `captureLambdaHandler`: the X-Ray subsegment of the handler (`## <handler>`,
 * annotated ColdStart and Service), which the `orderId` annotation and the captured SDK calls hang
 * under. The response is not recorded: it can hold customer data. Inert when tracing is off (see
 * tracer.ts). An error that the HTTP chain answered below 500 (see `jsonErrorResponses`) closes
 * the subsegment as a completed invocation, as a 2xx does: a client's mistake is no fault of the
 * function. Any other error (a Task's, one answered 500) is recorded on it, which marks it a fault.
 */
function traceHandler(logger: Logger): MiddlewareObj {
  const capture = captureLambdaHandler(processTracer(loggerServiceName(logger)), { captureResponse: false });
  return {
    before: capture.before,
    after: capture.after,
    onError: (request) => {
      // Returns nothing: a value returned by an onError middleware would end middy's onError chain.
      if (answeredBelow500(request.response)) capture.after?.(request);
      else capture.onError?.(request);
    },
  };
}

/**
 * Powertools' `injectLambdaContext` options: the Lambda context on every log line, and the keys
 * appended during an invocation (`correlateOrder`) removed when it ends, so nothing leaks into the
 * next warm invocation. The event is never logged, whatever POWERTOOLS_LOGGER_LOG_EVENT says: it
 * carries customer data (addresses, payment tokens).
 */
const LOG_CONTEXT = { resetKeys: true, logEvent: false } as const;

/**
 * Powertools' `logMetrics` for the service's metrics (from `serviceMetrics`): what the invocation
 * recorded is published once, when it ends, error or not; nothing is written when nothing was
 * recorded. No middleware for a handler without metrics.
 */
const publishMetrics = (metrics: Metrics | undefined): MiddlewareObj[] => (metrics ? [logMetrics(metrics)] : []);

export interface TaskHandlerOptions<I> {
  /** The order the input is about, when it is not `input.orderId` (e.g. inside an SNS message). */
  orderIdOf?: (input: I) => string | undefined;
  /** The service's metrics: what the invocation recorded is published once, when it ends. */
  metrics?: Metrics;
  /** What the event is, in a ValidationError's message (`Invalid <this>: …`); default `task input`. */
  inputName?: string;
}

/**
 * A Step Functions Task handler: the raw event is parsed with `schema` (a named `ValidationError`
 * when it does not match, before anything is written), then `run` gets the typed input.
 * Errors keep their `name`, which is what the state machine's Catch and Retry match on; the
 * infrastructure's errors become TransientError (infrastructure-errors.ts), which they retry.
 * The input's order id is the invocation's correlation id (`correlateOrder`).
 */
export function taskHandler<S extends z.core.$ZodType, R>(
  logger: Logger,
  schema: S,
  run: (input: z.infer<S>) => Promise<R>,
  options: TaskHandlerOptions<z.infer<S>> = {},
): (event: unknown, context: Context) => Promise<R> {
  const orderIdOf = options.orderIdOf ?? orderIdField;
  return middy<unknown, R>()
    .use(traceHandler(logger))
    .use(injectLambdaContext(logger, LOG_CONTEXT))
    .use(publishMetrics(options.metrics))
    .handler(async (event) => {
      const input = parseWith(schema, event, options.inputName ?? 'task input');
      const orderId = orderIdOf(input);
      if (orderId !== undefined) correlateOrder(logger, orderId);
      // The saga's steps name the execution they act for (`execution`): only the order's own, named
      // by its id, may act on it; another (a replay under a new name) changes nothing.
      const execution = (event as { execution?: unknown } | null)?.execution;
      if (typeof execution === 'string' && orderId !== undefined && execution !== orderId) {
        const refused = new NotTheOrdersExecution(orderId, execution);
        logger.info('business error', { errorName: refused.name, errorMessage: refused.message });
        throw refused;
      }
      try {
        return await run(input);
      } catch (thrown) {
        // The infrastructure's errors (throttling, 5xx, timeouts, refused connections) are reported
        // as TransientError, the name the retriers list; the SDK's own names reach no retrier.
        const error = asReportedError(thrown);
        // Only what `run` threw is logged (with the order's keys); invalid input above is not.
        if (error instanceof DomainError)
          logger.info('business error', { errorName: error.name, errorMessage: error.message });
        else logger.error('task failed', error as Error);
        throw error;
      }
    });
}

export type { HttpEvent, HttpResult, JwtClaims } from './http-middlewares';

export interface HttpRequest<B, P, C = JwtClaims | undefined> {
  body: B;
  path: P;
  /** The request headers, names lower-cased (@middy/http-header-normalizer). */
  headers: HttpEvent['headers'];
  /** Who calls: what the route's `caller` made of the verified claims (the raw claims when it has none). */
  caller: C;
}

export interface HttpResponse {
  statusCode: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface HttpRoute<BS extends z.core.$ZodType, PS extends z.core.$ZodType, C> {
  logger: Logger;
  /** The service's metrics: what the invocation recorded is published once, when it ends. */
  metrics?: Metrics;
  /** Schema of the JSON body; omit for routes without a body. */
  body?: BS;
  /** Schema of the path parameters. */
  path?: PS;
  /**
   * Turns the verified JWT claims (undefined when the request came through no JWT authorizer) into
   * the caller passed to `run`. It runs before the body is read, as the authorizer runs before the
   * function: throw an `UnauthorizedError` (401) or `ForbiddenError` (403) to refuse the request.
   */
  caller?: (claims: JwtClaims | undefined) => C;
  run: (request: HttpRequest<z.infer<BS>, z.infer<PS>, C>) => Promise<HttpResponse>;
}

/**
 * For routes with a body: its presence and size limit (checked on the raw body, before parsing),
 * then middy's JSON parser, which replaces `event.body` by the parsed value, then the check that
 * every string of it is well-formed Unicode (no lone surrogate, named by its path). The parser's
 * Content-Type check is off: API Gateway passes any content type, and this API has always read
 * the body as JSON whatever the header says (`curl -d` sends application/x-www-form-urlencoded),
 * where the check would answer 415. Its refusals become 400 ValidationErrors (jsonErrorResponses).
 */
const jsonBody = (route: { body?: unknown }): MiddlewareObj<HttpEvent, HttpResult>[] =>
  route.body === undefined
    ? []
    : [
        bodyWithinLimit(LIMITS.maxBodyBytes),
        httpJsonBodyParser<HttpEvent>({ disableContentTypeCheck: true }),
        wellFormedBody(),
      ];

/**
 * An API Gateway (HTTP API, payload v2) handler. In order: the caller (from the verified JWT
 * claims; 401/403), the body's presence and size limit (400/413), JSON parsing (400), then, in the
 * handler, zod validation of the body and the path (400 with the zod issues), then `run`. Every
 * error becomes a JSON response, never a stack trace (`jsonErrorResponses`). A path `orderId` is
 * the invocation's correlation id (`correlateOrder`).
 */
export function httpHandler<
  BS extends z.core.$ZodType = z.core.$ZodUndefined,
  PS extends z.core.$ZodType = z.core.$ZodUndefined,
  C = JwtClaims | undefined,
>(route: HttpRoute<BS, PS, C>): (event: HttpEvent, context: Context) => Promise<HttpResult> {
  const { logger } = route;
  // Without a `caller` function the route gets the claims themselves (C defaults to their type).
  const toCaller = route.caller ?? ((claims: JwtClaims | undefined) => claims as C);
  const handler = middy<HttpEvent, HttpResult>()
    .use(traceHandler(logger))
    .use(injectLambdaContext(logger, LOG_CONTEXT))
    .use(publishMetrics(route.metrics))
    .use(jsonErrorResponses(logger))
    .use(httpHeaderNormalizer())
    .use(verifiedCaller(toCaller))
    .use(jsonBody(route))
    .handler(async (event, context) => {
      // event.body is the parsed JSON by now (jsonBody), when the route has a body.
      const body = route.body ? parseWith(route.body, event.body, 'request body') : undefined;
      const path = route.path ? parseWith(route.path, event.pathParameters ?? {}, 'path parameters') : undefined;
      const orderId = orderIdField(path);
      if (orderId !== undefined) correlateOrder(logger, orderId);
      const response = await route.run({
        body: body as z.infer<BS>,
        path: path as z.infer<PS>,
        headers: event.headers ?? {}, // absent from events that carry no header at all
        caller: callerOf(context),
      });
      return jsonResponse(response.statusCode, response.body, response.headers);
    });
  // The chain replaces event.body and event.headers (middy's parser and normaliser work in place).
  // Lambda gives every invocation an event of its own; a caller in the same process (tests, tools)
  // keeps its event as it was, and gets the same answer when it sends it again.
  return (event, context) => handler({ ...event }, context);
}
