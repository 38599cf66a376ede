/**
 * No oversell under contention: concurrent reservations, and concurrent whole orders, race for a
 * SKU with little stock. Exactly `stock` win, stock never goes below 0, every loser is OutOfStock
 * (and, for whole orders, compensated: nothing held, authorization voided).
 * no-oversell.test.ts races about a hundred (`npm test`), test/slow/no-oversell.test.ts the full load.
 */
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { apiGatewayEvent, customerClaims } from 'offline-aws/http-api/event-spec';
import { findStackViolations } from '../../../tools/offline/order-records';
import type { Runtime } from 'offline-aws/runtime';
import { loadServices } from '../../../tools/offline/services';
import { startTestRuntime } from '../../support/runtime';
import { newOrderId } from '../../support/ids';

/**
 * Hundreds of "Lambdas" share one process and two cores here: Lambda's per-instance clock would
 * misread that queueing as timeouts, so it is off for these load tests.
 */
export const startLoadTestRuntime = (): Promise<Runtime> =>
  startTestRuntime({ skipWaitStates: true, lambdaTimeouts: false });

const inventoryTable = (runtime: Runtime) => runtime.stack.tableName('InventoryTable');

async function setStock(runtime: Runtime, sku: string, available: number): Promise<void> {
  await runtime.stack.documentClient.send(
    new PutCommand({ TableName: inventoryTable(runtime), Item: { pk: `SKU#${sku}`, sku, available } }),
  );
}

async function stockOf(runtime: Runtime, sku: string): Promise<number> {
  const { Item } = await runtime.stack.documentClient.send(
    new GetCommand({ TableName: inventoryTable(runtime), Key: { pk: `SKU#${sku}` }, ConsistentRead: true }),
  );
  return Number(Item?.available);
}

/** Units of `sku` held by RESERVED reservations, from the reservation records themselves. */
async function reservedUnits(runtime: Runtime, sku: string, orderIds: Set<string>): Promise<number> {
  const { Items = [] } = await runtime.stack.documentClient.send(
    new ScanCommand({ TableName: inventoryTable(runtime), ConsistentRead: true }),
  );
  return Items.filter((item) => item.status === 'RESERVED' && orderIds.has(String(item.orderId)))
    .flatMap((item) => item.lines as { sku: string; quantity: number }[])
    .filter((line) => line.sku === sku)
    .reduce((sum, line) => sum + line.quantity, 0);
}

/** `contenders` concurrent reservations of one unit each for a SKU with `stock` units: exactly `stock` succeed. */
export async function expectReservationRace(
  runtime: Runtime,
  { sku, stock, contenders }: { sku: string; stock: number; contenders: number },
): Promise<void> {
  await setStock(runtime, sku, stock);
  const orderIds = Array.from({ length: contenders }, newOrderId);
  const results = await Promise.allSettled(
    orderIds.map((orderId) => runtime.invoke('reserveInventory', { orderId, items: [{ sku, quantity: 1 }] })),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(stock);
  expect(new Set(failures.map((f) => (f.reason as Error).name))).toEqual(new Set(['OutOfStock']));
  expect(await stockOf(runtime, sku)).toBe(0);
  expect(await reservedUnits(runtime, sku, new Set(orderIds))).toBe(stock);
}

/**
 * `orders` concurrent whole orders of one unit each for a SKU with `stock` units: `stock` complete,
 * the others fail OutOfStock and are compensated, and the order invariant holds for all of them.
 */
export async function expectOrderRush(
  runtime: Runtime,
  { sku, stock, orders }: { sku: string; stock: number; orders: number },
): Promise<void> {
  await setStock(runtime, sku, stock);
  const address = { name: 'Grace Hopper', line1: '1 Navy Way', city: 'Arlington', postalCode: '22202', country: 'US' };
  const placeOrder = (i: number) =>
    runtime.invoke(
      'createOrder',
      apiGatewayEvent({
        method: 'POST',
        route: '/orders',
        claims: customerClaims(`rush-customer-${i}`),
        body: {
          currency: 'USD',
          items: [{ sku, quantity: 1, unitPrice: 1999 }],
          paymentToken: 'tok_visa',
          shippingAddress: address,
          fulfilmentWindowSeconds: 0,
        },
      }),
    ) as Promise<{ statusCode: number; body: string }>;
  // Orders arrive in waves of 25 (one process plays API Gateway, Lambda and Step Functions here);
  // their workflows all overlap, racing for the same stock.
  const responses: { statusCode: number; body: string }[] = [];
  let peakInFlight = 0;
  for (let wave = 0; wave < orders; wave += 25) {
    const size = Math.min(25, orders - wave);
    responses.push(...(await Promise.all(Array.from({ length: size }, (_, i) => placeOrder(wave + i)))));
    peakInFlight = Math.max(peakInFlight, runtime.runner.busyExecutions().length);
  }
  expect(responses.map((r) => r.statusCode)).toEqual(Array.from({ length: orders }, () => 202));
  const orderIds = responses.map((r) => String((JSON.parse(r.body) as { orderId: string }).orderId));
  // The workflows overlapped (how much depends on the machine), racing for the same stock.
  expect(peakInFlight).toBeGreaterThan(1);
  const executions = runtime.runner.listExecutions().filter((e) => orderIds.includes(e.name));
  expect(executions).toHaveLength(orders);
  await Promise.all(executions.map((e) => e.completion));

  const succeeded = executions.filter((e) => e.status === 'SUCCEEDED');
  const failed = executions.filter((e) => e.status !== 'SUCCEEDED');
  expect(succeeded).toHaveLength(stock);
  expect(new Set(failed.map((e) => e.error))).toEqual(new Set(['OutOfStock']));
  // Every loser ran the whole compensation chain.
  for (const e of failed) {
    expect(e.trace.filter((s) => s.compensation).map((s) => s.name)).toEqual([
      'CancelShipment',
      'RefundPayment',
      'ReleaseInventory',
    ]);
  }
  expect(await stockOf(runtime, sku)).toBe(0);
  expect(await reservedUnits(runtime, sku, new Set(orderIds))).toBe(stock);

  const violations = await findStackViolations(runtime.stack, await loadServices(), { only: new Set(orderIds) });
  expect(violations).toEqual([]);
}
