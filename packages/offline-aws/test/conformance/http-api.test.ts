/**
 * The local HTTP API against API Gateway's documented behaviour, through the real HTTP server and
 * the local issuer, with a recording function in place of the handlers. The routes, CORS, JWT
 * authorizer, throttling and reviewer role are the package's fixture project's
 * (test/fixtures/http-project, helper http-client.ts). Pages:
 * - JWT authorizer: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 *   and https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
 * - payload format 2.0 and response mapping:
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * - CORS: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 * - throttling: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 * - payload size (10 MB): https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
 */
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { startHttpApi, MAX_PAYLOAD_BYTES, type HttpApi } from '../../src/http-api/server';
import type { HttpApiEvent } from '../../src/http-api/event';
import { startLocalIssuer, type LocalIssuer } from '../../src/identity/issuer';
import type { ServerlessConfig } from '../../src/serverless/config';
import { CapturedLines } from '../../src/testing';
import { configVariant, HTTP_PROJECT_ROOT, send } from './http-client';
import { RequestEntityTooLargeException } from '../../src/lambda/payload-limits';

let issuer: LocalIssuer;
const apis: HttpApi[] = [];
const events: HttpApiEvent[] = [];
/** What the recording function returns next (or throws, when an Error). */
let nextResult: unknown = { statusCode: 200, body: 'ok' };
/** The access log of every API served here: a line per request. */
const said = new CapturedLines();

async function serve(config: ServerlessConfig = configVariant()): Promise<string> {
  const api = await startHttpApi({
    config,
    invoke: (_name, event) => {
      events.push(event as HttpApiEvent);
      if (nextResult instanceof Error) return Promise.reject(nextResult);
      return Promise.resolve(nextResult);
    },
    identity: { issuerUrl: issuer.url, audience: [issuer.audience] },
    print: said.print,
  });
  apis.push(api);
  return api.url;
}

let url: string;
beforeAll(async () => {
  issuer = await startLocalIssuer({ root: HTTP_PROJECT_ROOT });
  url = await serve();
});
afterAll(async () => {
  await Promise.all(apis.map((api) => api.stop()));
  await issuer?.stop();
});
beforeEach(() => {
  events.length = 0;
  nextResult = { statusCode: 200, body: 'ok' };
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'cust_1',
  iss: issuer.url,
  aud: issuer.audience,
  iat: now() - 10,
  exp: now() + 600,
  ...extra,
});
const getItem = (authorization?: string) =>
  send(`${url}/items/item_1`, authorization === undefined ? {} : { headers: { authorization } });

async function expectUnauthorized(authorization: string | undefined, description?: RegExp): Promise<void> {
  const answer = await getItem(authorization);
  expect(answer.status).toBe(401);
  expect(answer.json).toEqual({ message: 'Unauthorized' });
  const challenge = String(answer.headers['www-authenticate']);
  expect(challenge).toMatch(/^Bearer scope="" error="invalid_token" error_description="[^"]+"$/);
  if (description) expect(challenge).toMatch(description);
  expect(events).toHaveLength(0);
}

describe('JWT authorizer (http-api-jwt-authorizer.html)', () => {
  it('accepts a token from the issuer, with or without "Bearer ", and passes its claims as strings', async () => {
    const token = await issuer.mintToken({ sub: 'cust_1', reviewer: true });
    expect((await getItem(`Bearer ${token}`)).status).toBe(200);
    expect((await getItem(token)).status).toBe(200);
    const { claims: passed, scopes } = events[0]?.requestContext.authorizer?.jwt ?? {};
    expect(passed).toMatchObject({
      sub: 'cust_1',
      iss: issuer.url,
      aud: issuer.audience,
      scope: 'openid items/review',
      'cognito:groups': '[reviewers]',
      exp: expect.stringMatching(/^\d+$/),
    });
    expect(scopes).toBeNull();
  });

  it('refuses a request without a token: 401 {"message":"Unauthorized"}, the function not invoked', async () => {
    await expectUnauthorized(undefined);
    await expectUnauthorized('Bearer ');
    await expectUnauthorized('Bearer not.a.jwt');
  });

  it('checks the signature with the issuer key its kid names', async () => {
    const { kid } = decodeProtectedHeader(await issuer.mintToken({ sub: 'cust_1' }));
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', kid }).sign(other.privateKey);
    await expectUnauthorized(`Bearer ${forged}`, /signature/);
    await expectUnauthorized(`Bearer ${await issuer.sign(claims(), { kid: 'unknown-key' })}`);
  });

  it('needs a kid header and an RSA algorithm', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const noKid = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    await expectUnauthorized(`Bearer ${noKid}`, /kid/);
    const hmac = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'k' }).sign(new Uint8Array(32));
    await expectUnauthorized(`Bearer ${hmac}`, /algorithm/);
  });

  it('checks iss, exp, nbf and iat against the current time', async () => {
    await expectUnauthorized(`Bearer ${await issuer.sign(claims({ iss: 'https://elsewhere.example' }))}`, /issuer/);
    await expectUnauthorized(`Bearer ${await issuer.sign(claims({ exp: now() - 1 }))}`, /expired/);
    await expectUnauthorized(`Bearer ${await issuer.sign(claims({ nbf: now() + 600 }))}`, /not valid yet/);
    await expectUnauthorized(`Bearer ${await issuer.sign(claims({ iat: now() + 600 }))}`, /future/);
    await expectUnauthorized(`Bearer ${await issuer.sign(claims({ exp: undefined }))}`);
  });

  it('checks aud, and client_id only when the token has no aud (http-api-troubleshooting-jwt.html)', async () => {
    const documented = /error_description="the token does not have a valid audience"/;
    await expectUnauthorized(`Bearer ${await issuer.sign(claims({ aud: 'another-client' }))}`, documented);
    await expectUnauthorized(
      `Bearer ${await issuer.sign(claims({ aud: 'another-client', client_id: issuer.audience }))}`,
      documented,
    );
    await expectUnauthorized(`Bearer ${await issuer.sign(claims({ aud: undefined }))}`, documented);
    const accessToken = await issuer.sign(claims({ aud: undefined, client_id: issuer.audience }));
    expect((await getItem(`Bearer ${accessToken}`)).status).toBe(200);
    const listed = await issuer.sign(claims({ aud: ['another-client', issuer.audience] }));
    expect((await getItem(`Bearer ${listed}`)).status).toBe(200);
  });

  it('answers 403 {"message":"Forbidden"} when the token holds none of the route\'s authorizationScopes', async () => {
    const scoped = await serve(
      configVariant({
        routes: {
          review: [
            { httpApi: { method: 'POST', path: '/review', authorizer: { name: 'jwt', scopes: ['items/review'] } } },
          ],
        },
      }),
    );
    const customer = await send(`${scoped}/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await issuer.mintToken({ sub: 'cust_1' })}` },
    });
    expect(customer.status).toBe(403);
    expect(customer.json).toEqual({ message: 'Forbidden' });
    expect(customer.headers['www-authenticate']).toMatch(/error="insufficient_scope"/);
    expect(events).toHaveLength(0);
    const reviewer = await send(`${scoped}/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await issuer.sign(claims({ scp: ['openid', 'items/review'] }))}` },
    });
    expect(reviewer.status).toBe(200);
    expect(events[0]?.requestContext.authorizer?.jwt.scopes).toEqual(['openid', 'items/review']);
    expect(events[0]?.requestContext.authorizer?.jwt.claims.scp).toBe('[openid items/review]');
  });
});

describe('payload format 2.0 (http-api-develop-integrations-lambda.html)', () => {
  it('hands the function the documented event', async () => {
    const token = await issuer.mintToken({ sub: 'cust_1' });
    await send(`${url}/items/item%5F1/cancel?reason=changed%20mind&tag=a&tag=b`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'X-Trace': 'one',
        Cookie: 'a=1; b=2',
      },
      body: '{"x":1}',
    });
    const event = events[0] as HttpApiEvent;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /items/{itemId}/cancel',
      rawPath: '/items/item%5F1/cancel',
      rawQueryString: 'reason=changed%20mind&tag=a&tag=b',
      cookies: ['a=1', 'b=2'],
      queryStringParameters: { reason: 'changed mind', tag: 'a,b' },
      pathParameters: { itemId: 'item_1' },
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: 'POST /items/{itemId}/cancel',
        stage: '$default',
        http: { method: 'POST', path: '/items/item%5F1/cancel', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
        time: expect.stringMatching(/^\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000$/),
      },
    });
    expect(event.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-trace': 'one',
    });
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('passes a text body that is not valid UTF-8 base64-encoded, its bytes unaltered (never U+FFFD in their place)', async () => {
    const token = await issuer.mintToken({ sub: 'cust_1' });
    const bytes = Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"n":"\xff\xfe"}
    await send(`${url}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: bytes,
    });
    expect(events.at(-1)).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
    await send(`${url}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"n":"Erika ü"}',
    });
    expect(events.at(-1)).toMatchObject({ isBase64Encoded: false, body: '{"n":"Erika ü"}' });
  });

  it('maps results as API Gateway does: inferred 200 JSON, full responses, 500 for failures', async () => {
    const authorization = `Bearer ${await issuer.mintToken({ sub: 'cust_1' })}`;
    nextResult = { itemId: 'item_1' };
    const inferred = await getItem(authorization);
    expect([inferred.status, inferred.headers['content-type'], inferred.text]).toEqual([
      200,
      'application/json',
      '{"itemId":"item_1"}',
    ]);
    nextResult = { statusCode: 201, headers: { Location: '/items/item_1' }, cookies: ['s=1'], body: 'created' };
    const full = await getItem(authorization);
    expect([full.status, full.headers.location, full.headers['set-cookie'], full.text]).toEqual([
      201,
      '/items/item_1',
      ['s=1'],
      'created',
    ]);
    nextResult = new Error('handler crashed');
    const failed = await getItem(authorization);
    expect([failed.status, failed.json]).toEqual([500, { message: 'Internal Server Error' }]);
  });
});

describe('the access log (not an AWS answer: what the local server prints for people)', () => {
  /** The line of the request that answered with this apigw-requestid header. */
  const lineOf = (answer: { headers: Record<string, string | string[] | undefined> }) =>
    said.lines.filter((line) => line.endsWith(` · ${String(answer.headers['apigw-requestid'])}`));

  it('prints one line per request, rejected ones included, with method, path, status, duration and the error name', async () => {
    const notFound = await send(`${url}/nowhere?secret=1`, { method: 'GET' });
    expect(lineOf(notFound)).toEqual([expect.stringMatching(/^HTTP GET \/nowhere 404 \d+ ms Not Found · [\w-]+$/)]);
    const unauthorized = await send(`${url}/items`, { method: 'POST', body: '{}' });
    expect(lineOf(unauthorized)).toEqual([expect.stringMatching(/^HTTP POST \/items 401 \d+ ms Unauthorized · /)]);
    const token = await issuer.mintToken({ sub: 'cust_1' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    nextResult = { statusCode: 400, body: JSON.stringify({ error: 'ValidationError', message: 'bad' }) };
    const invalid = await send(`${url}/items`, { method: 'POST', headers, body: '{}' });
    expect(lineOf(invalid)).toEqual([expect.stringMatching(/^HTTP POST \/items 400 \d+ ms ValidationError · /)]);
    nextResult = { statusCode: 201, body: '{}' };
    const created = await send(`${url}/items`, { method: 'POST', headers, body: '{}' });
    expect(lineOf(created)).toEqual([expect.stringMatching(/^HTTP POST \/items 201 \d+ ms · /)]);
  });

  it('cuts a long path so that no line passes 200 characters', async () => {
    const answer = await send(`${url}/${'p'.repeat(500)}`, { method: 'GET' });
    const [line] = lineOf(answer);
    expect(line?.length).toBeLessThanOrEqual(200);
    expect(line).toMatch(/^HTTP GET \/p+… 404 /);
  });
});

describe('the gateway answers itself', () => {
  it('404 {"message":"Not Found"} for a request no route matches, before any authorizer', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['DELETE', '/items/item_1'],
      ['GET', '/items'],
    ]) {
      const answer = await send(`${url}${path}`, { method });
      expect([answer.status, answer.json]).toEqual([404, { message: 'Not Found' }]);
    }
  });

  it('413 for a body over 10 MB (http-api-quotas.html), the function not invoked', async () => {
    const token = await issuer.mintToken({ sub: 'cust_1' });
    const answer = await send(`${url}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20),
    });
    expect([answer.status, answer.json]).toEqual([413, { message: 'Request Entity Too Large' }]);
    expect(events).toHaveLength(0);
    const atLimit = await send(`${url}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_PAYLOAD_BYTES, 0x20),
    });
    expect(atLimit.status).toBe(200);
  });

  it('413, not 500, for a body under 10 MB whose event Lambda refuses as over its 6 MB (a deliberate difference: fidelity.md)', async () => {
    const token = await issuer.mintToken({ sub: 'cust_1' });
    nextResult = new RequestEntityTooLargeException(
      '7340032 byte payload is too large for the RequestResponse invocation type',
    );
    const answer = await send(`${url}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: Buffer.alloc(7 * 1024 * 1024, 0x20),
    });
    expect([answer.status, answer.json]).toEqual([413, { message: 'Request Entity Too Large' }]);
    expect(said.lines.at(-1)).toMatch(/^HTTP POST \/items 413 /);
  });

  it('429 {"message":"Too Many Requests"} past the stage burst and rate (http-api-throttling.html)', async () => {
    const throttled = await serve(
      configVariant({ stageSettings: { ThrottlingRateLimit: 0.001, ThrottlingBurstLimit: 2 } }),
    );
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await send(`${throttled}/nowhere`)).status);
    expect(statuses).toEqual([404, 404, 429]);
    expect((await send(`${throttled}/nowhere`)).json).toEqual({ message: 'Too Many Requests' });
  });
});

describe('CORS (http-api-cors.html)', () => {
  const origin = 'http://localhost:3000';

  it('answers a preflight itself, without route or token, with the configured headers', async () => {
    const answer = await send(`${url}/items/item_1/review`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'GET,POST,OPTIONS',
      'access-control-allow-headers': 'authorization,content-type,idempotency-key',
      'access-control-max-age': '600',
    });
    expect(events).toHaveLength(0);
  });

  it('gives a preflight from another origin no CORS headers', async () => {
    const answer = await send(`${url}/items`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("adds the configured headers to responses, replacing the function's own", async () => {
    nextResult = { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: 'ok' };
    const authorization = `Bearer ${await issuer.mintToken({ sub: 'cust_1' })}`;
    const allowed = await send(`${url}/items/item_1`, { headers: { origin, authorization } });
    expect(allowed.headers['access-control-allow-origin']).toBe(origin);
    const other = await send(`${url}/items/item_1`, { headers: { origin: 'https://evil.example', authorization } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
