/**
 * The saga's Express children run at least once (an Express workflow may run again: "at-least-once"
 * execution, https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html):
 * every step in them must tolerate running again. Proven here on a completed order by running each
 * child again with the input the parent gave it: it succeeds (or, for a step whose order has moved
 * on, is refused without writing anything), the order's records do not change — the customer is
 * not told twice: the OrderCompleted published again is a new SNS message, recorded once per order
 * and event type (services/notification/domain/notify.ts) — and the order invariant holds.
 * On the same stack: a parent execution that is not the order's own, or whose input the saga cannot
 * process, is refused at its first state, before anything is reserved; and a parent stopped while
 * its Express child is in flight leaves the child running, whose late steps change nothing.
 */
import { join } from 'node:path';
import type { Runtime } from 'offline-aws/runtime';
import { sagaMachines } from '../../unit/workflow/saga-states';
import { findStackViolations, readOrderRecords } from '../../../tools/offline/order-records';
import { runScenario } from '../../../tools/offline/scenario';
import { loadServices } from '../../../tools/offline/services';
import { startTestRuntime } from '../../support/runtime';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ skipWaitStates: true });
}, 240_000);
afterAll(() => runtime.stop());

it('running each Express child of a completed order again (as its parent would) changes none of its records, and the invariant holds', async () => {
  const result = await runScenario(runtime, join('events', 'workflow', 'happy-path.json'));
  expect(result).toMatchObject({ status: 'SUCCEEDED', consistency: [] });
  expect(result.children).toHaveLength(3);
  const orderId = (result.order as { orderId: string }).orderId;
  const parent = runtime.runner.listExecutions().find((e) => e.name === orderId && e.type === 'STANDARD');
  const services = await loadServices();
  const before = await readOrderRecords(runtime.stack, services, orderId);

  const [, ...children] = sagaMachines(runtime.stack.config);
  expect(children.map((child) => child.type)).toEqual(['EXPRESS', 'EXPRESS', 'EXPRESS']);
  const outcomes: string[] = [];
  for (const child of children) {
    const again = await runtime.runner.startExecution(
      undefined,
      { order: parent?.input ?? null, execution: orderId },
      child.stateMachineArn,
    ).completion;
    outcomes.push(`${child.name} ${again.status}${again.error ? ` ${again.error}` : ''}`);
  }
  await runtime.messaging.drain();
  // Each step tolerates it: capture, shipment, completion and the announcement answer as the first
  // time; the confirmation of an order that has moved on (COMPLETED) is refused, writing nothing.
  expect(outcomes).toEqual([
    'reserveAndConfirm FAILED InvalidStatusTransition',
    'captureAndShip SUCCEEDED',
    'completeOrder SUCCEEDED',
  ]);

  const after = await readOrderRecords(runtime.stack, services, orderId);
  expect(after).toEqual(before);
  expect((after.notifications as { type: string }[]).filter((n) => n.type === 'OrderCompleted')).toHaveLength(1);
  expect(await findStackViolations(runtime.stack, services, { only: new Set([orderId]) })).toEqual([]);
}, 120_000);

describe('the saga refuses at its first state, before anything is reserved', () => {
  it("an order's input replayed under another execution name: nothing of the completed order changes", async () => {
    const result = await runScenario(runtime, join('events', 'workflow', 'happy-path.json'));
    const orderId = (result.order as { orderId: string }).orderId;
    const parent = runtime.runner.listExecutions().find((e) => e.name === orderId && e.type === 'STANDARD');
    const services = await loadServices();
    const before = await readOrderRecords(runtime.stack, services, orderId);
    const replay = await runtime.runner.startExecution(`${orderId}-replay`, parent?.input ?? null).completion;
    await runtime.events.drain();
    await runtime.messaging.drain();
    expect(replay).toMatchObject({ status: 'FAILED', error: 'NotTheOrdersExecution' });
    expect(replay.trace.map((state) => state.name)).toEqual(['AssessRisk', 'RefuseForeignExecution']);
    // The reconciler ignores it too: its name is not the order id.
    expect(await readOrderRecords(runtime.stack, services, orderId)).toEqual(before);
  }, 120_000);

  it('a child started by another execution for the order: its first step refuses, nothing changes', async () => {
    const result = await runScenario(runtime, join('events', 'workflow', 'happy-path.json'));
    const orderId = (result.order as { orderId: string }).orderId;
    const parent = runtime.runner.listExecutions().find((e) => e.name === orderId && e.type === 'STANDARD');
    const services = await loadServices();
    const before = await readOrderRecords(runtime.stack, services, orderId);
    const [, reserve] = sagaMachines(runtime.stack.config);
    const child = await runtime.runner.startExecution(
      undefined,
      { order: parent?.input ?? null, execution: `${orderId}-replay` },
      reserve?.stateMachineArn,
    ).completion;
    await runtime.messaging.drain();
    expect(child).toMatchObject({ status: 'FAILED', error: 'NotTheOrdersExecution' });
    expect(await readOrderRecords(runtime.stack, services, orderId)).toEqual(before);
  }, 120_000);

  it('an input without its total fails InvalidOrderInput at once: no stock held, no payment', async () => {
    const result = await runScenario(runtime, join('events', 'workflow', 'happy-path.json'));
    const orderId = (result.order as { orderId: string }).orderId;
    const services = await loadServices();
    // A completed order's input, for a new order id, named by it (its own execution), without total.
    const input = { ...(runtime.runner.listExecutions().find((e) => e.name === orderId)?.input as object) };
    const fresh = `ord_${'c'.repeat(32)}`;
    delete (input as { total?: unknown }).total;
    const run = await runtime.runner.startExecution(fresh, { ...input, orderId: fresh }).completion;
    await runtime.events.drain();
    expect(run).toMatchObject({
      status: 'FAILED',
      error: 'InvalidOrderInput',
      cause: 'The execution input is not an order the saga can process (WorkflowInputSchema): total: missing',
    });
    expect(await findStackViolations(runtime.stack, services, { only: new Set([fresh]) })).toEqual([]);
    const records = await readOrderRecords(runtime.stack, services, fresh);
    expect(records).toMatchObject({ inventory: null, payment: null });
  }, 120_000);
});

// StopExecution does not support Express executions (API_StopExecution.html): a parent stopped
// while its Express child is in flight leaves the child running, so the child's next step may land
// after the reconciler undid the order. The undo steps leave records the forward steps honour (the
// saga literature's "version file"): a shipment booked after its cancellation is refused.
it('a stopped parent’s Express child acting after the reconciler undid the order changes nothing', async () => {
  const services = await loadServices();
  const apply = runtime.faults.apply.bind(runtime.faults);
  let reached = (): void => undefined;
  const atShipment = new Promise<void>((resolve) => (reached = resolve));
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = jest.spyOn(runtime.faults, 'apply').mockImplementation(async (site, call) => {
    if (site.stateName === 'CreateShipment') {
      reached();
      await gate;
    }
    return apply(site, call);
  });
  const scenario = runScenario(runtime, join('events', 'workflow', 'happy-path.json'));
  try {
    await atShipment;
    const [parent] = runtime.runner.listExecutions().filter((e) => e.type === 'STANDARD' && e.status === 'RUNNING');
    const orderId = parent?.name ?? '';
    runtime.runner.stopExecution(parent?.executionArn ?? '', 'StoppedByOperator', 'stopped during the shipment');
    // The reconciler (on the ABORTED event) runs while the child waits at CreateShipment.
    await parent?.completion;
    await runtime.events.drain();
    await runtime.messaging.drain();
    expect(await readOrderRecords(runtime.stack, services, orderId)).toMatchObject({
      payment: { status: 'REFUNDED' },
      shipping: { status: 'CANCELLED', nothingToUndo: true },
      inventory: { status: 'RELEASED' },
    });
    release();
    const result = await scenario;
    expect(result).toMatchObject({ status: 'ABORTED', consistency: [] });
    expect(result.order).toMatchObject({ status: 'CANCELLED', reason: 'ExecutionAborted' });
    // The child ran on to its end and "created" the shipment: it found the cancellation's record, and booked nothing.
    const child = runtime.runner
      .listExecutions()
      .find(
        (e) =>
          e.type === 'EXPRESS' &&
          (e.input as { execution?: string }).execution === orderId &&
          e.name !== orderId &&
          /capture/i.test(e.stateMachineArn),
      );
    expect(child?.status).toBe('SUCCEEDED');
    expect(await readOrderRecords(runtime.stack, services, orderId)).toMatchObject({
      shipping: { status: 'CANCELLED', nothingToUndo: true },
      payment: { status: 'REFUNDED' },
    });
  } finally {
    release();
    await scenario.catch(() => undefined);
    held.mockRestore();
  }
}, 120_000);
