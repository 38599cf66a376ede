/**
 * An HTTP request as API Gateway hands it to a Lambda function with payload format 2.0
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
 * header names lower-cased and repeated headers joined with commas, the `Cookie` headers split
 * into `cookies`, `rawPath` and `rawQueryString` as received, repeated query parameters joined
 * with commas, the route's path variables in `pathParameters`, `requestContext.http`, the
 * route key, and the verified JWT claims in `requestContext.authorizer.jwt`.
 */
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { RouteMatch } from './routes';

/** The request as the local server received it. */
export interface ReceivedRequest {
  method: string;
  /** The request target: path and query string as sent, e.g. `/orders?limit=2`. */
  target: string;
  /** Header names and values in the order received (node's `rawHeaders`: name, value, name, …). */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  protocol?: string;
}

/** What the JWT authorizer passes: the flattened claims and the scopes (null when the route has none). */
export interface JwtAuthorizerContext {
  claims: Record<string, string>;
  scopes: string[] | null;
}

export interface EventContext {
  accountId: string;
  apiId: string;
  authorizer?: JwtAuthorizerContext;
  requestId?: string;
  now?: Date;
}

export type HttpApiEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: { jwt: JwtAuthorizerContext };
  };
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time`: `12/Mar/2020:19:03:58 +0000` (UTC). */
export function requestTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

/** Header names lower-cased, repeated headers joined with `,`; the cookies apart, one per entry. */
export function headersOf(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter((cookie) => cookie !== ''),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { headers, cookies };
}

function decodeQueryPart(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** `a=1&a=2&b` → `{ a: '1,2', b: '' }`; undefined for an empty query string. */
export function queryParametersOf(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const name = decodeQueryPart(separator < 0 ? pair : pair.slice(0, separator));
    const value = separator < 0 ? '' : decodeQueryPart(pair.slice(separator + 1));
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/**
 * Whether a body of this content type reaches the function as text. API Gateway does not document
 * the list for HTTP APIs; JSON, XML, JavaScript and `text/*` arrive as text here, everything else
 * (including forms and requests without a content type) base64-encoded with `isBase64Encoded`.
 */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    /^application\/([\w.-]+\+)?(json|xml)$/.test(type) ||
    type === 'application/javascript' ||
    type === 'application/graphql'
  );
}

/** The payload 2.0 event for a request that `match` routed. */
export function httpApiEvent(request: ReceivedRequest, match: RouteMatch, context: EventContext): HttpApiEvent {
  const queryStart = request.target.indexOf('?');
  const rawPath = queryStart < 0 ? request.target : request.target.slice(0, queryStart);
  const rawQueryString = queryStart < 0 ? '' : request.target.slice(queryStart + 1);
  const { headers, cookies } = headersOf(request.rawHeaders);
  const now = context.now ?? new Date();
  // The domain name without the port (a deployed API is on 443 and its domainName has none).
  const host = (headers.host ?? '127.0.0.1').replace(/:\d+$/, '');
  const queryStringParameters = queryParametersOf(rawQueryString);
  const event: HttpApiEvent = {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...(context.authorizer ? { authorizer: { jwt: context.authorizer } } : {}),
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: request.protocol ?? 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId ?? randomUUID(),
      routeKey: match.route.routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  } as HttpApiEvent;
  if (Object.keys(match.pathParameters).length > 0) event.pathParameters = match.pathParameters;
  if (request.body.length > 0) {
    // A text body that is not valid UTF-8 cannot be a JSON string without losing bytes (decoding
    // would put U+FFFD in their place): it goes base64-encoded, as a binary body does, unaltered.
    const text = isTextContentType(headers['content-type']) && isUtf8(request.body);
    event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
}
