/**
 * No oversell under the full load (`npm run test:slow`): 1,000 concurrent reservations, then 200
 * concurrent whole orders, race for a SKU with stock 100. Exactly 100 win, stock never goes below
 * 0, every loser is OutOfStock (and, for whole orders, compensated).
 */
import type { Runtime } from 'offline-aws/runtime';
import { expectOrderRush, expectReservationRace, startLoadTestRuntime } from '../integration/reliability/no-oversell';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startLoadTestRuntime();
}, 240_000);
afterAll(() => runtime.stop());

it('1,000 concurrent reservations of one unit each: exactly 100 succeed', async () => {
  await expectReservationRace(runtime, { sku: 'SKU-CONTENDED', stock: 100, contenders: 1000 });
}, 600_000);

it('200 concurrent whole orders for 100 units: 100 complete, 100 fail OutOfStock and are compensated', async () => {
  await expectOrderRush(runtime, { sku: 'SKU-RUSH', stock: 100, orders: 200 });
}, 600_000);
