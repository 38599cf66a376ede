/**
 * API Gateway HTTP API (payload 2.0) events, as the gateway hands them to a function: used by the
 * scenario driver and tests to call the HTTP handlers exactly as AWS would, including the claims of
 * the token the JWT authorizer verified (`requestContext.authorizer.jwt.claims`). The local HTTP API
 * that `npm start` serves builds its events from real requests in src/http-api/event.ts.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requestTime } from './event';

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  /** Route key path, e.g. `/orders/{orderId}/cancel`. */
  route: string;
  pathParameters?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Verified JWT claims (see `customerClaims`, `reviewerClaims`); without them the request is anonymous. */
  claims?: Record<string, string>;
}

/** The issuer and audience serverless.yml configures by default (params.default); local tokens carry them. */
export const LOCAL_JWT_ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE';
export const LOCAL_JWT_AUDIENCE = 'example-app-client-id';

export interface ClaimsSpec {
  sub: string;
  username?: string;
  email?: string;
  /** OAuth scopes (the `scope` claim, space separated). */
  scopes?: readonly string[];
  /** Cognito groups (`cognito:groups`). */
  groups?: readonly string[];
}

/**
 * The claims of a Cognito access token as API Gateway's JWT authorizer passes them to the function:
 * every value is a string (numbers too), and an array claim is flattened to `"[a b]"`.
 */
export function jwtClaims(spec: ClaimsSpec, now = new Date()): Record<string, string> {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    sub: spec.sub,
    iss: LOCAL_JWT_ISSUER,
    aud: LOCAL_JWT_AUDIENCE,
    client_id: LOCAL_JWT_AUDIENCE,
    token_use: 'access',
    scope: ['openid', ...(spec.scopes ?? [])].join(' '),
    auth_time: String(iat),
    iat: String(iat),
    exp: String(iat + 3600),
    jti: randomUUID(),
    username: spec.username ?? spec.sub,
    ...(spec.email === undefined ? {} : { email: spec.email }),
    ...(spec.groups && spec.groups.length > 0 ? { 'cognito:groups': `[${spec.groups.join(' ')}]` } : {}),
  };
}

/** A plain user's token (the `openid` scope only). */
export const customerClaims = (sub: string): Record<string, string> => jwtClaims({ sub });

export function apiGatewayEvent(spec: HttpRequestSpec): APIGatewayProxyEventV2 {
  const rawPath = spec.route.replace(/\{(\w+)\}/g, (_, name: string) => spec.pathParameters?.[name] ?? '');
  const routeKey = `${spec.method} ${spec.route}`;
  const now = new Date();
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'localhost', ...spec.headers },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: spec.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'order-processing-local',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (spec.claims) Object.assign(event.requestContext, { authorizer: { jwt: { claims: spec.claims, scopes: null } } });
  if (spec.pathParameters) event.pathParameters = spec.pathParameters;
  if (spec.body !== undefined) event.body = typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  return event;
}
