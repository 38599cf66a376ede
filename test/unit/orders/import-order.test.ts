import { ValidationError } from '../../../services/shared/errors';
import { orderIdFor, type CreateOrderConfig } from '../../../services/orders/domain/create-order';
import { IdempotencyKeyReused } from '../../../services/orders/domain/errors';
import { importIdempotencyKey, importOrder } from '../../../services/orders/domain/import-order';
import type { StartOutcome, WorkflowStarter } from '../../../services/orders/domain/ports';
import type { WorkflowInput } from '../../../services/orders/schemas';
import { FakeOrderRepository } from './fake-order-repository';
import { NOW } from './fixtures';

class FakeWorkflow implements WorkflowStarter {
  readonly started: WorkflowInput[] = [];

  async start(input: WorkflowInput): Promise<StartOutcome> {
    if (this.started.some((s) => s.orderId === input.orderId)) return { kind: 'already-started' };
    this.started.push(input);
    return { kind: 'started' };
  }
}

const config: CreateOrderConfig = { reviewThreshold: 100_000, defaultFulfilmentWindowSeconds: 300 };

const order = {
  currency: 'EUR',
  items: [{ sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 }],
  paymentToken: 'tok_visa',
  shippingAddress: {
    name: 'Anna Schmidt',
    line1: 'Hauptstrasse 1',
    city: 'Berlin',
    postalCode: '10115',
    country: 'DE',
  },
};

function setup() {
  const orders = new FakeOrderRepository();
  const workflow = new FakeWorkflow();
  return { orders, workflow, ports: { orders, workflow } };
}

describe('importOrder', () => {
  it('places a line with its own idempotencyKey as POST /orders would with that Idempotency-Key', async () => {
    const { orders, workflow, ports } = setup();
    const line = { customerId: 'cust_1', idempotencyKey: 'po-1', order };
    const result = await importOrder(ports, { lineNumber: 3, line }, NOW, config);
    expect(result).toEqual({
      lineNumber: 3,
      orderId: orderIdFor('cust_1', 'po-1'),
      status: 'PENDING',
      outcome: 'placed',
    });
    expect(orders.stored(result.orderId)).toMatchObject({
      customerId: 'cust_1',
      idempotencyKey: 'po-1',
      status: 'PENDING',
    });
    expect(workflow.started.map((s) => s.orderId)).toEqual([result.orderId]);
  });

  it('a re-run of the same line places nothing again (key derived from the order, whatever its key order)', async () => {
    const { orders, workflow, ports } = setup();
    const first = await importOrder(ports, { lineNumber: 1, line: { customerId: 'cust_1', order } }, NOW, config);
    const reordered = Object.fromEntries(Object.entries(order).reverse());
    const second = await importOrder(
      ports,
      { lineNumber: 7, line: { order: reordered, customerId: 'cust_1' } },
      NOW,
      config,
    );
    expect(first.outcome).toBe('placed');
    expect(second).toMatchObject({ lineNumber: 7, orderId: first.orderId, outcome: 'already-placed' });
    expect(orders.orders.size).toBe(1);
    expect(workflow.started).toHaveLength(1);
    expect(importIdempotencyKey({ order })).toMatch(/^import-[0-9a-f]{40}$/);
  });

  it('the same order for another customer is another order', async () => {
    const { orders, ports } = setup();
    await importOrder(ports, { lineNumber: 1, line: { customerId: 'cust_1', order } }, NOW, config);
    await importOrder(ports, { lineNumber: 2, line: { customerId: 'cust_2', order } }, NOW, config);
    expect(orders.orders.size).toBe(2);
  });

  it('a bad line is a ValidationError naming the line and the field, and writes nothing', async () => {
    const { orders, workflow, ports } = setup();
    const bad = {
      customerId: 'cust_1',
      order: { ...order, items: [{ sku: 'SKU-KEYBOARD', quantity: -1, unitPrice: 1 }] },
    };
    const error = await importOrder(ports, { lineNumber: 4, line: bad }, NOW, config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^Invalid import line 4: order\.items\.0\.quantity: /);
    for (const line of [null, 'text', { order }, { customerId: 'cust_1', order, extra: 1 }]) {
      await expect(importOrder(ports, { lineNumber: 1, line }, NOW, config)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(orders.orders.size).toBe(0);
    expect(workflow.started).toHaveLength(0);
  });

  it('a key used before with another order is IdempotencyKeyReused', async () => {
    const { ports } = setup();
    await importOrder(
      ports,
      { lineNumber: 1, line: { customerId: 'cust_1', idempotencyKey: 'k', order } },
      NOW,
      config,
    );
    const other = { ...order, paymentToken: 'tok_other' };
    await expect(
      importOrder(
        ports,
        { lineNumber: 2, line: { customerId: 'cust_1', idempotencyKey: 'k', order: other } },
        NOW,
        config,
      ),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
  });
});
