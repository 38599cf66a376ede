/**
 * From a Lambda result to the HTTP response, as an HTTP API with payload format 2.0 does it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html,
 * "Lambda function response for format 2.0"), and the gateway's own answers (`{"message": …}`).
 */

export interface GatewayResponse {
  statusCode: number;
  /** Header name (lower-case) → value; `set-cookie` may repeat. */
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** The gateway's own answers: status and the `message` of its JSON body. */
export const GATEWAY_MESSAGES = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as const;

export type GatewayStatus = keyof typeof GATEWAY_MESSAGES;

/** `{"message":"Not Found"}` and its status, with `extraHeaders` (e.g. `www-authenticate`). */
export function gatewayResponse(statusCode: GatewayStatus, extraHeaders: Record<string, string> = {}): GatewayResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...extraHeaders },
    body: Buffer.from(JSON.stringify({ message: GATEWAY_MESSAGES[statusCode] })),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const scalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * The response for a function's result. With a `statusCode`, the result says it all: `statusCode`
 * (an integer 100–599), `headers`, `cookies` (each a `set-cookie` header), `body` (a string,
 * base64 when `isBase64Encoded`). Without one, API Gateway infers the format: status 200,
 * `content-type: application/json`, the result as the body (a string as it is, anything else as
 * JSON). A malformed result (a bad status, a non-string body, a non-scalar header value) is the
 * gateway's 500 `{"message":"Internal Server Error"}`, as AWS answers an integration response it
 * cannot map.
 */
export function integrationResponse(result: unknown): GatewayResponse {
  if (!isObject(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded = false } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return gatewayResponse(500);
  }
  if (
    !isObject(headers) ||
    !Array.isArray(cookies) ||
    (body !== undefined && body !== null && typeof body !== 'string')
  ) {
    return gatewayResponse(500);
  }
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!scalar(value)) return gatewayResponse(500);
    out[name.toLowerCase()] = String(value);
  }
  const setCookies = cookies.filter((cookie): cookie is string => typeof cookie === 'string');
  if (setCookies.length > 0) out['set-cookie'] = setCookies;
  const text = typeof body === 'string' ? body : '';
  return {
    statusCode,
    headers: out,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text),
  };
}
