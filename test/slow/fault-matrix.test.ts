/**
 * The whole fault matrix (`npm run test:slow`): every Task state of the state machine × every fault
 * mode, through the real state machine and handlers. Whatever fails, the execution ends in one of
 * the definition's own end states and the order invariant holds afterwards — or the order is in the
 * dead-letter queue and ops were alerted; and every state that must heal within its Retry budget
 * does. `npm test` runs a representative part of it (fault-matrix.test.ts).
 */
import type { Runtime } from 'offline-aws/runtime';
import { startTestRuntime } from '../support/runtime';
import {
  expectHeals,
  HEALING_FAULTS,
  HEALING_STATES,
  matrixViolations,
  MODES,
  routesByState,
  taskStates,
  type Route,
} from '../integration/reliability/fault-matrix';

let runtime: Runtime;
let routeOf: Map<string, Route>;
beforeAll(async () => {
  runtime = await startTestRuntime({ skipWaitStates: true });
  routeOf = await routesByState(runtime);
}, 300_000);
afterAll(() => runtime.stop());

it('reaches every Task state of the definition through one of the routes', () => {
  expect(taskStates(runtime).filter((state) => !routeOf.has(state))).toEqual([]);
});

describe.each(MODES)('every Task state, %s every time', (_mode, fault) => {
  it('ends in a state of the definition, consistent or dead-lettered with an alert', async () => {
    expect(await matrixViolations(runtime, routeOf, taskStates(runtime), fault)).toEqual([]);
  }, 600_000);
});

describe.each(HEALING_STATES)('%s heals within the Retry budget', (state) => {
  it.each(HEALING_FAULTS)('%s ×%i: the order still completes', async (mode, times) => {
    await expectHeals(runtime, state, mode, times);
  });
});
