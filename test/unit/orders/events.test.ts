import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as z from 'zod/mini';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { callerFromClaims } from '../../../services/orders/domain/access';
import { cancelOrder } from '../../../services/orders/domain/cancel-order';
import { createOrder } from '../../../services/orders/domain/create-order';
import { getOrder } from '../../../services/orders/domain/get-order';
import type { CallbackOutcome, OrderEvent, StartOutcome } from '../../../services/orders/domain/ports';
import { requestReview } from '../../../services/orders/domain/review';
import { submitReview } from '../../../services/orders/domain/submit-review';
import { updateOrderStatus } from '../../../services/orders/domain/update-status';
import {
  CreateOrderBodySchema,
  IdempotencyKeySchema,
  OrderPathSchema,
  OrderSchema,
  RequestReviewInputSchema,
  SubmitReviewBodySchema,
  UpdateOrderStatusInputSchema,
} from '../../../services/orders/schemas';
import { LIMITS } from '../../../services/shared/schemas';
import { eventCases } from '../../support/events';
import { fakeContext } from '../../support/lambda-context';
import { FakeOrderRepository } from './fake-order-repository';
import { NOW } from './fixtures';

process.env.ORDERS_TABLE = 'orders-test';
process.env.ORDER_STATE_MACHINE_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:order-processing-test';
process.env.ORDER_EVENTS_TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:order-events';

const ddbMock = mockClient(DynamoDBDocumentClient);
const sfnMock = mockClient(SFNClient);
const snsMock = mockClient(SNSClient);
beforeEach(() => {
  ddbMock.reset();
  sfnMock.reset();
  snsMock.reset();
});

type AnyHandler = (event: never, context: Context) => Promise<unknown>;
const handlers: Record<string, AnyHandler> = {};
beforeAll(async () => {
  for (const name of ['createOrder', 'getOrder', 'cancelOrder', 'submitReview', 'updateOrderStatus', 'requestReview']) {
    const module = (await import(`../../../services/orders/handlers/${name}`)) as { handler: AnyHandler };
    handlers[name] = module.handler;
  }
});
const invoke = (name: string, event: unknown) => {
  const handler = handlers[name];
  if (!handler) throw new Error(`no handler ${name}`);
  return handler(event as never, fakeContext(name));
};

/** A fresh "database" holding exactly the orders of events/seed.json, as the sample events expect. */
function seededOrders(): FakeOrderRepository {
  const seed = JSON.parse(readFileSync(join(process.cwd(), 'events', 'seed.json'), 'utf8')) as Record<
    string,
    unknown[]
  >;
  return new FakeOrderRepository((seed.OrdersTable ?? []).map((item) => OrderSchema.parse(item)));
}

const started: StartOutcome = { kind: 'started' };
const delivered: CallbackOutcome = { kind: 'delivered' };
const ports = (orders: FakeOrderRepository) => ({
  orders,
  workflow: { start: async () => started },
  callback: { succeed: async () => delivered, fail: async () => delivered },
  events: { publish: async (_event: OrderEvent) => undefined },
});
const config = { reviewThreshold: 100_000, defaultFulfilmentWindowSeconds: 300 };

/** The claims of the JWT authorizer in an HTTP event, if any. */
function claimsOf(event: APIGatewayProxyEventV2): Record<string, unknown> | undefined {
  return (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt
    ?.claims;
}

/** Runs an HTTP event's request as the route does (caller, then schemas), then the domain, on the seeded orders. */
async function runHttp(name: string, event: APIGatewayProxyEventV2): Promise<unknown> {
  const orders = seededOrders();
  const caller = callerFromClaims(claimsOf(event));
  const body = (): unknown => JSON.parse(event.body ?? 'null');
  const path = () => OrderPathSchema.parse(event.pathParameters);
  switch (name) {
    case 'createOrder': {
      const idempotencyKey = z.optional(IdempotencyKeySchema).parse(event.headers['idempotency-key']);
      return createOrder(
        ports(orders),
        {
          customerId: caller.sub,
          body: CreateOrderBodySchema.parse(body()),
          ...(idempotencyKey ? { idempotencyKey } : {}),
        },
        NOW,
        config,
      );
    }
    case 'getOrder':
      return getOrder(orders, caller, path().orderId);
    case 'cancelOrder':
      return cancelOrder(orders, caller, path().orderId, NOW);
    case 'submitReview':
      return submitReview(ports(orders), caller, path().orderId, SubmitReviewBodySchema.parse(body()), NOW);
    default:
      throw new Error(`not an HTTP function: ${name}`);
  }
}

async function runTask(name: string, event: unknown): Promise<unknown> {
  const orders = seededOrders();
  if (name === 'updateOrderStatus') return updateOrderStatus(orders, UpdateOrderStatusInputSchema.parse(event), NOW);
  return requestReview(ports(orders), RequestReviewInputSchema.parse(event), NOW);
}

const HTTP = ['createOrder', 'getOrder', 'cancelOrder', 'submitReview'];
const TASK = ['updateOrderStatus', 'requestReview'];

/** What each error-* / not-found event must end with on a freshly seeded database. */
const EXPECTED_ERRORS: Record<string, string> = {
  'cancelOrder/error-completed': 'Conflict',
  'cancelOrder/error-window-closed': 'Conflict',
  'cancelOrder/not-found': 'NotFound',
  'getOrder/not-found': 'NotFound',
  'submitReview/error-not-in-review': 'Conflict',
  'updateOrderStatus/error-invalid-transition': 'InvalidStatusTransition',
  'requestReview/error-not-pending': 'InvalidStatusTransition',
  // forbidden-*: no token → 401; someone else's order → 404 as if unknown; no reviewer role or own order → 403.
  'createOrder/forbidden-no-claims': 'Unauthorized',
  'getOrder/forbidden-no-claims': 'Unauthorized',
  'getOrder/forbidden-other-customer': 'NotFound',
  'cancelOrder/forbidden-no-claims': 'Unauthorized',
  'cancelOrder/forbidden-other-customer': 'NotFound',
  'submitReview/forbidden-no-claims': 'Unauthorized',
  'submitReview/forbidden-customer': 'Forbidden',
  'submitReview/forbidden-own-order': 'Forbidden',
};

describe('seed data', () => {
  it('holds valid order records keyed by their id', () => {
    const seed = JSON.parse(readFileSync(join(process.cwd(), 'events', 'seed.json'), 'utf8')) as {
      OrdersTable: { pk: string; orderId: string }[];
    };
    expect(seed.OrdersTable.length).toBeGreaterThan(0);
    for (const item of seed.OrdersTable) {
      expect(item.pk).toBe(item.orderId);
      expect(() => OrderSchema.parse(item)).not.toThrow();
    }
  });
});

describe('events/createOrder valid cases', () => {
  // Each starts an execution; with the stage's default window (300 s) a joined `sls invoke local`
  // would leave it waiting for five minutes. The sample sets its own, the default stays as it is.
  it.each(
    eventCases('createOrder')
      .filter((c) => c.name.startsWith('valid'))
      .map((c) => [c.name, c.event] as const),
  )('%s asks for a fulfilment window of at most a second, so its execution ends in seconds', (_case, event) => {
    const body = CreateOrderBodySchema.parse(JSON.parse((event as APIGatewayProxyEventV2).body ?? ''));
    expect(body.fulfilmentWindowSeconds).toBeLessThanOrEqual(1);
  });
});

describe.each(HTTP)('events/%s claims', (name) => {
  const cases = eventCases(name);
  const authorizer = loadServerlessConfig().provider.httpApi as {
    authorizers: { jwt: { issuerUrl: string; audience: string[] } };
  };

  it.each(cases.filter((c) => c.name !== 'forbidden-no-claims').map((c) => [c.name, c.event] as const))(
    '%s carries claims of a token the configured JWT authorizer accepts',
    (_case, event) => {
      const claims = claimsOf(event as APIGatewayProxyEventV2);
      expect(claims).toMatchObject({ sub: expect.any(String), exp: expect.stringMatching(/^\d+$/) });
      expect(claims?.iss).toBe(authorizer.authorizers.jwt.issuerUrl);
      expect(authorizer.authorizers.jwt.audience).toContain(claims?.aud);
    },
  );

  if (cases.some((c) => c.name === 'forbidden-no-claims')) {
    it('forbidden-no-claims has no authorizer context', () => {
      const event = cases.find((c) => c.name === 'forbidden-no-claims')?.event as APIGatewayProxyEventV2;
      expect(claimsOf(event)).toBeUndefined();
    });
  }

  it.each(cases.filter((c) => c.name.startsWith('forbidden-')).map((c) => [c.name, c.event] as const))(
    '%s is answered 401, 403 or 404 by the handler',
    async (caseName, event) => {
      // The handler reads from the seeded table.
      ddbMock.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
        const order = seededOrders().orders.get(input.Key.pk);
        return { Item: order ? { pk: order.orderId, ...order } : undefined };
      });
      const result = (await invoke(name, event)) as APIGatewayProxyStructuredResultV2;
      const expected = { Unauthorized: 401, Forbidden: 403, NotFound: 404 }[
        EXPECTED_ERRORS[`${name}/${caseName}`] ?? ''
      ];
      expect(result.statusCode).toBe(expected);
      // 401 and a customer on the review route: refused before anything is read. Nothing is ever written.
      if (expected === 401 || caseName === 'forbidden-customer') expect(ddbMock.calls()).toHaveLength(0);
      expect(ddbMock.calls().filter((call) => !(call.args[0] instanceof GetCommand))).toHaveLength(0);
      expect(sfnMock.calls()).toHaveLength(0);
    },
  );
});

describe.each([...HTTP, ...TASK])('events/%s', (name) => {
  const cases = eventCases(name);

  it('has at least one valid and one invalid case', () => {
    expect(cases.some((c) => c.name.startsWith('valid'))).toBe(true);
    expect(cases.some((c) => c.name.startsWith('invalid-'))).toBe(true);
  });

  const valid = cases.filter((c) => c.name.startsWith('valid'));
  const invalid = cases.filter((c) => c.name.startsWith('invalid-'));
  const other = cases.filter((c) => !c.name.startsWith('valid') && !c.name.startsWith('invalid-'));

  it.each(valid.map((c) => [c.name, c.event] as const))(
    '%s passes the schemas and succeeds on the seeded database',
    async (_case, event) => {
      const run = HTTP.includes(name) ? runHttp(name, event as APIGatewayProxyEventV2) : runTask(name, event);
      await expect(run).resolves.toBeDefined();
    },
  );

  if (other.length > 0) {
    it.each(other.map((c) => [c.name, c.event] as const))(
      '%s passes the schemas and ends with its business error',
      async (caseName, event) => {
        const expected = EXPECTED_ERRORS[`${name}/${caseName}`];
        expect(expected).toBeDefined();
        const run = HTTP.includes(name) ? runHttp(name, event as APIGatewayProxyEventV2) : runTask(name, event);
        await expect(run).rejects.toMatchObject({ name: expected });
      },
    );
  }

  it.each(invalid.map((c) => [c.name, c.event] as const))(
    '%s is rejected by the handler before anything is read or written',
    async (caseName, event) => {
      if (HTTP.includes(name)) {
        const result = (await invoke(name, event)) as APIGatewayProxyStructuredResultV2;
        // An oversized body is refused by the size limit (413) before it is parsed; all else is 400.
        const tooLarge = Buffer.byteLength((event as APIGatewayProxyEventV2).body ?? '') > LIMITS.maxBodyBytes;
        expect(result.statusCode).toBe(tooLarge ? 413 : 400);
        expect(tooLarge || caseName !== 'invalid-oversized-body').toBe(true);
      } else {
        await expect(invoke(name, event)).rejects.toMatchObject({ name: 'ValidationError' });
      }
      expect(ddbMock.calls()).toHaveLength(0);
      expect(sfnMock.calls()).toHaveLength(0);
      expect(snsMock.calls()).toHaveLength(0);
    },
  );
});
