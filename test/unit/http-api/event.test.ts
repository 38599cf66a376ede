/**
 * The payload 2.0 event built from a received request (packages/offline-aws/src/http-api/event.ts), field by field as
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * shows it.
 */
import type { HttpRoute } from 'offline-aws/http-api/config';
import {
  headersOf,
  httpApiEvent,
  isTextContentType,
  queryParametersOf,
  requestTime,
  type ReceivedRequest,
} from 'offline-aws/http-api/event';

const route: HttpRoute = {
  routeKey: 'GET /orders/{orderId}',
  method: 'GET',
  path: '/orders/{orderId}',
  functionName: 'getOrder',
  authorizer: 'jwt',
  scopes: [],
};

const request = (overrides: Partial<ReceivedRequest> = {}): ReceivedRequest => ({
  method: 'get',
  target: '/orders/ord_1?expand=history&tag=a&tag=b%20c',
  rawHeaders: [
    'Host',
    '127.0.0.1:4000',
    'User-Agent',
    'curl/8.5.0',
    'X-Custom',
    'one',
    'x-custom',
    'two',
    'Cookie',
    'session=abc; theme=dark',
  ],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  ...overrides,
});

describe('headersOf', () => {
  it('lower-cases names, joins repeated headers with commas and takes the cookies apart', () => {
    expect(headersOf(request().rawHeaders)).toEqual({
      headers: { host: '127.0.0.1:4000', 'user-agent': 'curl/8.5.0', 'x-custom': 'one,two' },
      cookies: ['session=abc', 'theme=dark'],
    });
  });
});

describe('queryParametersOf', () => {
  it('decodes the parameters and joins repeated ones with commas', () => {
    expect(queryParametersOf('a=1&a=2&b=x%2By&c&d=e+f')).toEqual({ a: '1,2', b: 'x+y', c: '', d: 'e f' });
    expect(queryParametersOf('')).toBeUndefined();
  });
});

describe('requestTime', () => {
  it('is the access-log time format in UTC', () => {
    expect(requestTime(new Date(Date.UTC(2020, 2, 4, 19, 3, 58)))).toBe('04/Mar/2020:19:03:58 +0000');
  });
});

describe('isTextContentType', () => {
  it('treats JSON, XML and text as text, the rest as binary', () => {
    expect(isTextContentType('application/json; charset=utf-8')).toBe(true);
    expect(isTextContentType('application/problem+json')).toBe(true);
    expect(isTextContentType('text/plain')).toBe(true);
    expect(isTextContentType('application/octet-stream')).toBe(false);
    expect(isTextContentType(undefined)).toBe(false);
  });
});

describe('httpApiEvent', () => {
  const now = new Date(Date.UTC(2026, 10, 29, 12, 0, 0));
  const claims = { sub: 'cust_1', scope: 'openid' };

  it('builds the whole event of a routed, authorized request', () => {
    const event = httpApiEvent(
      request(),
      { route, pathParameters: { orderId: 'ord_1' } },
      { accountId: '000000000000', apiId: 'local', requestId: 'req-1', now, authorizer: { claims, scopes: null } },
    );
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'GET /orders/{orderId}',
      rawPath: '/orders/ord_1',
      rawQueryString: 'expand=history&tag=a&tag=b%20c',
      cookies: ['session=abc', 'theme=dark'],
      headers: { host: '127.0.0.1:4000', 'user-agent': 'curl/8.5.0', 'x-custom': 'one,two' },
      queryStringParameters: { expand: 'history', tag: 'a,b c' },
      pathParameters: { orderId: 'ord_1' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: { jwt: { claims, scopes: null } },
        domainName: '127.0.0.1',
        domainPrefix: '127',
        http: {
          method: 'GET',
          path: '/orders/ord_1',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8.5.0',
        },
        requestId: 'req-1',
        routeKey: 'GET /orders/{orderId}',
        stage: '$default',
        time: '29/Nov/2026:12:00:00 +0000',
        timeEpoch: now.getTime(),
      },
      isBase64Encoded: false,
    });
  });

  it('has no cookies, query parameters, path parameters, authorizer or body when the request has none', () => {
    const event = httpApiEvent(
      request({ target: '/orders', rawHeaders: ['Host', 'localhost'] }),
      { route: { ...route, routeKey: 'GET /orders', path: '/orders' }, pathParameters: {} },
      { accountId: '0', apiId: 'local', now },
    );
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('body');
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event.rawQueryString).toBe('');
    expect(event.requestContext.domainName).toBe('localhost');
  });

  it('passes a JSON body as text and a binary one base64-encoded', () => {
    const match = { route, pathParameters: {} };
    const json = httpApiEvent(
      request({ rawHeaders: ['Content-Type', 'application/json'], body: Buffer.from('{"a":"ü"}') }),
      match,
      { accountId: '0', apiId: 'local', now },
    );
    expect(json).toMatchObject({ body: '{"a":"ü"}', isBase64Encoded: false });
    const binary = httpApiEvent(
      request({ rawHeaders: ['Content-Type', 'application/x-www-form-urlencoded'], body: Buffer.from('a=1') }),
      match,
      { accountId: '0', apiId: 'local', now },
    );
    expect(binary).toMatchObject({ body: Buffer.from('a=1').toString('base64'), isBase64Encoded: true });
  });
});
