/**
 * CORS as an HTTP API applies its configuration
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html): with CORS
 * configured, API Gateway answers preflight `OPTIONS` requests itself (no route, no authorizer),
 * adds the configured CORS headers to responses to an allowed origin, and ignores CORS headers
 * the integration returns.
 */
import type { CorsConfig } from './config';
import type { GatewayResponse } from './response';

/** The origin as CORS answers it: the request's own, `*`, or undefined when it is not allowed. */
function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (cors.allowOrigins.includes(origin)) return origin;
  return cors.allowOrigins.includes('*') ? '*' : undefined;
}

/** Whether the request is a CORS preflight: `OPTIONS` with an `access-control-request-method`. */
export function isPreflight(method: string, headers: Readonly<Record<string, string>>): boolean {
  return method.toUpperCase() === 'OPTIONS' && headers['access-control-request-method'] !== undefined;
}

/** The gateway's answer to a preflight: 204, with the CORS headers when the origin is allowed. */
export function preflightResponse(cors: CorsConfig, headers: Readonly<Record<string, string>>): GatewayResponse {
  const origin = allowedOrigin(cors, headers.origin);
  const out: Record<string, string> = {};
  if (origin !== undefined) {
    out['access-control-allow-origin'] = origin;
    out['access-control-allow-methods'] = cors.allowMethods.join(',');
    if (cors.allowHeaders.length > 0) out['access-control-allow-headers'] = cors.allowHeaders.join(',').toLowerCase();
    if (cors.maxAge !== undefined) out['access-control-max-age'] = String(cors.maxAge);
    if (cors.allowCredentials) out['access-control-allow-credentials'] = 'true';
  }
  return { statusCode: 204, headers: out, body: Buffer.alloc(0) };
}

/** The response with the integration's CORS headers replaced by the configured ones for the request's origin. */
export function withCorsHeaders(
  cors: CorsConfig,
  requestHeaders: Readonly<Record<string, string>>,
  response: GatewayResponse,
): GatewayResponse {
  const headers = Object.fromEntries(
    Object.entries(response.headers).filter(([name]) => !name.toLowerCase().startsWith('access-control-')),
  );
  const origin = allowedOrigin(cors, requestHeaders.origin);
  if (origin !== undefined) {
    headers['access-control-allow-origin'] = origin;
    if (cors.exposeHeaders.length > 0) headers['access-control-expose-headers'] = cors.exposeHeaders.join(',');
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  }
  return { ...response, headers };
}
