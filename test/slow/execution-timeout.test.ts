/**
 * An execution that runs past its TimeoutSeconds ends TIMED_OUT, where the saga's own Catch never
 * runs (`npm run test:slow`: the saga's 14 days are shortened to 3 s with the runner's
 * `executionTimeoutOverrideMs`). The reconciler, on Step Functions' TIMED_OUT event, brings the
 * order to the invariant: timed out in the fulfilment window, undone and CANCELLED
 * (ExecutionTimedOut); timed out waiting for its review, the answer a timed-out review gets.
 */
import { join } from 'node:path';
import type { Runtime } from 'offline-aws/runtime';
import { runScenario } from '../../tools/offline/scenario';
import { readScenario, type Scenario } from '../../tools/offline/scenario-file';
import { startTestRuntime } from '../support/runtime';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ runner: { executionTimeoutOverrideMs: 3_000 } });
}, 240_000);
afterAll(() => runtime.stop());

const scenario = (name: string, edit: (scenario: Scenario) => Scenario) => {
  const file = join('events', 'workflow', `${name}.json`);
  return runScenario(runtime, file, edit(readScenario(file)));
};

it('timed out in the fulfilment window: undone and CANCELLED by the reconciler', async () => {
  const result = await scenario('happy-path', (s) => ({
    ...s,
    order: { ...(s.order as object), fulfilmentWindowSeconds: 600 },
  }));
  expect(result).toMatchObject({ status: 'TIMED_OUT', consistency: [], deadLettered: false });
  expect(result.order).toMatchObject({ status: 'CANCELLED', reason: 'ExecutionTimedOut' });
}, 120_000);

it('timed out waiting for its review: CANCELLED as a timed-out review', async () => {
  const result = await scenario('high-value-approved', ({ review: _review, ...s }) => s);
  expect(result).toMatchObject({ status: 'TIMED_OUT', consistency: [], deadLettered: false });
  expect(result.order).toMatchObject({ status: 'CANCELLED', reason: 'ReviewTimedOut' });
}, 120_000);
