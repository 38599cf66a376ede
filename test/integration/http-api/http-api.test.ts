/**
 * The HTTP API as `npm start` serves it, end to end: the real server, the local issuer, the real
 * handlers in their execution environments, DynamoDB Local and the state machine. A token from the
 * issuer (through its token endpoint, as `npm run token` gets one) places an order and reads it; a
 * reviewer's token decides a review; what API Gateway refuses never reaches a function.
 */
import { generateKeyPair, SignJWT, decodeProtectedHeader } from 'jose';
import { mintToken } from 'offline-aws/identity/client';
import { startLocalApi, type LocalApi } from 'offline-aws/http-api/local-api';
import { MAX_PAYLOAD_BYTES } from 'offline-aws/http-api/server';
import type { Runtime } from 'offline-aws/runtime';
import { CapturedLines } from 'offline-aws/testing';
import { startTestRuntime } from '../../support/runtime';
import { send, type Answer } from '../../support/http-api';

let runtime: Runtime;
let local: LocalApi;
/** The API's access log and the stack's line per invocation. */
const said = new CapturedLines();
let api: string;
beforeAll(async () => {
  // A generous review window: the reviewer's call includes submitReview's cold start, which a
  // loaded machine can stretch past the CLIs' 10 s.
  runtime = await startTestRuntime({
    runner: { taskTimeoutOverridesMs: { RequestReview: 120_000 } },
    log: { print: said.print },
  });
  local = await startLocalApi({ config: runtime.stack.config, invoke: runtime.invoke, print: said.print });
  api = local.endpoints.api;
}, 240_000);
afterAll(async () => {
  await local?.stop();
  await runtime?.stop();
});

const ORDER = {
  currency: 'EUR',
  items: [{ sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 }],
  paymentToken: 'tok_visa',
  shippingAddress: { name: 'Ada Lovelace', line1: '1 Main St', city: 'Berlin', postalCode: '10719', country: 'DE' },
  fulfilmentWindowSeconds: 1,
};

const token = (sub: string, reviewer = false) => mintToken({ sub, reviewer }, { issuerUrl: local.issuer.url });

const placeOrder = (authorization: string | undefined, order: object = ORDER): Promise<Answer> =>
  send(`${api}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(order),
  });

const getOrder = (orderId: string, authorization: string) =>
  send(`${api}/orders/${orderId}`, { headers: { authorization } });

it('places an order with a customer token and reads it back; another customer gets 404', async () => {
  const authorization = `Bearer ${await token('cust_http_1')}`;
  const placed = await placeOrder(authorization);
  expect(placed.status).toBe(202);
  const { orderId } = placed.json as { orderId: string };
  expect(placed.json).toEqual({ orderId: expect.stringMatching(/^ord_/), status: 'PENDING' });
  expect(placed.headers.location).toBe(`/orders/${orderId}`);
  const read = await getOrder(orderId, authorization);
  expect(read.status).toBe(200);
  expect(read.json).toMatchObject({ orderId, customerId: 'cust_http_1', total: { amount: 8999, currency: 'EUR' } });
  const stranger = await getOrder(orderId, `Bearer ${await token('cust_http_2')}`);
  expect(stranger.status).toBe(404);
  // One line per request, and one per invocation naming the route that set it off.
  const line = (answer: Answer) =>
    said.lines.filter((l) => l.endsWith(` · ${String(answer.headers['apigw-requestid'])}`));
  expect(line(placed)).toEqual([expect.stringMatching(/^HTTP POST \/orders 202 \d+ ms · /)]);
  expect(line(stranger)).toEqual([
    expect.stringMatching(new RegExp(`^HTTP GET /orders/${orderId} 404 \\d+ ms \\S+ · `)),
  ]);
  expect(said.lines).toContainEqual(expect.stringMatching(/^λ createOrder ok \d+ ms.* ← POST \/orders · /));
});

it('answers 401 {"message":"Unauthorized"} without a valid token: none, forged, expired, another audience', async () => {
  const valid = await token('cust_http_3');
  const { kid } = decodeProtectedHeader(valid);
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'cust_http_3', iss: local.issuer.url, aud: local.issuer.audience, iat: now, exp: now + 600 };
  const other = await generateKeyPair('RS256');
  const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(other.privateKey);
  const expired = await local.issuer.sign({ ...claims, iat: now - 7200, exp: now - 3600 });
  const wrongAudience = await local.issuer.sign({ ...claims, aud: 'example-app-client-id' });
  const invocations = () => runtime.lambdaStats.functions.createOrder?.invocations ?? 0;
  const before = invocations();
  for (const authorization of [undefined, `Bearer ${forged}`, `Bearer ${expired}`, `Bearer ${wrongAudience}`]) {
    const answer = await placeOrder(authorization);
    expect([answer.status, answer.json]).toEqual([401, { message: 'Unauthorized' }]);
  }
  expect(invocations()).toBe(before);
});

it("lets a reviewer's token approve a high-value order; a customer's token gets the function's 403", async () => {
  const customer = `Bearer ${await token('cust_http_4')}`;
  const reviewer = `Bearer ${await token('rev_http_1', true)}`;
  const placed = await placeOrder(customer, {
    ...ORDER,
    items: [{ sku: 'SKU-LAPTOP', quantity: 1, unitPrice: 149900 }],
  });
  const { orderId } = placed.json as { orderId: string };
  let status = '';
  for (let attempt = 0; attempt < 600 && status !== 'IN_REVIEW'; attempt += 1) {
    status = ((await getOrder(orderId, reviewer)).json as { status: string }).status;
    if (status !== 'IN_REVIEW') await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(status).toBe('IN_REVIEW');
  const review = (authorization: string) =>
    send(`${api}/orders/${orderId}/review`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' }),
    });
  const refused = await review(customer);
  expect(refused.status).toBe(403);
  expect(refused.json).toMatchObject({ error: 'Forbidden', message: expect.stringContaining('reviewer role') });
  const approved = await review(reviewer);
  expect(approved.status).toBe(200);
  expect(approved.json).toMatchObject({ orderId, decision: 'approve', reviewer: 'rev_http_1' });
});

it('answers CORS preflights, 404 and 413 itself, as the stage is configured', async () => {
  const preflight = await send(`${api}/orders`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  const missing = await send(`${api}/customers`);
  expect([missing.status, missing.json]).toEqual([404, { message: 'Not Found' }]);
  const oversized = await send(`${api}/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token('cust_http_5')}`, 'content-type': 'application/json' },
    body: Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20),
  });
  expect([oversized.status, oversized.json]).toEqual([413, { message: 'Request Entity Too Large' }]);
});
