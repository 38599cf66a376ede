/**
 * API Gateway HTTP API (payload 2.0) events, as the gateway hands them to a function: used by the
 * scenario driver and tests to call the HTTP handlers exactly as AWS would, including the claims of
 * the token the JWT authorizer verified (`requestContext.authorizer.jwt.claims`). Built by the same
 * code as the local HTTP API's events from real requests (event.ts).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { accessTokenClaims, type AccessTokenSpec } from '../identity/tokens';
import { flattenClaims } from './claims';
import { httpApiEvent } from './event';

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

/** Whose token: `sub`, `username`, `email`, `scopes`, `groups` (identity/tokens.ts AccessTokenSpec). */
export type ClaimsSpec = Omit<AccessTokenSpec, 'expiresInSeconds'>;

/**
 * The claims of a Cognito access token (identity/tokens.ts accessTokenClaims, valid an hour) as
 * API Gateway's JWT authorizer passes them to the function (http-api/claims.ts): every value a
 * string, numbers too, and an array claim flattened to `"[a b]"`.
 */
export function jwtClaims(spec: ClaimsSpec, now = new Date()): Record<string, string> {
  return flattenClaims(
    accessTokenClaims(
      { ...spec, expiresInSeconds: 3600 },
      { issuer: LOCAL_JWT_ISSUER, audience: LOCAL_JWT_AUDIENCE },
      now,
    ),
  );
}

/** A plain user's token (the `openid` scope only). */
export const customerClaims = (sub: string): Record<string, string> => jwtClaims({ sub });

/**
 * The event API Gateway would hand the route's function for `spec` (http-api/event.ts builds it,
 * as for a request the local HTTP API received), the claims as its JWT authorizer passes them.
 */
export function apiGatewayEvent(spec: HttpRequestSpec): APIGatewayProxyEventV2 {
  const rawPath = spec.route.replace(/\{(\w+)\}/g, (_, name: string) => spec.pathParameters?.[name] ?? '');
  const routeKey = `${spec.method} ${spec.route}`;
  const headers = {
    'content-type': 'application/json',
    host: 'localhost',
    'user-agent': 'offline-aws',
    ...spec.headers,
  };
  const body = spec.body === undefined ? '' : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  return httpApiEvent(
    {
      method: spec.method,
      target: rawPath,
      rawHeaders: Object.entries(headers).flat(),
      body: Buffer.from(body),
      sourceIp: '127.0.0.1',
    },
    {
      route: { routeKey, method: spec.method, path: spec.route, functionName: '', scopes: [] },
      pathParameters: spec.pathParameters ?? {},
    },
    {
      accountId: '000000000000',
      apiId: 'local',
      ...(spec.claims ? { authorizer: { claims: spec.claims, scopes: null } } : {}),
    },
  );
}
