/**
 * Every Task state of the state machine × every fault mode, through the real state machine and
 * handlers. Whatever fails, the execution ends in one of the definition's own end states (never on
 * an unhandled error) and the order invariant holds afterwards — or the order is in the
 * dead-letter queue and ops were alerted.
 */
import { join } from 'node:path';
import type { Runtime } from '../../../local/runtime';
import type { FaultSpec } from '../../../local/workflow/faults';
import { readScenario, runScenario, type ScenarioResult } from '../../../local/workflow/scenario';
import { startTestRuntime } from '../../support/runtime';

const scenarioFile = (name: string) => join('events', 'workflow', `${name}.json`);

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ skipWaitStates: true });
}, 240_000);
afterAll(() => runtime.stop());

async function run(file: string, faults: FaultSpec[]): Promise<ScenarioResult> {
  runtime.faults.configure(faults);
  try {
    return await runScenario(runtime, file, readScenario(file));
  } finally {
    runtime.faults.configure([]);
  }
}

const orderStatus = (result: ScenarioResult) => (result.order as { status?: string } | null)?.status;
const always = (target: string, mode: FaultSpec['mode'], error?: string): FaultSpec => ({
  target,
  mode,
  ...(error ? { error } : {}),
  times: Number.POSITIVE_INFINITY,
});

/**
 * The ways into every part of the definition: a scenario, plus the fault that leads there. Each
 * leaves the records consistent on its own, so the fault under test is what is checked.
 */
const ROUTES: { name: string; file: string; faults: FaultSpec[] }[] = [
  { name: 'happy path', file: scenarioFile('happy-path'), faults: [] },
  { name: 'review approved', file: scenarioFile('high-value-approved'), faults: [] },
  { name: 'review rejected', file: scenarioFile('high-value-rejected'), faults: [] },
  { name: 'compensation after capture', file: scenarioFile('shipping-unavailable'), faults: [] },
  {
    name: 'compensation dead-lettered',
    file: scenarioFile('shipping-unavailable'),
    faults: [always('PublishOrderCancelled', 'permanent')],
  },
  {
    name: 'completion dead-lettered',
    file: scenarioFile('happy-path'),
    faults: [always('PublishOrderCompleted', 'permanent')],
  },
];

/** For each Task state, the first route whose fault-free run enters it. */
const routeOf = new Map<string, (typeof ROUTES)[number]>();
beforeAll(async () => {
  for (const route of ROUTES) {
    const result = await run(route.file, route.faults);
    for (const state of result.states) if (!routeOf.has(state.name)) routeOf.set(state.name, route);
  }
}, 120_000);

const taskStates = () => [...runtime.runner.workflow.states.values()].filter((s) => s.type === 'Task');

it('reaches every Task state of the definition through one of the routes', () => {
  expect(
    taskStates()
      .filter((s) => !routeOf.has(s.name))
      .map((s) => s.name),
  ).toEqual([]);
});

const MODES: [string, (state: string) => FaultSpec][] = [
  ['transient', (state) => always(state, 'transient')],
  ['permanent', (state) => always(state, 'permanent')],
  ['timeout', (state) => always(state, 'timeout')],
  ['after:Lambda.Unknown', (state) => always(state, 'after', 'Lambda.Unknown')],
];

describe.each(MODES)('every Task state, %s every time', (_mode, fault) => {
  it('ends in a state of the definition, consistent or dead-lettered with an alert', async () => {
    const outcomes: string[] = [];
    for (const state of taskStates()) {
      const route = routeOf.get(state.name);
      if (!route) continue; // reported by the coverage test above
      const result = await run(route.file, [...route.faults.filter((f) => f.target !== state.name), fault(state.name)]);
      const last = result.states.at(-1);
      const endedInDefinition = result.status === 'SUCCEEDED' || (result.status === 'FAILED' && last?.type === 'Fail');
      const consistent = result.consistency.length === 0;
      const escalated = result.deadLettered && result.alerts.length > 0;
      if (!endedInDefinition || !(consistent || escalated)) {
        outcomes.push(
          `${state.name} (${route.name}): ${result.status} ${result.error ?? ''} at ${last?.name ?? '-'}, ` +
            `order ${orderStatus(result) ?? '-'}, violations ${JSON.stringify(result.consistency)}, ` +
            `deadLettered ${result.deadLettered}, alerts ${result.alerts.join(',') || '-'}`,
        );
      }
    }
    expect(outcomes).toEqual([]);
  }, 300_000);
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

describe.each(['ReserveInventory', 'AuthorizePayment', 'ConfirmOrder', 'CapturePayment', 'CreateShipment'])(
  '%s heals within the Retry budget',
  (state) => {
    it.each([
      ['transient', 2],
      ['timeout', 1],
      ['after', 1],
    ] as const)('%s ×%i: the order still completes', async (mode, times) => {
      const result = await run(scenarioFile('happy-path'), [
        {
          target: state,
          mode,
          times,
          ...(mode === 'after' ? { error: 'Lambda.ClientExecutionTimeoutException' } : {}),
        },
      ]);
      expect(result).toMatchObject({ status: 'SUCCEEDED', error: null, consistency: [] });
      expect(orderStatus(result)).toBe('COMPLETED');
    });
  },
);

it('a function fault hits every state calling it (updateOrderStatus: ConfirmOrder first)', async () => {
  const result = await run(scenarioFile('happy-path'), [always('updateOrderStatus', 'permanent')]);
  expect(result.states.find((s) => s.error)?.name).toBe('ConfirmOrder');
  expect(result.consistency).toEqual([]);
});

it('never retries a business error', async () => {
  const result = await runScenario(runtime, scenarioFile('payment-declined'));
  const authorize = result.states.find((s) => s.name === 'AuthorizePayment');
  expect(authorize).toMatchObject({ error: 'PaymentDeclined' });
  expect(authorize?.retries ?? 0).toBe(0);
});
