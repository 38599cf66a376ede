/**
 * API Gateway HTTP API (payload 2.0) events, as the gateway hands them to a function: used by the
 * scenario driver and tests to call the HTTP handlers exactly as AWS would.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  /** Route key path, e.g. `/orders/{orderId}/cancel`. */
  route: string;
  pathParameters?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

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
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (spec.pathParameters) event.pathParameters = spec.pathParameters;
  if (spec.body !== undefined) event.body = typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  return event;
}
