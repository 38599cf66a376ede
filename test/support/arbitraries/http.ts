/** HTTP requests a route must reject, and the API Gateway events that carry them. */
import type { APIGatewayProxyEventV2 as HttpEvent } from 'aws-lambda';
import fc from 'fast-check';
import { apiGatewayEvent, customerClaims } from 'offline-aws/http-api/event-spec';
import { reviewerClaims } from '../../../tools/offline/identity';
import { LIMITS } from '../../../services/shared/schemas';
import { FORMATS, isRecord, orderIdArb } from './formats';
import { malformedOrderIdArb } from './near-misses';
import { ABSENT, BrokenInput } from './broken-input';
import type { InputSpec } from './spec';
import { createOrderBody, submitReviewBody } from './http-bodies';
import { notJsonTextArb, toJsonText } from './json-text';
import { type MalformedCase, malformedCases, malformedInput } from './malformed';

/** What varies between generated requests to one route. */
export interface HttpCase {
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  /** Absent: the event has no pathParameters at all. */
  pathParameters?: Record<string, string>;
}

/** JSON text nested `depth` levels deep: arrays (not an object) or objects without any required field. */
const deepJsonTextArb = fc
  .tuple(fc.integer({ min: 50, max: 8000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** The body as the shared middleware reads it: missing, too large, not JSON, or a JSON value. */
type DecodedBody = { kind: 'missing' } | { kind: 'tooLarge' } | { kind: 'notJson' } | { kind: 'json'; value: unknown };

function decodeBody(request: HttpCase): DecodedBody {
  if (request.body === undefined || request.body === '') return { kind: 'missing' };
  const text = request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
  if (Buffer.byteLength(text, 'utf8') > LIMITS.maxBodyBytes) return { kind: 'tooLarge' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { kind: 'notJson' };
  }
}

/** The status a rejected request must get: 413 when its body is over the limit (checked first), else 400. */
export const expectedStatus = (request: HttpCase): 400 | 413 => (decodeBody(request).kind === 'tooLarge' ? 413 : 400);

/** Every way of breaking a JSON body described by `input`, as requests (one case per field and rule). */
export const malformedBodyCases = (input: InputSpec): MalformedCase<HttpCase>[] =>
  malformedCases(input, { json: true }).map((c) => ({
    label: `body ${c.label}`,
    arbitrary: c.arbitrary.map((broken) => broken.within<HttpCase>({ body: toJsonText(broken.input) }, 'body')),
  }));

/** A request whose body is what is wrong. */
const badBody = (mutation: string, request: HttpCase): BrokenInput<HttpCase> =>
  new BrokenInput(request, 'body', mutation, request.body);

/** Request bodies a route whose body is described by `input` must reject. */
function malformedBodyArb(input: InputSpec): fc.Arbitrary<BrokenInput<HttpCase>> {
  return fc.oneof(
    {
      weight: 8,
      arbitrary: malformedInput(input, { json: true }).map((broken) =>
        broken.within<HttpCase>({ body: toJsonText(broken.input) }, 'body'),
      ),
    },
    { weight: 1, arbitrary: notJsonTextArb(input.valid).map((body) => badBody('not JSON', { body })) },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 3 })
        .filter((value) => !isRecord(value))
        .map((value) => badBody('JSON but not an object', { body: JSON.stringify(value) })),
    },
    { weight: 1, arbitrary: deepJsonTextArb.map((body) => badBody('deeply nested JSON', { body })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<HttpCase>({}, { body: '' }, { body: ' ' }, { body: 'null' }, { body: '{}' })
        .map((request) => badBody('missing, blank, null or {}', request)),
    },
    {
      weight: 1,
      // valid JSON, even a valid body, padded past the size limit: refused before it is parsed
      arbitrary: fc.tuple(input.valid, fc.integer({ min: 1, max: 4096 })).map(([v, extra]) => {
        const text = JSON.stringify(v);
        const padding = ' '.repeat(Math.max(0, LIMITS.maxBodyBytes - Buffer.byteLength(text)) + extra);
        return badBody(`over ${LIMITS.maxBodyBytes} bytes`, { body: `${text}${padding}` });
      }),
    },
    {
      weight: 1,
      // base64-encoded bodies (as API Gateway passes binary payloads)
      arbitrary: fc
        .oneof(
          notJsonTextArb(input.valid).map((text) => new BrokenInput(text, '', 'not JSON')),
          malformedInput(input, { json: true, scratch: false }).map((b) => b.within(toJsonText(b.input) ?? '')),
        )
        .map((broken) =>
          broken.within<HttpCase>(
            { body: Buffer.from(broken.input, 'utf8').toString('base64'), isBase64Encoded: true },
            'body',
            'base64-encoded',
          ),
        ),
    },
  );
}

export interface HttpRouteSpec {
  functionName: 'createOrder' | 'submitReview' | 'getOrder' | 'cancelOrder';
  method: 'GET' | 'POST';
  route: string;
  /** The verified JWT claims API Gateway passes (a customer, or a reviewer for the review route). */
  claims: Record<string, string>;
  /** Requests the route must reject (with what is wrong in them). */
  malformed: fc.Arbitrary<BrokenInput<HttpCase>>;
}

/** Path parameters an `/orders/{orderId}` route must reject (API Gateway passes them as strings). */
const badPathArb: fc.Arbitrary<BrokenInput<HttpCase>> = fc.oneof(
  {
    weight: 8,
    arbitrary: malformedOrderIdArb.map(
      (orderId) =>
        new BrokenInput(
          { pathParameters: { orderId } },
          'pathParameters.orderId',
          'not ord_ + 32 lowercase letters or digits',
          orderId,
        ),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<HttpCase>({}, { pathParameters: {} })
      .map((request) => new BrokenInput(request, 'pathParameters.orderId', 'missing', ABSENT)),
  },
  {
    weight: 1,
    arbitrary: orderIdArb.map(
      (id) => new BrokenInput({ pathParameters: { id } }, 'pathParameters.orderId', 'missing (an id named id)', ABSENT),
    ),
  },
);

const badIdempotencyKeyArb = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.integer({ min: 101, max: 3000 }).map((n) => 'k'.repeat(n)),
    fc.constantFrom('has spaces', 'key/with/slashes', 'ключ', 'key\u0000', 'a;b', '*'),
  )
  .filter((key) => !FORMATS.idempotencyKey.test(key));

export const httpRoutes: Record<HttpRouteSpec['functionName'], HttpRouteSpec> = {
  createOrder: {
    functionName: 'createOrder',
    method: 'POST',
    route: '/orders',
    claims: customerClaims('customer-1'),
    malformed: fc.oneof(
      { weight: 9, arbitrary: malformedBodyArb(createOrderBody) },
      {
        weight: 1,
        // a valid body with a malformed Idempotency-Key header
        arbitrary: fc
          .tuple(createOrderBody.valid, badIdempotencyKeyArb)
          .map(
            ([body, key]) =>
              new BrokenInput<HttpCase>(
                { body: JSON.stringify(body), headers: { 'Idempotency-Key': key } },
                'headers.Idempotency-Key',
                'not 1-100 letters, digits, _ or -',
                key,
              ),
          ),
      },
    ),
  },
  submitReview: {
    functionName: 'submitReview',
    method: 'POST',
    route: '/orders/{orderId}/review',
    claims: reviewerClaims('reviewer-1'),
    malformed: fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(malformedBodyArb(submitReviewBody), orderIdArb)
          .map(([broken, orderId]) => broken.within({ ...broken.input, pathParameters: { orderId } })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(submitReviewBody.valid, badPathArb)
          .map(([body, broken]) => broken.within({ body: JSON.stringify(body), ...broken.input })),
      },
    ),
  },
  getOrder: {
    functionName: 'getOrder',
    method: 'GET',
    route: '/orders/{orderId}',
    claims: customerClaims('customer-1'),
    malformed: badPathArb,
  },
  cancelOrder: {
    functionName: 'cancelOrder',
    method: 'POST',
    route: '/orders/{orderId}/cancel',
    claims: customerClaims('customer-1'),
    malformed: badPathArb,
  },
};

/** The API Gateway (HTTP API, payload 2.0) event for one request to a route, with the route's verified claims. */
export function httpEvent(route: Pick<HttpRouteSpec, 'method' | 'route' | 'claims'>, request: HttpCase): HttpEvent {
  const event = apiGatewayEvent({
    method: route.method,
    route: route.route,
    claims: route.claims,
    ...(request.pathParameters === undefined ? {} : { pathParameters: request.pathParameters }),
    ...(request.headers === undefined ? {} : { headers: request.headers }),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  return { ...event, isBase64Encoded: request.isBase64Encoded ?? false };
}
