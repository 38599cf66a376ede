/**
 * The HTTP API read from serverless.yml (packages/offline-aws/src/http-api/config.ts): routes from the functions'
 * `httpApi` events, provider.httpApi's CORS and JWT authorizer, the stage's throttling.
 */
import { httpApiConfig } from 'offline-aws/http-api/config';
import { loadServerlessConfig, type ServerlessConfig } from 'offline-aws/serverless/config';

const project = () => loadServerlessConfig({ stage: 'dev' });

/** The project's configuration with other functions and provider.httpApi. */
function variant(
  functions: Record<string, unknown[]>,
  httpApi: unknown = project().provider.httpApi,
): ServerlessConfig {
  const base = project();
  return {
    ...base,
    provider: { ...base.provider, httpApi: httpApi as never },
    functions: Object.fromEntries(
      Object.entries(functions).map(([name, events]) => [
        name,
        { ...(base.functions.getOrder as ServerlessConfig['functions'][string]), name, events: events as never },
      ]),
    ),
  };
}

describe('httpApiConfig of the project', () => {
  const api = httpApiConfig(project());

  it('has one route per httpApi event, each with the jwt authorizer and no scopes', () => {
    expect(api.routes.map((route) => [route.routeKey, route.functionName, route.authorizer, route.scopes])).toEqual([
      ['POST /orders', 'createOrder', 'jwt', []],
      ['GET /orders/{orderId}', 'getOrder', 'jwt', []],
      ['POST /orders/{orderId}/cancel', 'cancelOrder', 'jwt', []],
      ['POST /orders/{orderId}/review', 'submitReview', 'jwt', []],
    ]);
  });

  it('has the stage JWT authorizer, CORS and throttling', () => {
    expect(api.authorizers).toEqual({
      jwt: {
        name: 'jwt',
        identitySource: '$request.header.Authorization',
        issuerUrl: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE',
        audience: ['example-app-client-id'],
      },
    });
    expect(api.cors).toEqual({
      allowOrigins: ['http://localhost:3000'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      exposeHeaders: [],
      allowCredentials: false,
      maxAge: 600,
    });
    expect(api.throttling).toEqual({ rateLimit: 50, burstLimit: 100 });
  });
});

describe('httpApiConfig', () => {
  it('reads string events, authorizer scopes and `cors: true`', () => {
    const api = httpApiConfig(
      variant(
        {
          a: [{ httpApi: 'GET /a' }],
          b: [{ httpApi: { method: 'post', path: '/b', authorizer: { name: 'jwt', scopes: ['orders/review'] } } }],
          c: [{ httpApi: '*' }],
        },
        { cors: true, authorizers: { jwt: { issuerUrl: 'https://issuer', audience: 'aud' } } },
      ),
    );
    expect(api.routes.map((route) => [route.routeKey, route.authorizer, route.scopes])).toEqual([
      ['GET /a', undefined, []],
      ['POST /b', 'jwt', ['orders/review']],
      ['$default', undefined, []],
    ]);
    expect(api.authorizers.jwt?.audience).toEqual(['aud']);
    expect(api.cors?.allowOrigins).toEqual(['*']);
  });

  it('refuses what it cannot serve as API Gateway would, naming it', () => {
    expect(() => httpApiConfig(variant({ a: [{ httpApi: 'GET /a' }] }, { payload: '1.0' }))).toThrow(/payload is 1.0/);
    expect(() =>
      httpApiConfig(variant({ a: [{ httpApi: { method: 'GET', path: '/a', authorizer: { name: 'missing' } } }] })),
    ).toThrow(/authorizer "missing" is not in provider.httpApi.authorizers/);
    expect(() => httpApiConfig(variant({ a: [{ httpApi: 'GET /a' }], b: [{ httpApi: 'GET /a' }] }))).toThrow(
      /route GET \/a is served by both a and b/,
    );
    expect(() =>
      httpApiConfig(variant({}, { authorizers: { custom: { type: 'request', issuerUrl: 'x', audience: 'y' } } })),
    ).toThrow(/only JWT authorizers/);
    expect(() => httpApiConfig(variant({ a: [{ httpApi: 'GET' }] }))).toThrow(/is not "<METHOD> <path>"/);
  });
});
