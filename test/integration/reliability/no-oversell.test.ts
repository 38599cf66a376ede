/**
 * No oversell under contention, at a size `npm test` runs in seconds: 100 concurrent reservations
 * race for 10 units, 12 concurrent whole orders for 6. The full load (1,000 reservations, 200
 * whole orders for 100 units) is test/slow/no-oversell.test.ts, in `npm run test:slow`.
 */
import type { Runtime } from 'offline-aws/runtime';
import { expectOrderRush, expectReservationRace, startLoadTestRuntime } from './no-oversell';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startLoadTestRuntime();
}, 240_000);
afterAll(() => runtime.stop());

it('100 concurrent reservations of one unit each for 10 units: exactly 10 succeed', async () => {
  await expectReservationRace(runtime, { sku: 'SKU-CONTENDED', stock: 10, contenders: 100 });
}, 240_000);

it('12 concurrent whole orders for 6 units: 6 complete, 6 fail OutOfStock and are compensated', async () => {
  await expectOrderRush(runtime, { sku: 'SKU-RUSH', stock: 6, orders: 12 });
}, 240_000);
