import { createHash } from 'node:crypto';
import {
  canonicalJson,
  createOrder,
  orderIdFor,
  orderTotal,
  requestHashOf,
  toWorkflowInput,
  type CreateOrderConfig,
} from '../../../services/orders/domain/create-order';
import { IdempotencyKeyReused, WorkflowUnavailable } from '../../../services/orders/domain/errors';
import type { StartOutcome, WorkflowStarter } from '../../../services/orders/domain/ports';
import { WorkflowInputSchema, type CreateOrderBody, type WorkflowInput } from '../../../services/orders/schemas';
import { FakeOrderRepository } from './fake-order-repository';
import { LATER, NOW } from './fixtures';

class FakeWorkflow implements WorkflowStarter {
  readonly started: WorkflowInput[] = [];
  readonly names = new Set<string>();
  unreachable?: string;

  async start(input: WorkflowInput): Promise<StartOutcome> {
    this.started.push(input);
    if (this.unreachable) return { kind: 'unreachable', reason: this.unreachable };
    if (this.names.has(input.orderId)) return { kind: 'already-started' };
    this.names.add(input.orderId);
    return { kind: 'started' };
  }
}

const config: CreateOrderConfig = { reviewThreshold: 100_000, defaultFulfilmentWindowSeconds: 300 };

const CUSTOMER = 'cust_0042';

const body = (overrides: Partial<CreateOrderBody> = {}): CreateOrderBody => ({
  currency: 'EUR',
  items: [
    { sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 },
    { sku: 'SKU-MOUSE', quantity: 2, unitPrice: 2999 },
  ],
  paymentToken: 'tok_visa',
  shippingAddress: {
    name: 'Max Mustermann',
    line1: 'Unter den Linden 5',
    city: 'Berlin',
    postalCode: '10117',
    country: 'DE',
  },
  ...overrides,
});

function setup() {
  const orders = new FakeOrderRepository();
  const workflow = new FakeWorkflow();
  return { orders, workflow, ports: { orders, workflow } };
}

describe('createOrder', () => {
  it('stores the order PENDING with its total, history and request hash, and starts the workflow', async () => {
    const { orders, workflow, ports } = setup();
    const result = await createOrder(ports, { customerId: CUSTOMER, body: body() }, NOW, config);

    expect(result).toEqual({ orderId: expect.stringMatching(/^ord_[0-9a-f]{32}$/), status: 'PENDING', created: true });
    const stored = orders.stored(result.orderId);
    expect(stored).toMatchObject({
      customerId: CUSTOMER,
      status: 'PENDING',
      total: { amount: 14997, currency: 'EUR' },
      requiresReview: false,
      fulfilmentWindowSeconds: 300,
      createdAt: NOW,
      updatedAt: NOW,
      history: [{ status: 'PENDING', at: NOW }],
      requestHash: requestHashOf(body()),
    });
    expect(stored.idempotencyKey).toBeUndefined();
    expect(workflow.started).toEqual([toWorkflowInput(stored)]);
    expect(WorkflowInputSchema.parse(workflow.started[0])).toEqual(workflow.started[0]);
  });

  it('gives every order without an Idempotency-Key a new id', async () => {
    const { orders, ports } = setup();
    const a = await createOrder(ports, { customerId: CUSTOMER, body: body() }, NOW, config);
    const b = await createOrder(ports, { customerId: CUSTOMER, body: body() }, NOW, config);
    expect(a.orderId).not.toBe(b.orderId);
    expect(orders.orders.size).toBe(2);
  });

  it('flags orders at or above the review threshold', async () => {
    const { orders, ports } = setup();
    const at = await createOrder(
      ports,
      { customerId: CUSTOMER, body: body({ items: [{ sku: 'SKU-MONITOR', quantity: 1, unitPrice: 100_000 }] }) },
      NOW,
      config,
    );
    const below = await createOrder(
      ports,
      { customerId: CUSTOMER, body: body({ items: [{ sku: 'SKU-MONITOR', quantity: 1, unitPrice: 99_999 }] }) },
      NOW,
      config,
    );
    expect(orders.stored(at.orderId).requiresReview).toBe(true);
    expect(orders.stored(below.orderId).requiresReview).toBe(false);
  });

  it('keeps the fulfilment window the client asked for, 0 included', async () => {
    const { orders, ports } = setup();
    const result = await createOrder(
      ports,
      { customerId: CUSTOMER, body: body({ fulfilmentWindowSeconds: 0 }) },
      NOW,
      config,
    );
    expect(orders.stored(result.orderId).fulfilmentWindowSeconds).toBe(0);
  });

  describe('with an Idempotency-Key', () => {
    const key = 'checkout-7f3a';

    it('derives the order id from the customer and the key', async () => {
      const { orders, ports } = setup();
      const result = await createOrder(ports, { customerId: CUSTOMER, body: body(), idempotencyKey: key }, NOW, config);
      const expected = createHash('sha256').update(`cust_0042:${key}`).digest('hex').slice(0, 32);
      expect(result.orderId).toBe(`ord_${expected}`);
      expect(orders.stored(result.orderId).idempotencyKey).toBe(key);
    });

    it('answers a repeat with the same order and current status, with no second order or execution', async () => {
      const { orders, workflow, ports } = setup();
      const first = await createOrder(ports, { customerId: CUSTOMER, body: body(), idempotencyKey: key }, NOW, config);
      const second = await createOrder(
        ports,
        { customerId: CUSTOMER, body: body(), idempotencyKey: key },
        LATER,
        config,
      );

      expect(second).toEqual({ orderId: first.orderId, status: 'PENDING', created: false });
      expect(orders.orders.size).toBe(1);
      expect(orders.stored(first.orderId).createdAt).toBe(NOW);
      // The start is attempted again (the first may have failed) and is a no-op for the workflow.
      expect(workflow.started).toHaveLength(2);
      expect(workflow.names.size).toBe(1);
    });

    it('treats a body with the same content in another key order as the same request', async () => {
      const { ports } = setup();
      const first = await createOrder(ports, { customerId: CUSTOMER, body: body(), idempotencyKey: key }, NOW, config);
      const reordered = JSON.parse(JSON.stringify(body()), (_k, v: unknown) =>
        v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
      ) as CreateOrderBody;
      const second = await createOrder(
        ports,
        { customerId: CUSTOMER, body: reordered, idempotencyKey: key },
        NOW,
        config,
      );
      expect(second.orderId).toBe(first.orderId);
    });

    it('does not start the workflow again once the order has moved on', async () => {
      const { orders, workflow, ports } = setup();
      const first = await createOrder(ports, { customerId: CUSTOMER, body: body(), idempotencyKey: key }, NOW, config);
      orders.patch(first.orderId, { status: 'CONFIRMED' });
      const second = await createOrder(
        ports,
        { customerId: CUSTOMER, body: body(), idempotencyKey: key },
        LATER,
        config,
      );
      expect(second).toEqual({ orderId: first.orderId, status: 'CONFIRMED', created: false });
      expect(workflow.started).toHaveLength(1);
    });

    it('refuses the same key with a different body, changing nothing', async () => {
      const { orders, workflow, ports } = setup();
      const first = await createOrder(ports, { customerId: CUSTOMER, body: body(), idempotencyKey: key }, NOW, config);
      const before = structuredClone(orders.stored(first.orderId));
      await expect(
        createOrder(
          ports,
          { customerId: CUSTOMER, body: body({ paymentToken: 'tok_mastercard' }), idempotencyKey: key },
          LATER,
          config,
        ),
      ).rejects.toBeInstanceOf(IdempotencyKeyReused);
      expect(orders.stored(first.orderId)).toEqual(before);
      expect(workflow.started).toHaveLength(1);
    });

    it('maps IdempotencyKeyReused to 422 with its contract name', () => {
      const error = new IdempotencyKeyReused();
      expect(error.name).toBe('IdempotencyKeyReused');
      expect(error.httpStatus).toBe(422);
    });

    it('gives the same key of another customer another order', async () => {
      const { orders, ports } = setup();
      const a = await createOrder(ports, { customerId: CUSTOMER, body: body(), idempotencyKey: key }, NOW, config);
      const b = await createOrder(ports, { customerId: 'cust_0043', body: body(), idempotencyKey: key }, NOW, config);
      expect(a.orderId).not.toBe(b.orderId);
      expect(b.created).toBe(true);
      expect(orders.stored(a.orderId).customerId).toBe(CUSTOMER);
      expect(orders.stored(b.orderId).customerId).toBe('cust_0043');
    });
  });

  describe('when the workflow cannot be reached', () => {
    it('keeps the order PENDING and throws WorkflowUnavailable (503) with a retry hint', async () => {
      const { orders, workflow, ports } = setup();
      workflow.unreachable = 'Step Functions is not reachable: ECONNREFUSED';
      const error = await createOrder(
        ports,
        { customerId: CUSTOMER, body: body(), idempotencyKey: 'k1' },
        NOW,
        config,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkflowUnavailable);
      expect(error).toMatchObject({
        name: 'WorkflowUnavailable',
        httpStatus: 503,
        message:
          'The order was stored (PENDING) but the order workflow could not be started: Step Functions is not reachable: ECONNREFUSED. Retry with the same Idempotency-Key.',
      });
      expect([...orders.orders.values()].map((o) => o.status)).toEqual(['PENDING']);
    });

    it('starts the workflow on the retry with the same key', async () => {
      const { orders, workflow, ports } = setup();
      workflow.unreachable = 'down';
      await expect(
        createOrder(ports, { customerId: CUSTOMER, body: body(), idempotencyKey: 'k1' }, NOW, config),
      ).rejects.toThrow();
      workflow.unreachable = undefined;
      const retry = await createOrder(
        ports,
        { customerId: CUSTOMER, body: body(), idempotencyKey: 'k1' },
        LATER,
        config,
      );
      expect(retry.status).toBe('PENDING');
      expect(workflow.names).toEqual(new Set([retry.orderId]));
      expect(orders.orders.size).toBe(1);
    });
  });

  it('loses a creation race gracefully: the order another request stored first is answered', async () => {
    const { orders, ports } = setup();
    const key = 'race';
    orders.beforeWrite = () => {
      orders.beforeWrite = undefined;
      // The concurrent request with the same key and body wins the conditional put.
      void createOrder(ports, { customerId: CUSTOMER, body: body(), idempotencyKey: key }, NOW, config);
    };
    const result = await createOrder(ports, { customerId: CUSTOMER, body: body(), idempotencyKey: key }, LATER, config);
    expect(result.created).toBe(false);
    expect(orders.orders.size).toBe(1);
  });
});

describe('order helpers', () => {
  it('computes totals in minor units', () => {
    expect(orderTotal(body().items, 'EUR')).toEqual({ amount: 14997, currency: 'EUR' });
  });

  it('rejects totals beyond the safe integer range as a ValidationError', () => {
    const items = [
      { sku: 'SKU-A', quantity: 1000, unitPrice: Number.MAX_SAFE_INTEGER },
      { sku: 'SKU-B', quantity: 1, unitPrice: 1 },
    ];
    expect(() => orderTotal(items, 'EUR')).toThrow(expect.objectContaining({ name: 'ValidationError' }));
  });

  it('hashes canonical JSON: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }], u: undefined })).toBe('{"a":[{"c":"x","d":2}],"b":1}');
    expect(canonicalJson(null)).toBe('null');
  });

  it('makes random ids without a key', () => {
    expect(orderIdFor('c')).toMatch(/^ord_[0-9a-f]{32}$/);
    expect(orderIdFor('c', 'k')).toBe(orderIdFor('c', 'k'));
  });
});
