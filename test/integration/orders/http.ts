import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** An API Gateway HTTP API (payload v2) event for the orders routes, with the JWT authorizer's claims if any. */
export function httpEvent(
  routeKey: string,
  pathParameters?: Record<string, string>,
  body?: unknown,
  headers: Record<string, string> = {},
  claims?: Record<string, string>,
): APIGatewayProxyEventV2 {
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const path = template.replace('{orderId}', pathParameters?.orderId ?? '');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'integration',
      routeKey,
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600800000,
      ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
    },
    isBase64Encoded: false,
    ...(pathParameters ? { pathParameters } : {}),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

export interface JsonResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
}

export function json(result: APIGatewayProxyStructuredResultV2): JsonResponse {
  return {
    statusCode: result.statusCode ?? 0,
    headers: (result.headers ?? {}) as Record<string, unknown>,
    body: JSON.parse(result.body ?? 'null') as Record<string, unknown>,
  };
}
