/**
 * The fault matrix: a Task state, a fault mode, and the way into that state (a scenario plus the
 * faults that lead there). Whatever fails, the execution must end in one of the definition's own end
 * states (never on an unhandled error) and the order invariant must hold afterwards — or the order
 * is in the dead-letter queue and ops were alerted.
 *
 * `npm test` runs every mode on the states from the pivot on and on one state of every other phase
 * (fault-matrix.test.ts); `npm run test:slow` runs every state × every mode
 * (fault-matrix.slow.test.ts).
 */
import { join } from 'node:path';
import type { Runtime } from '../../../local/runtime';
import type { FaultSpec } from '../../../local/workflow/faults';
import { readScenario, runScenario, type ScenarioResult } from '../../../local/workflow/scenario';

export const scenarioFile = (name: string): string => join('events', 'workflow', `${name}.json`);

export const always = (target: string, mode: FaultSpec['mode'], error?: string): FaultSpec => ({
  target,
  mode,
  ...(error ? { error } : {}),
  times: Number.POSITIVE_INFINITY,
});

export const orderStatus = (result: ScenarioResult): string | undefined =>
  (result.order as { status?: string } | null)?.status;

/** Runs a scenario with these faults injected (and none afterwards). */
export async function runWithFaults(runtime: Runtime, file: string, faults: FaultSpec[]): Promise<ScenarioResult> {
  runtime.faults.configure(faults);
  try {
    return await runScenario(runtime, file, readScenario(file));
  } finally {
    runtime.faults.configure([]);
  }
}

export interface Route {
  name: string;
  file: string;
  faults: FaultSpec[];
}

/**
 * The ways into every part of the definition: a scenario, plus the fault that leads there. Each
 * leaves the records consistent on its own, so the fault under test is what is checked.
 */
export const ROUTES: Route[] = [
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
export async function routesByState(runtime: Runtime): Promise<Map<string, Route>> {
  const routeOf = new Map<string, Route>();
  for (const route of ROUTES) {
    const result = await runWithFaults(runtime, route.file, route.faults);
    for (const state of result.states) if (!routeOf.has(state.name)) routeOf.set(state.name, route);
  }
  return routeOf;
}

export const taskStates = (runtime: Runtime): string[] =>
  [...runtime.runner.workflow.states.values()].filter((s) => s.type === 'Task').map((s) => s.name);

export const MODES: [string, (state: string) => FaultSpec][] = [
  ['transient', (state) => always(state, 'transient')],
  ['permanent', (state) => always(state, 'permanent')],
  ['timeout', (state) => always(state, 'timeout')],
  ['after:Lambda.Unknown', (state) => always(state, 'after', 'Lambda.Unknown')],
];

/**
 * The definition's Task states by phase of the saga (the pivot is CreateShipment: forward recovery
 * after it, compensation before it). A test checks that this names every Task state once, so a new
 * state has to be placed, and so lands in the `npm test` subset when its phase needs it.
 */
export const PHASES: Record<string, string[]> = {
  review: ['RequestReview', 'MarkOrderRejected'],
  reserveAndAuthorize: ['ReserveInventory', 'AuthorizePayment'],
  confirm: ['ConfirmOrder', 'CloseFulfilmentWindow'],
  capture: ['CapturePayment'],
  pivot: ['CreateShipment'],
  afterPivot: ['CompleteOrder', 'PublishOrderCompleted'],
  completionDeadLetter: ['SendCompletionToDeadLetterQueue', 'AlertCompletionFailed'],
  compensation: ['CancelShipment', 'RefundPayment', 'ReleaseInventory', 'MarkOrderCancelled', 'PublishOrderCancelled'],
  compensationDeadLetter: ['SendToDeadLetterQueue', 'AlertOperations', 'MarkCompensationFailed'],
};

/** Phases whose every state is in the `npm test` subset: the pivot and the forward recovery after it. */
const FROM_THE_PIVOT_ON = ['pivot', 'afterPivot', 'completionDeadLetter'];

/** The `npm test` subset: every state from the pivot on, and the first state of every other phase. */
export const REPRESENTATIVE_STATES: string[] = Object.entries(PHASES).flatMap(([phase, states]) =>
  FROM_THE_PIVOT_ON.includes(phase) ? states : states.slice(0, 1),
);

/**
 * Runs `fault(state)` for each state through its route; returns one line per run that did not end
 * in a state of the definition with the invariant holding (or dead-lettered with an alert).
 */
export async function matrixViolations(
  runtime: Runtime,
  routeOf: ReadonlyMap<string, Route>,
  states: string[],
  fault: (state: string) => FaultSpec,
): Promise<string[]> {
  const outcomes: string[] = [];
  for (const state of states) {
    const route = routeOf.get(state);
    if (!route) continue; // reported by the route coverage test
    const result = await runWithFaults(runtime, route.file, [
      ...route.faults.filter((f) => f.target !== state),
      fault(state),
    ]);
    const last = result.states.at(-1);
    const endedInDefinition = result.status === 'SUCCEEDED' || (result.status === 'FAILED' && last?.type === 'Fail');
    const consistent = result.consistency.length === 0;
    const escalated = result.deadLettered && result.alerts.length > 0;
    if (!endedInDefinition || !(consistent || escalated)) {
      outcomes.push(
        `${state} (${route.name}): ${result.status} ${result.error ?? ''} at ${last?.name ?? '-'}, ` +
          `order ${orderStatus(result) ?? '-'}, violations ${JSON.stringify(result.consistency)}, ` +
          `deadLettered ${result.deadLettered}, alerts ${result.alerts.join(',') || '-'}`,
      );
    }
  }
  return outcomes;
}
