/**
 * A state machine definition (Amazon States Language,
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html) read
 * as a graph the console draws: every state (branches of Parallel and Map states included) and
 * every transition (Next, Default, Choices[].Next, Catch[].Next, End). Pure: runs in the page and
 * in Node alike, and needs nothing but the definition's JSON text.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface StateNode {
  name: string;
  type: string;
  comment?: string;
  /** The Task's Resource (an ARN), as written. */
  resource?: string;
  /** Marked in the definition with a Comment starting "Compensation" (the project's convention). */
  compensation: boolean;
  /** `.waitForTaskToken`: the state waits for SendTaskSuccess/SendTaskFailure. */
  waitsForToken: boolean;
  /** The scope holding the state: `root`, or `<Parallel or Map state>#<branch index>`. */
  scope: string;
  /** End: true, or a Succeed/Fail state: the scope ends after it. */
  terminal: boolean;
  /** The state's own definition object. */
  definition: JsonObject;
}

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'start' | 'end';

export interface Transition {
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  /** For a Catch: the errors it catches (`States.ALL`, …); for a Choice rule: its variable. */
  label?: string;
}

export interface Scope {
  id: string;
  /** The Parallel or Map state that holds it (absent for the root). */
  owner?: string;
  startAt: string;
}

export interface DefinitionGraph {
  states: Map<string, StateNode>;
  scopes: Scope[];
  transitions: Transition[];
  /** The root scope's start and end markers are nodes too (their ids). */
  startId: string;
  endId: string;
}

export const START_ID = '__start__';
export const END_ID = '__end__';

const asObject = (value: Json | undefined): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
const asString = (value: Json | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/** Parses a definition (its JSON text or the parsed object). @throws Error when it has no States/StartAt. */
export function readDefinition(definition: string | JsonObject): DefinitionGraph {
  const root = typeof definition === 'string' ? asObject(JSON.parse(definition) as Json) : definition;
  if (!asString(root.StartAt) || Object.keys(asObject(root.States)).length === 0) {
    throw new Error('Not a state machine definition: it needs "StartAt" and "States"');
  }
  const graph: DefinitionGraph = {
    states: new Map(),
    scopes: [],
    transitions: [],
    startId: START_ID,
    endId: END_ID,
  };
  collect(graph, root, 'root');
  const first = asString(root.StartAt);
  if (first) graph.transitions.push({ id: `${START_ID}->${first}`, from: START_ID, to: first, kind: 'start' });
  for (const state of graph.states.values()) {
    if (state.scope === 'root' && state.terminal) {
      graph.transitions.push({ id: `${state.name}->${END_ID}`, from: state.name, to: END_ID, kind: 'end' });
    }
  }
  return graph;
}

/**
 * Adds a container's states (`StartAt` and `States`, e.g. a child state machine's definition) as
 * the scope `<owner>#0` of the state `owner`, drawn inside it as a Parallel's branch is.
 * Names must not collide with the graph's (model/children.ts renames them first).
 */
export function nestScope(graph: DefinitionGraph, owner: string, container: JsonObject): void {
  collect(graph, container, `${owner}#0`, owner);
}

function collect(graph: DefinitionGraph, container: JsonObject, scope: string, owner?: string): void {
  const startAt = asString(container.StartAt) ?? '';
  graph.scopes.push({ id: scope, startAt, ...(owner === undefined ? {} : { owner }) });
  for (const [name, raw] of Object.entries(asObject(container.States))) {
    const state = asObject(raw);
    const type = asString(state.Type) ?? 'Unknown';
    const comment = asString(state.Comment);
    const resource = asString(state.Resource);
    graph.states.set(name, {
      name,
      type,
      ...(comment === undefined ? {} : { comment }),
      ...(resource === undefined ? {} : { resource }),
      compensation: comment?.startsWith('Compensation') ?? false,
      waitsForToken: resource?.endsWith('.waitForTaskToken') ?? false,
      scope,
      terminal: state.End === true || type === 'Succeed' || type === 'Fail',
      definition: state,
    });
    addTransitions(graph, name, state);
    const branches = Array.isArray(state.Branches) ? state.Branches : [];
    branches.forEach((branch, index) => collect(graph, asObject(branch), `${name}#${index}`, name));
    const iterator = asObject(state.ItemProcessor ?? state.Iterator);
    if (iterator.States) collect(graph, iterator, `${name}#0`, name);
  }
}

function addTransitions(graph: DefinitionGraph, from: string, state: JsonObject): void {
  const add = (to: string | undefined, kind: EdgeKind, label?: string) => {
    if (to === undefined) return;
    const id = `${from}->${to}`;
    // One drawn edge per pair of states; the first kind wins (Next before Catch).
    if (graph.transitions.some((t) => t.id === id)) return;
    graph.transitions.push({ id, from, to, kind, ...(label === undefined ? {} : { label }) });
  };
  add(asString(state.Next), 'next');
  for (const rule of Array.isArray(state.Choices) ? state.Choices : []) {
    add(asString(asObject(rule).Next), 'choice', asString(asObject(rule).Variable));
  }
  add(asString(state.Default), 'default');
  for (const catcher of Array.isArray(state.Catch) ? state.Catch : []) {
    const errors = asObject(catcher).ErrorEquals;
    add(asString(asObject(catcher).Next), 'catch', Array.isArray(errors) ? errors.join(', ') : undefined);
  }
}

export interface DefinitionFile {
  /** The ASL text. */
  definition: string;
  /** describe-state-machine's `name` and `stateMachineArn`, when the file is its answer. */
  name?: string;
  stateMachineArn?: string;
}

/**
 * A definition file: the answer of `aws stepfunctions describe-state-machine` (its `definition`
 * field, https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html)
 * or the ASL definition itself. @throws Error when it is neither (readDefinition's message).
 */
export function readDefinitionFile(text: string): DefinitionFile {
  const value = asObject(JSON.parse(text) as Json);
  const definition = asString(value.definition) ?? text;
  readDefinition(definition);
  const name = asString(value.name);
  const stateMachineArn = asString(value.stateMachineArn);
  return {
    definition,
    ...(name === undefined ? {} : { name }),
    ...(stateMachineArn === undefined ? {} : { stateMachineArn }),
  };
}

/**
 * Whether two definitions are of the same state machine: the same start and the same states of
 * the same types (a deployed stage's copy differs in its ARNs only).
 */
export function sameStates(a: DefinitionGraph, b: DefinitionGraph): boolean {
  const shape = (graph: DefinitionGraph) =>
    JSON.stringify([graph.scopes[0]?.startAt, [...graph.states.values()].map((s) => `${s.name}:${s.type}`).sort()]);
  return shape(a) === shape(b);
}

/** The states a state can go on to. */
export function successors(graph: DefinitionGraph, name: string): string[] {
  return graph.transitions.filter((t) => t.from === name).map((t) => t.to);
}

/**
 * The states that hold a state, innermost first (empty at the top level): Parallel and Map
 * states, and a Task whose child execution is drawn inside it (model/children.ts). Its
 * scope's owner, that state's scope's owner, and so on.
 */
export function containersOf(graph: DefinitionGraph, name: string): string[] {
  const owners: string[] = [];
  let scope = graph.states.get(name)?.scope;
  while (scope !== undefined && scope !== 'root') {
    const owner = graph.scopes.find((s) => s.id === scope)?.owner;
    if (owner === undefined || owners.includes(owner)) break;
    owners.push(owner);
    scope = graph.states.get(owner)?.scope;
  }
  return owners;
}

/**
 * A Map state whose ItemProcessor runs in DISTRIBUTED mode: its iterations are child executions
 * of a Map Run, with histories of their own, not events of this one
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html).
 */
export function isDistributedMap(state: StateNode | undefined): boolean {
  const processor = asObject(state?.definition.ItemProcessor);
  return state?.type === 'Map' && asObject(processor.ProcessorConfig).Mode === 'DISTRIBUTED';
}

/**
 * A JSONPath of the simple form Step Functions' `*Path` fields mostly use (`$.a.b`, `$.a[0]`,
 * `$['a']`) evaluated on `value`; undefined when the path is of another form or leads nowhere.
 */
export function readPath(value: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined;
  const steps = path.slice(1).match(/\.[A-Za-z_$][\w$-]*|\[\d+\]|\['[^']*'\]/g) ?? [];
  if (steps.join('') !== path.slice(1)) return undefined;
  let current: unknown = value;
  for (const step of steps) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = step.startsWith('.')
      ? step.slice(1)
      : step.startsWith("['")
        ? step.slice(2, -2)
        : Number(step.slice(1, -1));
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
