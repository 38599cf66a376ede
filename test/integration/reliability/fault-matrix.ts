/**
 * The fault matrix: a Task state, a fault mode, and the way into that state (a scenario plus the
 * faults that lead there). Whatever fails, the execution must end in one of the definition's own end
 * states (never on an unhandled error) and the order invariant must hold afterwards — or the order
 * is in the dead-letter queue and ops were alerted.
 *
 * `npm test` runs one mode on one state of each fault group (fault-matrix.test.ts); `npm run
 * test:slow` runs every state × every mode (test/slow/fault-matrix.test.ts).
 */
import { join } from 'node:path';
import type { Runtime } from 'offline-aws/runtime';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import type { WorkflowDefinition } from 'offline-aws/engine/definition';
import { sagaMachines } from '../../unit/workflow/saga-states';
import type { FaultSpec } from 'offline-aws/engine/faults';
import { runScenario } from '../../../tools/offline/scenario';
import { readScenario, type ScenarioResult } from '../../../tools/offline/scenario-file';

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

/** The saga's state machines: the Standard parent first, then its Express children. */
interface Saga {
  machines: readonly WorkflowDefinition[];
}
const sagaOf = (source: Runtime | Saga): Saga =>
  'machines' in source ? source : { machines: sagaMachines(source.stack.config) };

/**
 * For each Task state, the first route whose fault-free run enters it. A child's states are entered
 * when the parent's Task that starts the child is (the parent's trace shows that Task; an Express
 * child keeps no history of its own).
 */
export async function routesByState(runtime: Runtime): Promise<Map<string, Route>> {
  const [parent, ...children] = sagaOf(runtime).machines;
  const starters = new Map(
    children.map((child) => {
      const starter = Object.entries(parent?.definition.States ?? {}).find(([, raw]) => {
        const args = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw.Arguments : undefined;
        const arn = args !== null && typeof args === 'object' && !Array.isArray(args) ? args?.StateMachineArn : '';
        return typeof arn === 'string' && arn.startsWith(`${child.stateMachineArn}:`);
      });
      return [starter?.[0] ?? '', child] as const;
    }),
  );
  const routeOf = new Map<string, Route>();
  const reach = (name: string, route: Route) => {
    if (!routeOf.has(name)) routeOf.set(name, route);
  };
  for (const route of ROUTES) {
    const result = await runWithFaults(runtime, route.file, route.faults);
    for (const state of result.states) {
      reach(state.name, route);
      for (const inner of starters.get(state.name)?.states.values() ?? []) reach(inner.name, route);
    }
  }
  return routeOf;
}

/** The Task states of the saga, its Express children's included. */
export const taskStates = (runtime: Runtime): string[] =>
  sagaOf(runtime).machines.flatMap((machine) =>
    [...machine.states.values()].filter((s) => s.type === 'Task').map((s) => s.name),
  );

export const MODES: [string, (state: string) => FaultSpec][] = [
  ['transient', (state) => always(state, 'transient')],
  ['permanent', (state) => always(state, 'permanent')],
  ['timeout', (state) => always(state, 'timeout')],
  ['after:Lambda.Unknown', (state) => always(state, 'after', 'Lambda.Unknown')],
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Every state of the definition as written, Parallel branches and Map processors included. */
function rawStates(states: Json | undefined, into = new Map<string, JsonObject>()): Map<string, JsonObject> {
  if (states === null || typeof states !== 'object' || Array.isArray(states)) return into;
  for (const [name, state] of Object.entries(states)) {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) continue;
    into.set(name, state);
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
      if (branch !== null && typeof branch === 'object' && !Array.isArray(branch)) rawStates(branch.States, into);
    }
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor !== null && typeof processor === 'object' && !Array.isArray(processor)) {
      rawStates(processor.States, into);
    }
  }
  return into;
}

/**
 * The Task states grouped by how a fault plays out in them, read from the definition: where each
 * Catch sends it, how it is retried, what the state calls (a Lambda, SNS, SQS…), and the Parallel
 * it runs in. States of one group fail alike; `npm test` injects every mode into the first state of
 * each group, `npm run test:slow` into all of them. Derived, so a new state needs no edit here.
 */
export function faultGroups(source: Runtime | Saga): string[][] {
  const groups = new Map<string, string[]>();
  // The machine is part of the key: a child's step (no Catch: the parent's Task catches) fails
  // differently from a parent's step with the same blocks.
  for (const workflow of sagaOf(source).machines) {
    const raw = rawStates(workflow.definition.States);
    for (const state of workflow.states.values()) {
      if (state.type !== 'Task') continue;
      const written = raw.get(state.name) ?? {};
      const key = JSON.stringify([
        workflow.name,
        written.Catch ?? null,
        written.Retry ?? null,
        state.target?.kind,
        state.parent ?? null,
      ]);
      groups.set(key, [...(groups.get(key) ?? []), state.name]);
    }
  }
  return [...groups.values()];
}

/**
 * Where the Catch of these states send a caught error (the paths a fault can take out of them); a
 * child's step catches nothing (the parent's Task that starts the child does).
 */
export function catchTargets(runtime: Runtime, states: string[]): Set<string> {
  const raw = new Map(sagaOf(runtime).machines.flatMap((machine) => [...rawStates(machine.definition.States)]));
  const targets = states.flatMap((name) => {
    const catchers = raw.get(name)?.Catch;
    return Array.isArray(catchers)
      ? catchers.map((catcher) =>
          catcher !== null && typeof catcher === 'object' && !Array.isArray(catcher) ? String(catcher.Next) : '',
        )
      : [];
  });
  return new Set(targets);
}

/** The first Task state of each fault group: together they reach every Catch target (a fault group shares its Catch). */
export const representativeStates = (runtime: Runtime): string[] =>
  faultGroups(runtime).flatMap((group) => group.slice(0, 1));

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

/** Task states that a fault within their Retry budget must not stop: the order still completes. */
export const HEALING_STATES = [
  'ReserveInventory',
  'AuthorizePayment',
  'ConfirmOrder',
  'CapturePayment',
  'CreateShipment',
];

/** The faults each of HEALING_STATES must heal from: mode and how many times it strikes. */
export const HEALING_FAULTS = [
  ['transient', 2],
  ['timeout', 1],
  ['after', 1],
] as const;

/**
 * One of `states` per fault group of the project's definition (read from serverless.yml at test
 * collection, before any runtime starts): `npm test` heals one state of each group, `npm run
 * test:slow` all of them.
 */
export function onePerFaultGroup(states: readonly string[]): string[] {
  const groups = faultGroups({ machines: sagaMachines(loadServerlessConfig()) });
  const taken = new Set<number>();
  return states.filter((state) => {
    const group = groups.findIndex((members) => members.includes(state));
    if (taken.has(group)) return false;
    taken.add(group);
    return true;
  });
}

/** Happy path with `state` failing `times` in `mode`: it must still complete, consistently. */
export async function expectHeals(
  runtime: Runtime,
  state: string,
  mode: (typeof HEALING_FAULTS)[number][0],
  times: number,
): Promise<void> {
  const result = await runWithFaults(runtime, scenarioFile('happy-path'), [
    { target: state, mode, times, ...(mode === 'after' ? { error: 'Lambda.ClientExecutionTimeoutException' } : {}) },
  ]);
  expect(result).toMatchObject({ status: 'SUCCEEDED', error: null, consistency: [] });
  expect(orderStatus(result)).toBe('COMPLETED');
}
