/**
 * No oversell under contention, at a size `npm test` runs in seconds: 100 concurrent reservations
 * race for 10 units, 20 concurrent whole orders for 10. The full load (1,000 reservations, 200
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

it('20 concurrent whole orders for 10 units: 10 complete, 10 fail OutOfStock and are compensated', async () => {
  await expectOrderRush(runtime, { sku: 'SKU-RUSH', stock: 10, orders: 20 });
}, 240_000);
