/**
 * What the graph draws and the ELK graph it is laid out from: the states shown (those that did not
 * run may be left out), the transitions between them, and the Catch transitions folded into one
 * "on error" node per target: when two or more states of a scope catch into the same state, each
 * shows a small error port (`⚡1`) and one dashed edge leaves the group's node for the target,
 * instead of one dashed line from each (a definition with a dead-letter path has a dozen).
 * Pure: no DOM, so it is unit-tested in Node.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import { END_ID, START_ID, type DefinitionGraph, type StateNode, type Transition } from '../model/definition';

export const NODE_HEIGHT = 46;
export const MARKER = 22;
export const CATCH_HEIGHT = 26;
const CHAR_WIDTH = 7.4;
/** Room for a state's error port (`⚡1`). */
const PORT_WIDTH = 30;

/** One "on error" node: every Catch of a scope that leads to `target`. */
export interface CatchGroup {
  /** The node's id: `__catch__<target>`. */
  id: string;
  target: string;
  scope: string;
  /** The states whose Catch leads to the target, in definition order. */
  sources: string[];
  /** Its number, 1, 2, … (shown on the node and on each source's port). */
  key: number;
  /** The errors each source catches into the target (`States.ALL`, …), by source. */
  errors: Map<string, string>;
}

export interface ShownGraph {
  /** The states drawn (every one unless hidden). */
  states: StateNode[];
  /** The edges drawn: transitions between shown states, and one per catch group (`<group id>-><target>`). */
  transitions: Transition[];
  groups: CatchGroup[];
  /** Group of a source state, by state name (a state in two groups keeps the first). */
  portOf: Map<string, CatchGroup>;
}

export const catchNodeId = (target: string) => `__catch__${target}`;

/**
 * The graph as drawn, without the `hidden` states (a container whose states are all hidden is drawn
 * as a plain state). A catch target entered by a single shown Catch keeps its dashed line.
 */
export function shownGraph(graph: DefinitionGraph, hidden: ReadonlySet<string> = new Set()): ShownGraph {
  const states = [...graph.states.values()].filter((state) => !hidden.has(state.name));
  const shown = (id: string) => id === START_ID || id === END_ID || (graph.states.has(id) && !hidden.has(id));
  const visible = graph.transitions.filter((t) => shown(t.from) && shown(t.to));
  const catches = new Map<string, Transition[]>();
  for (const t of visible.filter((t) => t.kind === 'catch')) catches.set(t.to, [...(catches.get(t.to) ?? []), t]);
  const groups: CatchGroup[] = [];
  const folded = new Set<string>();
  for (const [target, into] of catches) {
    if (into.length < 2) continue;
    const group: CatchGroup = {
      id: catchNodeId(target),
      target,
      scope: graph.states.get(target)?.scope ?? 'root',
      sources: into.map((t) => t.from),
      key: groups.length + 1,
      errors: new Map(into.map((t) => [t.from, t.label ?? 'States.ALL'])),
    };
    groups.push(group);
    for (const t of into) folded.add(t.id);
  }
  const transitions: Transition[] = [
    ...visible.filter((t) => !folded.has(t.id)),
    ...groups.map((g) => ({ id: `${g.id}->${g.target}`, from: g.id, to: g.target, kind: 'catch' as const })),
  ];
  const portOf = new Map<string, CatchGroup>();
  for (const group of groups) for (const source of group.sources) if (!portOf.has(source)) portOf.set(source, group);
  return { states, transitions, groups, portOf };
}

/** What a Task calls, in a few words: the function's short name or the integration. */
export function calls(state: StateNode): string {
  const resource = state.resource ?? '';
  const functionArn = resource.startsWith('arn:aws:states:::lambda:invoke')
    ? // JSONPath names the function in Parameters, JSONata in Arguments.
      ((state.definition.Arguments ?? state.definition.Parameters) as { FunctionName?: unknown } | undefined)
        ?.FunctionName
    : resource;
  if (typeof functionArn === 'string' && functionArn.includes(':function:')) {
    const name = functionArn.split(':function:')[1] ?? '';
    return `λ ${name.split('-').at(-1) ?? name}`;
  }
  if (resource.startsWith('arn:aws:states:::')) return resource.slice('arn:aws:states:::'.length);
  return state.type;
}

export function subtitle(state: StateNode): string {
  if (state.type === 'Task') return calls(state);
  return state.type;
}

export const stateWidth = (state: StateNode, port: boolean) =>
  Math.max(150, Math.ceil(Math.max(state.name.length * CHAR_WIDTH, subtitle(state).length * 6.4)) + 48) +
  (port ? PORT_WIDTH : 0);

export const catchLabel = (group: CatchGroup) => `⚡${group.key} on error · ${group.sources.length} states`;

/** The ELK graph of what is shown: compound nodes for the branches of Parallel and Map states. */
export function elkGraph(graph: DefinitionGraph, shown: ShownGraph): ElkNode {
  const scopeStates = (scope: string) => shown.states.filter((state) => state.scope === scope);
  const scopeNodes = (scope: string): ElkNode[] => [
    ...scopeStates(scope).map(nodeOf),
    ...shown.groups
      .filter((g) => g.scope === scope)
      .map((g) => ({ id: g.id, width: catchLabel(g).length * 6.6 + 20, height: CATCH_HEIGHT })),
  ];
  const nodeOf = (state: StateNode): ElkNode => {
    const branches = graph.scopes.filter((scope) => scope.owner === state.name);
    const port = shown.portOf.has(state.name);
    if (branches.every((scope) => scopeStates(scope.id).length === 0)) {
      return { id: state.name, width: stateWidth(state, port), height: NODE_HEIGHT };
    }
    return {
      id: state.name,
      layoutOptions: { 'elk.padding': `[top=34,left=12,bottom=${port ? 24 : 12},right=12]` },
      children: branches.map((scope) => ({
        id: scope.id,
        layoutOptions: { 'elk.padding': '[top=10,left=10,bottom=10,right=10]' },
        children: scopeNodes(scope.id),
      })),
    };
  };
  const edges: ElkExtendedEdge[] = shown.transitions.map((t) => ({ id: t.id, sources: [t.from], targets: [t.to] }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '34',
      'elk.spacing.nodeNode': '26',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: [
      { id: START_ID, width: MARKER, height: MARKER },
      ...scopeNodes('root'),
      { id: END_ID, width: MARKER, height: MARKER },
    ],
    edges,
  };
}

/** A branch's index in its Parallel or Map (`<owner>#<index>`). */
const branchIndex = (scopeId: string) => Number(/#(\d+)$/.exec(scopeId)?.[1] ?? 0);

/**
 * Puts each Parallel's branch boxes back in the definition's order, left to right, in the places
 * ELK gave them: its crossing minimisation orders sibling compound nodes as it likes, and model
 * order does not reach them under INCLUDE_CHILDREN. Only a row of boxes is reordered (they share a
 * layer when no edge joins them, as in a Parallel); their contents and the edges inside them move
 * with them, their coordinates being relative to the box. Changes `laid` in place.
 */
export function orderBranches(laid: ElkNode, graph: DefinitionGraph): void {
  const visit = (node: ElkNode) => {
    const branches = (node.children ?? []).filter((child) =>
      graph.scopes.some((scope) => scope.id === child.id && scope.owner === node.id),
    );
    const byX = [...branches].sort((a, b) => (a.x ?? 0) - (b.x ?? 0));
    const inRow = byX.every((box, i) => i === 0 || (box.x ?? 0) >= (byX[i - 1]?.x ?? 0) + (byX[i - 1]?.width ?? 0));
    if (byX.length > 1 && inRow) {
      const gaps = byX.slice(1).map((box, i) => (box.x ?? 0) - ((byX[i]?.x ?? 0) + (byX[i]?.width ?? 0)));
      const gap = Math.min(...gaps);
      let x = byX[0]?.x ?? 0;
      for (const box of [...branches].sort((a, b) => branchIndex(a.id) - branchIndex(b.id))) {
        box.x = x;
        x += (box.width ?? 0) + gap;
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(laid);
}
