/**
 * No oversell under contention, at a size `npm test` runs in seconds: 200 concurrent reservations
 * race for 20 units, 50 concurrent whole orders for 25. The full load (1,000 reservations, 200
 * whole orders for 100 units) is test/slow/no-oversell.test.ts, in `npm run test:slow`.
 */
import type { Runtime } from '../../../local/runtime';
import { expectOrderRush, expectReservationRace, startLoadTestRuntime } from './no-oversell';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startLoadTestRuntime();
}, 240_000);
afterAll(() => runtime.stop());

it('200 concurrent reservations of one unit each for 20 units: exactly 20 succeed', async () => {
  await expectReservationRace(runtime, { sku: 'SKU-CONTENDED', stock: 20, contenders: 200 });
}, 240_000);

it('50 concurrent whole orders for 25 units: 25 complete, 25 fail OutOfStock and are compensated', async () => {
  await expectOrderRush(runtime, { sku: 'SKU-RUSH', stock: 25, orders: 50 });
}, 240_000);
