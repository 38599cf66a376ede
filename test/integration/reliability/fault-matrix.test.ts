/**
 * Every Task function × every fault mode on happy-path.json, through the real state machine and
 * handlers: the execution ends as the Retry/Catch design says, and afterwards no service holds a
 * reservation, payment or shipment for an order that is not COMPLETED (unless it is dead-lettered).
 */
import { join } from 'node:path';
import type { Runtime } from '../../../local/runtime';
import { FAULT_MODES, type FaultMode } from '../../../local/workflow/faults';
import { readScenario, runScenario, type ScenarioResult } from '../../../local/workflow/scenario';
import { startTestRuntime } from '../../support/runtime';

const HAPPY_PATH = join('events', 'workflow', 'happy-path.json');
const scenario = readScenario(HAPPY_PATH);

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ skipWaitStates: true });
}, 60_000);
afterAll(() => runtime.stop());

/** The Task functions of the state machine (forward steps and undo steps). */
const TASK_FUNCTIONS = [
  'requestReview',
  'reserveInventory',
  'authorizePayment',
  'updateOrderStatus',
  'capturePayment',
  'createShipment',
  'cancelShipment',
  'refundPayment',
  'releaseInventory',
];
/** Not reached on the happy path: a fault there changes nothing. */
const NOT_ON_HAPPY_PATH = new Set(['requestReview', 'cancelShipment', 'refundPayment', 'releaseInventory']);
const ERROR_OF: Record<FaultMode, string> = {
  transient: 'TransientError',
  permanent: 'InjectedFault',
  timeout: 'Sandbox.Timedout',
};

async function runWithFault(functionName: string, mode: FaultMode, times = Number.POSITIVE_INFINITY) {
  runtime.faults.configure([{ functionName, mode, times }]);
  try {
    return await runScenario(runtime, HAPPY_PATH, scenario);
  } finally {
    runtime.faults.configure([]);
  }
}

const orderStatus = (result: ScenarioResult) => (result.order as { status?: string } | null)?.status;

it('covers every Task function the state machine calls', () => {
  const mapped = new Set(
    [...runtime.runner.workflow.states.values()].flatMap((s) =>
      s.target?.kind === 'lambda' ? [s.target.functionName] : [],
    ),
  );
  expect([...mapped].sort()).toEqual([...TASK_FUNCTIONS].sort());
});

describe.each(TASK_FUNCTIONS)('%s', (functionName) => {
  it.each(FAULT_MODES)('%s, every time: ends as designed and leaves nothing held', async (mode) => {
    const result = await runWithFault(functionName, mode);
    expect(result.consistency).toEqual([]);
    if (NOT_ON_HAPPY_PATH.has(functionName)) {
      expect(result).toMatchObject({ status: 'SUCCEEDED', error: null });
      expect(orderStatus(result)).toBe('COMPLETED');
      return;
    }
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe(ERROR_OF[mode]);
    expect(orderStatus(result)).not.toBe('COMPLETED');
    // The forward step that hit the fault: retried for transient faults and timeouts only.
    // (Steps after it, such as MarkOrderCancelled, retry anything: they must not give up.)
    const firstFailure = result.states.find((s) => s.function === functionName && s.error);
    expect(firstFailure?.error).toBe(ERROR_OF[mode]);
    if (mode === 'permanent') expect(firstFailure?.retries ?? 0).toBe(0);
    else expect(firstFailure?.retries).toBe(3);
  });
});

describe.each(['reserveInventory', 'authorizePayment', 'updateOrderStatus', 'capturePayment', 'createShipment'])(
  '%s heals within the Retry budget',
  (functionName) => {
    it.each([
      ['transient', 2],
      ['timeout', 1],
    ] as const)('%s ×%i: the order still completes', async (mode, times) => {
      const result = await runWithFault(functionName, mode, times);
      expect(result).toMatchObject({ status: 'SUCCEEDED', error: null, consistency: [] });
      expect(orderStatus(result)).toBe('COMPLETED');
      expect(result.services).toMatchObject({
        inventory: { status: 'RESERVED' },
        payment: { status: 'CAPTURED' },
        shipping: { status: 'CREATED' },
      });
    });
  },
);

it('never retries a business error', async () => {
  const result = await runScenario(runtime, join('events', 'workflow', 'payment-declined.json'));
  const authorize = result.states.find((s) => s.name === 'AuthorizePayment');
  expect(authorize).toMatchObject({ error: 'PaymentDeclined' });
  expect(authorize?.retries ?? 0).toBe(0);
});
