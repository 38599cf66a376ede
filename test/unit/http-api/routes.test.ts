/**
 * Route selection (packages/offline-aws/src/http-api/routes.ts), as
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html describes it.
 */
import type { HttpRoute } from 'offline-aws/http-api/config';
import { selectRoute } from 'offline-aws/http-api/routes';

const route = (routeKey: string, functionName = routeKey): HttpRoute => {
  const [method = '', path = '*'] = routeKey === '$default' ? ['ANY', '*'] : routeKey.split(' ');
  return { routeKey, method, path, functionName, scopes: [] };
};

const ROUTES = [
  route('POST /orders'),
  route('GET /orders/{orderId}'),
  route('POST /orders/{orderId}/cancel'),
  route('GET /orders/special'),
  route('ANY /orders/special'),
  route('GET /files/{path+}'),
];

const selected = (routes: readonly HttpRoute[], method: string, path: string) => {
  const match = selectRoute(routes, method, path);
  return match && { routeKey: match.route.routeKey, pathParameters: match.pathParameters };
};

describe('selectRoute', () => {
  it('matches literal segments and path variables, URL-decoding the values', () => {
    expect(selected(ROUTES, 'POST', '/orders')).toEqual({ routeKey: 'POST /orders', pathParameters: {} });
    expect(selected(ROUTES, 'GET', '/orders/ord%201')).toEqual({
      routeKey: 'GET /orders/{orderId}',
      pathParameters: { orderId: 'ord 1' },
    });
    expect(selected(ROUTES, 'post', '/orders/ord_1/cancel')?.routeKey).toBe('POST /orders/{orderId}/cancel');
  });

  it('prefers a literal segment to a variable, and a route of the method to ANY', () => {
    expect(selected(ROUTES, 'GET', '/orders/special')?.routeKey).toBe('GET /orders/special');
    expect(selected(ROUTES, 'DELETE', '/orders/special')?.routeKey).toBe('ANY /orders/special');
  });

  it('lets a greedy variable take the rest of the path', () => {
    expect(selected(ROUTES, 'GET', '/files/a/b.txt')).toEqual({
      routeKey: 'GET /files/{path+}',
      pathParameters: { path: 'a/b.txt' },
    });
    expect(selected(ROUTES, 'GET', '/files/')).toBeUndefined();
  });

  it('matches nothing for another method, an empty variable, a longer path or other case', () => {
    expect(selected(ROUTES, 'GET', '/orders')).toBeUndefined();
    expect(selected(ROUTES, 'GET', '/orders/')).toBeUndefined();
    expect(selected(ROUTES, 'GET', '/orders/ord_1/extra')).toBeUndefined();
    expect(selected(ROUTES, 'POST', '/Orders')).toBeUndefined();
  });

  it('falls back to $default when nothing else matches', () => {
    expect(selected([...ROUTES, route('$default', 'fallback')], 'GET', '/nowhere')?.routeKey).toBe('$default');
  });
});
