/**
 * No oversell under contention, at a size `npm test` runs in seconds: 50 concurrent reservations
 * race for 5 units, 6 concurrent whole orders for 3. The full load (1,000 reservations, 200
 * whole orders for 100 units) is test/slow/no-oversell.test.ts, in `npm run test:slow`.
 */
import type { Runtime } from 'offline-aws/runtime';
import { expectOrderRush, expectReservationRace, startLoadTestRuntime } from './no-oversell';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startLoadTestRuntime();
}, 240_000);
afterAll(() => runtime.stop());

it('50 concurrent reservations of one unit each for 5 units: exactly 5 succeed', async () => {
  await expectReservationRace(runtime, { sku: 'SKU-CONTENDED', stock: 5, contenders: 50 });
}, 240_000);

it('6 concurrent whole orders for 3 units: 3 complete, 3 fail OutOfStock and are compensated', async () => {
  await expectOrderRush(runtime, { sku: 'SKU-RUSH', stock: 3, orders: 6 });
}, 240_000);
