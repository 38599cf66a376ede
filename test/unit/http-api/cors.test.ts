/** CORS headers of packages/offline-aws/src/http-api/cors.ts for configurations the project's stage does not use. */
import type { CorsConfig } from 'offline-aws/http-api/config';
import { isPreflight, preflightResponse, withCorsHeaders } from 'offline-aws/http-api/cors';

const cors: CorsConfig = {
  allowOrigins: ['*'],
  allowHeaders: ['Authorization'],
  allowMethods: ['GET'],
  exposeHeaders: ['x-request-id'],
  allowCredentials: true,
};

it('tells a preflight by its method and access-control-request-method', () => {
  expect(isPreflight('options', { 'access-control-request-method': 'GET' })).toBe(true);
  expect(isPreflight('OPTIONS', {})).toBe(false);
  expect(isPreflight('GET', { 'access-control-request-method': 'GET' })).toBe(false);
});

it('answers any origin with * and sends credentials and exposed headers as configured', () => {
  expect(preflightResponse(cors, { origin: 'https://a.example' }).headers).toEqual({
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET',
    'access-control-allow-headers': 'authorization',
    'access-control-allow-credentials': 'true',
  });
  const response = withCorsHeaders(
    cors,
    { origin: 'https://a.example' },
    {
      statusCode: 200,
      headers: { 'Access-Control-Max-Age': '1', 'content-type': 'text/plain' },
      body: Buffer.alloc(0),
    },
  );
  expect(response.headers).toEqual({
    'content-type': 'text/plain',
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'x-request-id',
    'access-control-allow-credentials': 'true',
  });
});

it('adds nothing for a request without an Origin', () => {
  const response = withCorsHeaders(cors, {}, { statusCode: 200, headers: {}, body: Buffer.alloc(0) });
  expect(response.headers).toEqual({});
});
