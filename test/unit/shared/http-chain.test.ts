/**
 * The middleware chain of `httpHandler` (services/shared/middleware.ts), pinned on a route of its
 * own: the order of the checks (caller, body size, JSON, schema), the JSON answers to middy's
 * parser refusals, a 500 that never shows its error, the trace's fault only for 500s, and an
 * invocation's keys gone in the next one.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { customerClaims } from 'offline-aws/http-api/event-spec';
import { NotFoundError, UnauthorizedError } from '../../../services/shared/errors';
import { serviceLogger } from '../../../services/shared/logger';
import { correlateOrder, httpHandler, type HttpRequest } from '../../../services/shared/middleware';
import { LIMITS } from '../../../services/shared/schemas';
import { processTracer } from '../../../services/shared/tracer';
import { fakeContext } from '../../support/lambda-context';
import { captureOutput, type CapturedOutput } from './output';

// The tests run SILENT; the 'request failed' lines are part of what is pinned here. Configured
// before the logger exists, as in Lambda (the chain sets each invocation back to this level).
const configuredLevel = process.env.POWERTOOLS_LOG_LEVEL;
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
afterAll(() => {
  process.env.POWERTOOLS_LOG_LEVEL = configuredLevel;
});
const logger = serviceLogger('chain-test');

type Request = HttpRequest<{ note: string }, { orderId: string }, string>;
let run: jest.Mock<Promise<{ statusCode: number; body: unknown }>, [Request]>;
const handler = httpHandler({
  logger,
  body: z.strictObject({ note: z.string() }),
  path: z.object({ orderId: z.string().check(z.regex(/^ord_\w+$/)) }),
  caller: (claims) => {
    if (typeof claims?.sub !== 'string') throw new UnauthorizedError('No verified identity');
    return claims.sub;
  },
  run: (request) => run(request),
});

let output: CapturedOutput;
beforeEach(() => {
  run = jest.fn(async ({ caller }: Request) => ({ statusCode: 200, body: { caller } }));
  output = captureOutput();
});
afterEach(() => output.restore());

interface Case {
  body?: string;
  /** The body is base64 (as API Gateway passes bytes that are not text). */
  base64?: boolean;
  headers?: Record<string, string>;
  claims?: Record<string, string> | null;
  orderId?: string;
}
const event = ({ body, base64 = false, headers = {}, claims = customerClaims('cust_1'), orderId = 'ord_1' }: Case) =>
  ({
    version: '2.0',
    routeKey: 'POST /orders/{orderId}/notes',
    rawPath: `/orders/${orderId}/notes`,
    rawQueryString: '',
    headers: { 'Content-Type': 'application/json', ...headers },
    requestContext: claims === null ? {} : { authorizer: { jwt: { claims, scopes: null } } },
    pathParameters: { orderId },
    isBase64Encoded: base64,
    ...(body === undefined ? {} : { body }),
  }) as unknown as APIGatewayProxyEventV2;
const send = (request: Case) => handler(event(request), fakeContext('chain-test'));
const answer = (result: APIGatewayProxyStructuredResultV2) => ({
  statusCode: result.statusCode,
  body: JSON.parse(result.body ?? 'null') as unknown,
});

const oversized = `{"note":"${'x'.repeat(LIMITS.maxBodyBytes)}`; // not even JSON: never parsed

describe('httpHandler chain: the order of the checks', () => {
  it('answers 401 for a request without identity, before reading its body', async () => {
    expect(answer(await send({ claims: null, body: oversized }))).toEqual({
      statusCode: 401,
      body: { error: 'Unauthorized', message: 'No verified identity' },
    });
  });

  it('answers 413 for an oversized body before parsing it', async () => {
    expect(answer(await send({ body: oversized }))).toEqual({
      statusCode: 413,
      body: {
        error: 'PayloadTooLarge',
        message: `Request body is ${Buffer.byteLength(oversized)} bytes; the limit is ${LIMITS.maxBodyBytes} bytes`,
      },
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
  ])('answers 400 missing_body for a %s body', async (_what, body) => {
    expect(answer(await send(body === undefined ? {} : { body }))).toEqual({
      statusCode: 400,
      body: {
        error: 'ValidationError',
        message: 'Invalid request body: a JSON body is required',
        issues: [{ path: '(body)', message: 'required', code: 'missing_body' }],
      },
    });
  });

  it('validates the body before the path, and runs nothing on bad input', async () => {
    const result = answer(await send({ body: '{"note":1}', orderId: 'nope' }));
    expect(result).toMatchObject({
      statusCode: 400,
      body: { message: expect.stringMatching(/^Invalid request body/) },
    });
    expect(answer(await send({ body: '{"note":"hi"}', orderId: 'nope' }))).toMatchObject({
      statusCode: 400,
      body: { message: expect.stringMatching(/^Invalid path parameters: orderId/) },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('passes the caller, the parsed body, the path and lower-cased headers to run', async () => {
    const result = await send({ body: '{"note":"hi"}', headers: { 'Idempotency-Key': 'k-1' } });
    expect(answer(result)).toEqual({ statusCode: 200, body: { caller: 'cust_1' } });
    expect(result.headers).toEqual({ 'content-type': 'application/json' });
    expect(run).toHaveBeenCalledWith(
      expect.objectContaining({
        caller: 'cust_1',
        body: { note: 'hi' },
        path: { orderId: 'ord_1' },
        headers: expect.objectContaining({ 'idempotency-key': 'k-1', 'content-type': 'application/json' }),
      }),
    );
  });

  it('reads the body as JSON whatever its Content-Type says (no 415), base64 included', async () => {
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    expect((await send({ body: '{"note":"hi"}', headers })).statusCode).toBe(200);
    const base64 = {
      ...event({ headers }),
      body: Buffer.from('{"note":"hi"}').toString('base64'),
      isBase64Encoded: true,
    };
    expect((await handler(base64, fakeContext())).statusCode).toBe(200);
  });

  it("leaves the caller's event as it was: the same event gets the same answer again", async () => {
    const sent = event({ body: '{"note":"hi"}', headers: { 'X-Trace': 't' } });
    const copy = structuredClone(sent);
    expect((await handler(sent, fakeContext())).statusCode).toBe(200);
    expect(sent).toEqual(copy);
    expect((await handler(sent, fakeContext())).statusCode).toBe(200);
  });
});

describe("httpHandler chain: middy's JSON parser refusals are 400 ValidationErrors", () => {
  const refusal = (message: string, code: string) => ({
    statusCode: 400,
    body: {
      error: 'ValidationError',
      message: `Invalid request body: ${message}`,
      issues: [{ path: '(body)', message, code }],
    },
  });

  it('answers "not valid JSON" as before the parser', async () => {
    expect(answer(await send({ body: '{"note":' }))).toEqual(refusal('not valid JSON', 'invalid_json'));
    expect(answer(await send({ body: ' ' }))).toEqual(refusal('not valid JSON', 'invalid_json'));
  });

  it('names the key its prototype-poisoning guard refuses', async () => {
    expect(answer(await send({ body: '{"note":"hi","__proto__":{"admin":true}}' }))).toEqual(
      refusal('forbidden key "__proto__"', 'forbidden_key'),
    );
    expect(answer(await send({ body: '{"note":"hi","constructor":{"prototype":{}}}' }))).toEqual(
      refusal('forbidden key "constructor"', 'forbidden_key'),
    );
  });

  it('answers JSON nested deeper than its guard can walk (within the size limit) as nested too deeply', async () => {
    const deep = `${'['.repeat(8000)}${']'.repeat(8000)}`;
    expect(answer(await send({ body: deep }))).toEqual(refusal('nested too deeply', 'too_deep'));
  });
});

describe('httpHandler chain: text that is not well-formed is refused, never altered', () => {
  it('answers 400 invalid_utf8 for bytes that are no UTF-8, before parsing; valid UTF-8 in base64 passes', async () => {
    const bytes = Buffer.concat([Buffer.from('{"note":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    expect(answer(await send({ body: bytes.toString('base64'), base64: true }))).toEqual({
      statusCode: 400,
      body: {
        error: 'ValidationError',
        message: 'Invalid request body: not valid UTF-8',
        issues: [{ path: '(body)', message: 'not valid UTF-8', code: 'invalid_utf8' }],
      },
    });
    expect(run).not.toHaveBeenCalled();
    const text = Buffer.from('{"note":"Grüße 👋"}').toString('base64');
    expect(answer(await send({ body: text, base64: true })).statusCode).toBe(200);
    expect(run.mock.calls[0]?.[0].body).toEqual({ note: 'Grüße 👋' });
  });

  it('answers 400 invalid_unicode naming the field of a lone surrogate (a JSON \\ud800 escape), in a value or a key', async () => {
    const refused = (path: string) => ({
      statusCode: 400,
      body: {
        error: 'ValidationError',
        message: `Invalid request body: ${path}: not well-formed Unicode (a lone surrogate)`,
        issues: [{ path, message: 'not well-formed Unicode (a lone surrogate)', code: 'invalid_unicode' }],
      },
    });
    expect(answer(await send({ body: '{"note":"Erika\\ud800"}' }))).toEqual(refused('note'));
    expect(answer(await send({ body: '{"note":"\\udc00 late"}' }))).toEqual(refused('note'));
    expect(answer(await send({ body: '{"note":"x","\\ud83d":1}' }))).toEqual(refused('\ud83d'));
    expect(run).not.toHaveBeenCalled();
    // A surrogate pair is one character: accepted.
    expect(answer(await send({ body: '{"note":"\\ud83d\\udc4b"}' })).statusCode).toBe(200);
  });
});

describe('httpHandler chain: errors', () => {
  it('answers a DomainError below 500 with its name, message and details', async () => {
    run.mockRejectedValueOnce(new NotFoundError('Order ord_1 not found', { orderId: 'ord_1' }));
    expect(answer(await send({ body: '{"note":"hi"}' }))).toEqual({
      statusCode: 404,
      body: { error: 'NotFound', message: 'Order ord_1 not found', orderId: 'ord_1' },
    });
    expect(output.logs().filter((line) => line.level === 'ERROR')).toEqual([]);
  });

  it.each([
    ['an unexpected error', new Error('connect ECONNREFUSED 10.0.0.7:8000 (table orders-prod)')],
    // A library's error carrying an HTTP status is still ours to hide (middy's error handler would show it).
    ['an error carrying statusCode 400', Object.assign(new Error('invalid api key sk_live_123'), { statusCode: 400 })],
  ])('answers %s with a generic 500 and logs it with the correlation keys', async (_what, error) => {
    run.mockImplementationOnce(async () => {
      correlateOrder(logger, 'ord_1');
      throw error;
    });
    const result = await send({ body: '{"note":"hi"}' });
    expect(answer(result)).toEqual({
      statusCode: 500,
      body: { error: 'InternalError', message: 'The request could not be processed; try again later.' },
    });
    expect(result.body).not.toContain(error.message);
    expect(output.logs().find((line) => line.message === 'request failed')).toMatchObject({
      level: 'ERROR',
      orderId: 'ord_1',
      correlation_id: 'ord_1',
      error: expect.objectContaining({ message: error.message }),
    });
  });

  it('forgets the keys of an invocation in the next one (warm start), also after a 500', async () => {
    run.mockImplementationOnce(async () => {
      logger.appendKeys({ cartNote: 'first invocation' });
      throw new Error('boom');
    });
    expect((await send({ body: '{"note":"hi"}' })).statusCode).toBe(500);
    run.mockImplementationOnce(async () => {
      logger.info('second invocation');
      return { statusCode: 200, body: {} };
    });
    await send({ body: '{"note":"hi"}', orderId: 'ord_2' });
    const line = output.logs().find((log) => log.message === 'second invocation');
    expect(line).toMatchObject({ orderId: 'ord_2', correlation_id: 'ord_2' });
    expect(line).not.toHaveProperty('cartNote');
  });
});

describe('httpHandler chain: the trace', () => {
  // Tracing is off outside Lambda; switched on here with no segment, the handler subsegment is not
  // opened and what the middleware records on it is what addErrorAsMetadata is called with.
  const tracer = processTracer();
  let recorded: jest.SpyInstance;
  beforeEach(() => {
    jest.spyOn(tracer, 'isTracingEnabled').mockReturnValue(true);
    jest.spyOn(tracer, 'getSegment').mockReturnValue(undefined);
    jest.spyOn(tracer, 'annotateColdStart').mockImplementation(() => undefined);
    jest.spyOn(tracer, 'addServiceNameAnnotation').mockImplementation(() => undefined);
    jest.spyOn(tracer, 'putAnnotation').mockImplementation(() => undefined);
    recorded = jest.spyOn(tracer, 'addErrorAsMetadata').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('records no error for an answer below 500 (a client mistake is no fault)', async () => {
    run.mockRejectedValueOnce(new NotFoundError('Order ord_1 not found'));
    expect((await send({ body: '{"note":"hi"}' })).statusCode).toBe(404);
    expect((await send({ body: 'not json' })).statusCode).toBe(400);
    expect((await send({ body: oversized })).statusCode).toBe(413);
    expect(recorded).not.toHaveBeenCalled();
  });

  it('records the error of a 500 on the trace', async () => {
    const error = new Error('table unreachable');
    run.mockRejectedValueOnce(error);
    expect((await send({ body: '{"note":"hi"}' })).statusCode).toBe(500);
    expect(recorded).toHaveBeenCalledTimes(1);
    expect(recorded).toHaveBeenCalledWith(error);
  });
});
