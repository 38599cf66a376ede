import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { customerClaims } from 'offline-aws/http-api/event-spec';
import type { Caller } from '../../../services/orders/domain/access';
import type { Order } from '../../../services/orders/schemas';

export const NOW = '2026-11-25T10:00:00.000Z';
export const LATER = '2026-11-25T10:05:00.000Z';

export const orderId = (n: number): string => `ord_${String(n).padStart(32, '0')}`;

/** The customer of `anOrder()`. */
export const CUSTOMER = 'cust_0001';

/** A customer as `callerFromClaims` makes them: no scopes, no groups. */
export const customer = (sub = CUSTOMER): Caller => ({ sub, username: sub, scopes: ['openid'], groups: [] });

/** A reviewer (by scope), who is not the customer of `anOrder()`. */
export const reviewer = (overrides: Partial<Caller> = {}): Caller => ({
  sub: 'rev_0001',
  username: 'ana.lima',
  email: 'ana.lima@example.com',
  scopes: ['openid', 'orders/review'],
  groups: [],
  ...overrides,
});

/** A stored order; override what the test is about. */
export function anOrder(overrides: Partial<Order> = {}): Order {
  return {
    orderId: orderId(1),
    customerId: 'cust_0001',
    status: 'PENDING',
    items: [
      { sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 },
      { sku: 'SKU-MOUSE', quantity: 2, unitPrice: 2999 },
    ],
    total: { amount: 14997, currency: 'EUR' },
    paymentToken: 'tok_visa',
    shippingAddress: {
      name: 'Erika Mustermann',
      line1: 'Heidestrasse 17',
      city: 'Köln',
      postalCode: '51147',
      country: 'DE',
    },
    fulfilmentWindowSeconds: 300,
    requiresReview: false,
    createdAt: '2026-11-25T09:00:00.000Z',
    updatedAt: '2026-11-25T09:00:00.000Z',
    history: [{ status: 'PENDING', at: '2026-11-25T09:00:00.000Z' }],
    ...overrides,
  };
}

export interface HttpEventInput {
  routeKey: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  /** Verified JWT claims; by default those of the customer of `anOrder()`; `null` for none (anonymous). */
  claims?: Record<string, string> | null;
}

/** An API Gateway HTTP API (payload v2) event, with the claims of the JWT authorizer. */
export function httpEvent(input: HttpEventInput): APIGatewayProxyEventV2 {
  const [method = 'GET'] = input.routeKey.split(' ');
  const claims = input.claims === undefined ? customerClaims(CUSTOMER) : input.claims;
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...input.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey: input.routeKey,
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600800000,
      ...(claims === null ? {} : { authorizer: { jwt: { claims, scopes: null } } }),
    },
    isBase64Encoded: false,
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    ...(input.rawBody !== undefined
      ? { body: input.rawBody }
      : input.body !== undefined
        ? { body: JSON.stringify(input.body) }
        : {}),
  };
}

/** The parsed JSON body of an HTTP handler result. */
export function bodyOf(result: { body?: string }): Record<string, unknown> {
  return JSON.parse(result.body ?? 'null') as Record<string, unknown>;
}
