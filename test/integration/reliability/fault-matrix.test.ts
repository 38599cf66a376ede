/**
 * Faults in the Task states, through the real state machine and handlers: forward recovery after
 * the pivot, healing within the Retry budget (one state of each fault group: states whose Catch,
 * Retry and integration are alike), a function's fault in every state calling it, business errors
 * never retried, and StopExecution at every state an order can be (the reconciler). Every fault
 * mode on every Task state, each ending consistent or dead-lettered with an alert, is
 * test/slow/fault-matrix.test.ts, in `npm run test:slow`.
 */
import type { Runtime } from 'offline-aws/runtime';
import { runScenario } from '../../../tools/offline/scenario';
import { readScenario } from '../../../tools/offline/scenario-file';
import { startTestRuntime } from '../../support/runtime';
import {
  always,
  orderStatus,
  catchTargets,
  expectHeals,
  faultGroups,
  HEALING_FAULTS,
  HEALING_STATES,
  onePerFaultGroup,
  representativeStates,
  runWithFaults,
  scenarioFile,
  taskStates,
} from './fault-matrix';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ skipWaitStates: true });
}, 240_000);
afterAll(() => runtime.stop());

const run = (file: string, faults: Parameters<typeof runWithFaults>[2]) => runWithFaults(runtime, file, faults);

it('groups every Task state once, and one state of each group reaches every Catch target of the Task states', () => {
  expect(faultGroups(runtime).flat().sort()).toEqual(taskStates(runtime).sort());
  const subset = representativeStates(runtime);
  expect(subset.length).toBeLessThan(taskStates(runtime).length);
  const reached = catchTargets(runtime, subset);
  expect([...catchTargets(runtime, taskStates(runtime))].filter((target) => !reached.has(target))).toEqual([]);
});

describe('after the pivot, failures are recovered forward', () => {
  it.each([
    ['CompleteOrder', 'timeout'],
    ['CompleteOrder', 'permanent'],
    ['PublishOrderCompleted', 'permanent'],
  ] as const)('%s %s: the order stays COMPLETED-bound, never compensated', async (state, mode) => {
    const result = await run(scenarioFile('happy-path'), [always(state, mode)]);
    expect(result).toMatchObject({ status: 'FAILED', error: 'CompletionFailed', deadLettered: true });
    expect(result.alerts).toEqual(['CompletionFailed']);
    expect(result.states.some((s) => s.compensation)).toBe(false);
    expect(result.services).toMatchObject({
      inventory: { status: 'RESERVED' },
      payment: { status: 'CAPTURED' },
      shipping: { status: 'CREATED' },
    });
  });

  it('CompleteOrder after:Lambda.Unknown once: retried, COMPLETED, announced once', async () => {
    const result = await run(scenarioFile('happy-path'), [
      { target: 'CompleteOrder', mode: 'after', error: 'Lambda.Unknown', times: 1 },
    ]);
    expect(result).toMatchObject({ status: 'SUCCEEDED', consistency: [], deadLettered: false });
    expect(orderStatus(result)).toBe('COMPLETED');
    expect((result.services.notifications as { type: string }[]).map((n) => n.type)).toEqual(['OrderCompleted']);
  });
});

// One state of each fault group here; all of HEALING_STATES in test/slow/fault-matrix.test.ts.
describe.each(onePerFaultGroup(HEALING_STATES))('%s heals within the Retry budget', (state) => {
  it.each(HEALING_FAULTS)('%s ×%i: the order still completes', async (mode, times) => {
    await expectHeals(runtime, state, mode, times);
  });
});

it('a function fault hits every state calling it (updateOrderStatus: ConfirmOrder first, in an Express child)', async () => {
  const result = await run(scenarioFile('happy-path'), [always('updateOrderStatus', 'permanent')]);
  // ConfirmOrder runs in the reserve-and-confirm child: its failure fails the parent's Task, and the
  // parent's history carries the child's error (States.TaskFailed's Cause), which names the failure.
  expect(result.states.find((s) => s.error)?.name).toBe('ReserveAndConfirm');
  expect(result.children[0]).toMatchObject({ status: 'FAILED', error: 'InjectedFault' });
  expect(result.consistency).toEqual([]);
});

// StopExecution wherever an order can be: waiting (the review, the fulfilment window) or in flight
// at a Task (a child running, the pivot, the completion). The saga's Catch never runs; the
// reconciler, on the ABORTED event, brings the order to the invariant: undone and CANCELLED before
// the pivot, COMPLETED after it.
describe('stopped at any state, the order ends consistent (the reconciler)', () => {
  const stops: [string, string][] = [
    ['high-value-approved', 'RequestReview'],
    ['happy-path', 'ReserveAndConfirm'],
    ['happy-path', 'FulfilmentWindow'],
    ['happy-path', 'CloseFulfilmentWindow'],
    ['happy-path', 'CaptureAndShip'],
    ['happy-path', 'CompleteAndAnnounce'],
  ];
  it.each(stops)('%s stopped at %s', async (name, at) => {
    const file = scenarioFile(name);
    const result = await runScenario(runtime, file, { ...readScenario(file), stop: { at } });
    expect(result.consistency).toEqual([]);
    expect(['CANCELLED', 'COMPLETED']).toContain(orderStatus(result));
    if (result.status === 'ABORTED' && orderStatus(result) === 'CANCELLED') {
      expect((result.order as { reason?: string }).reason).toMatch(/^(ExecutionAborted|ReviewTimedOut)$/);
    }
  });
});

it('never retries a business error', async () => {
  // AuthorizePayment runs in an Express child, whose history is not kept: its invocations are counted.
  runtime.lambdaStats.reset();
  const result = await runScenario(runtime, scenarioFile('payment-declined'));
  expect(result).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
  expect(result.children[0]).toMatchObject({ status: 'FAILED', error: 'PaymentDeclined' });
  expect(runtime.lambdaStats.functions.authorizePayment?.invocations).toBe(1);
});
