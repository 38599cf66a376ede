/**
 * The state machine drawn from its definition: ELK's layered layout (elkjs; compound nodes for the
 * branches of Parallel and Map states, edges across them) rendered as SVG. The drawing is made
 * once per definition; each refresh only changes the classes that colour states and edges.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { END_ID, START_ID, type DefinitionGraph, type StateNode } from '../model/definition';
import { STATUS_LABELS, type StateOutcome } from '../model/outcome';
import { svg } from './dom';

const elk = new ELK();
const NODE_HEIGHT = 46;
const MARKER = 22;
const CHAR_WIDTH = 7.4;

/** What a Task calls, in a few words: the function's short name or the integration. */
export function calls(state: StateNode): string {
  const resource = state.resource ?? '';
  const functionArn = resource.startsWith('arn:aws:states:::lambda:invoke')
    ? (state.definition.Parameters as { FunctionName?: unknown } | undefined)?.FunctionName
    : resource;
  if (typeof functionArn === 'string' && functionArn.includes(':function:')) {
    const name = functionArn.split(':function:')[1] ?? '';
    return `λ ${name.split('-').at(-1) ?? name}`;
  }
  if (resource.startsWith('arn:aws:states:::')) return resource.slice('arn:aws:states:::'.length);
  return state.type;
}

function subtitle(state: StateNode): string {
  if (state.type === 'Task') return calls(state);
  if (state.type === 'Wait') return 'Wait';
  return state.type;
}

const width = (state: StateNode) =>
  Math.max(150, Math.ceil(Math.max(state.name.length * CHAR_WIDTH, subtitle(state).length * 6.4)) + 48);

function elkGraph(graph: DefinitionGraph): ElkNode {
  const nodeOf = (state: StateNode): ElkNode => {
    const branches = graph.scopes.filter((scope) => scope.owner === state.name);
    if (branches.length === 0) return { id: state.name, width: width(state), height: NODE_HEIGHT };
    return {
      id: state.name,
      layoutOptions: { 'elk.padding': '[top=34,left=12,bottom=12,right=12]' },
      children: branches.map((scope) => ({
        id: scope.id,
        layoutOptions: { 'elk.padding': '[top=10,left=10,bottom=10,right=10]' },
        children: scopeStates(scope.id).map(nodeOf),
      })),
    };
  };
  const scopeStates = (scope: string) => [...graph.states.values()].filter((state) => state.scope === scope);
  const edges: ElkExtendedEdge[] = graph.transitions.map((t) => ({ id: t.id, sources: [t.from], targets: [t.to] }));
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
      ...scopeStates('root').map(nodeOf),
      { id: END_ID, width: MARKER, height: MARKER },
    ],
    edges,
  };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Lays the graph out and draws it. Nodes are `g[data-state]`, edges `path[data-edge]`. */
export async function drawGraph(graph: DefinitionGraph, onSelect: (state: string) => void): Promise<SVGSVGElement> {
  const laid = await elk.layout(elkGraph(graph));
  const boxes = new Map<string, Box>();
  const place = (node: ElkNode, dx: number, dy: number) => {
    const x = dx + (node.x ?? 0);
    const y = dy + (node.y ?? 0);
    boxes.set(node.id, { x, y, width: node.width ?? 0, height: node.height ?? 0 });
    for (const child of node.children ?? []) place(child, x, y);
  };
  place(laid, 0, 0);
  const root = svg('svg', {
    class: 'graph',
    role: 'group',
    'aria-label': 'The state machine: each state coloured by what happened',
    viewBox: `-4 -4 ${(laid.width ?? 0) + 8} ${(laid.height ?? 0) + 8}`,
    width: (laid.width ?? 0) + 8,
    height: (laid.height ?? 0) + 8,
  }) as SVGSVGElement;
  root.append(
    svg(
      'defs',
      {},
      svg(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 9,
          markerHeight: 9,
          markerUnits: 'userSpaceOnUse',
          orient: 'auto-start-reverse',
        },
        svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }),
      ),
    ),
  );
  // Containers first (behind), then edges, then states on top.
  for (const scope of graph.scopes.filter((s) => s.owner !== undefined)) {
    const owner = boxes.get(scope.owner ?? '');
    const box = boxes.get(scope.id);
    if (!owner || !box) continue;
    root.append(svg('rect', { class: 'branch', x: box.x, y: box.y, width: box.width, height: box.height, rx: 6 }));
  }
  const edges = (laid.edges ?? []) as ElkExtendedEdge[];
  for (const edge of edges) {
    const transition = graph.transitions.find((t) => t.id === edge.id);
    const offset = boxes.get(edge.container ?? 'root') ?? { x: 0, y: 0 };
    for (const section of edge.sections ?? []) {
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
      const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x + offset.x} ${p.y + offset.y}`).join(' ');
      const path = svg('path', {
        d,
        class: `edge edge-${transition?.kind ?? 'next'}`,
        'data-edge': edge.id,
        'marker-end': 'url(#arrow)',
      });
      if (transition?.label)
        path.append(svg('title', {}, `${transition.kind === 'catch' ? 'Catch' : 'When'} ${transition.label}`));
      root.append(path);
    }
  }
  for (const [id, box] of boxes) {
    if (id === START_ID || id === END_ID) {
      root.append(
        svg('circle', {
          class: `marker ${id === START_ID ? 'start' : 'end'}`,
          cx: box.x + MARKER / 2,
          cy: box.y + MARKER / 2,
          r: MARKER / 2 - 2,
        }),
        svg(
          'text',
          { class: 'marker-label', x: box.x + MARKER + 6, y: box.y + MARKER / 2 + 4 },
          id === START_ID ? 'Start' : 'End',
        ),
      );
      continue;
    }
    const state = graph.states.get(id);
    if (!state) continue;
    root.append(
      stateNode(
        state,
        box,
        graph.scopes.some((s) => s.owner === id),
        onSelect,
      ),
    );
  }
  return root;
}

function stateNode(state: StateNode, box: Box, container: boolean, onSelect: (state: string) => void): SVGElement {
  const group = svg('g', { class: 'state', 'data-state': state.name, tabindex: 0, role: 'button' });
  const height = container ? box.height : NODE_HEIGHT;
  group.append(
    svg('rect', { class: container ? 'box container' : 'box', x: box.x, y: box.y, width: box.width, height, rx: 8 }),
    svg('text', { class: 'icon', x: box.x + 10, y: box.y + 20 }),
    svg('text', { class: 'name', x: box.x + 28, y: box.y + 19 }, state.name),
    svg('text', { class: 'sub', x: box.x + 28, y: box.y + 35 }, subtitle(state)),
    svg('text', { class: 'badge', x: box.x + box.width - 8, y: box.y + 19, 'text-anchor': 'end' }),
  );
  const select = () => onSelect(state.name);
  group.addEventListener('click', (event) => {
    event.stopPropagation();
    select();
  });
  group.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select();
    }
  });
  return group;
}

const ICONS: Record<string, string> = {
  succeeded: '✓',
  retried: '↻',
  caught: '⤼',
  failed: '✕',
  compensation: '↶',
  waitingForToken: '‖',
  waitingUntil: '◔',
  running: '●',
  stopped: '■',
  notRun: '',
};

/** Colours states and edges for one moment of the execution; marks the selected state. */
export function paintGraph(
  root: SVGSVGElement,
  outcomes: Map<string, StateOutcome>,
  taken: Set<string>,
  selected: string | undefined,
): void {
  for (const group of root.querySelectorAll<SVGGElement>('g.state')) {
    const name = group.dataset.state ?? '';
    const outcome = outcomes.get(name);
    const status = outcome?.status ?? 'notRun';
    group.setAttribute('class', `state status-${status}${name === selected ? ' selected' : ''}`);
    const retries = outcome?.retries ?? 0;
    group.setAttribute(
      'aria-label',
      `${name}: ${STATUS_LABELS[status]}${retries > 0 ? `, ${retries} retries` : ''}${outcome?.error ? `, error ${outcome.error}` : ''}`,
    );
    const icon = group.querySelector('.icon');
    if (icon) icon.textContent = ICONS[status] ?? '';
    const badge = group.querySelector('.badge');
    if (badge) badge.textContent = retries > 0 ? `↻${retries}` : '';
  }
  for (const path of root.querySelectorAll<SVGPathElement>('path[data-edge]')) {
    const id = path.dataset.edge ?? '';
    const [from = '', to = ''] = id.split('->');
    const reached =
      to === END_ID ? outcomes.get(from)?.status !== undefined && endReached(outcomes.get(from)) : taken.has(id);
    const start = from === START_ID && (outcomes.get(to)?.status ?? 'notRun') !== 'notRun';
    path.classList.toggle('taken', reached || start);
  }
}

const endReached = (outcome: StateOutcome | undefined) =>
  outcome !== undefined &&
  !['notRun', 'running', 'waitingForToken', 'waitingUntil', 'stopped'].includes(outcome.status);
