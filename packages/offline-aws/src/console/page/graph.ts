/**
 * The state machine drawn from its definition: ELK's layered layout (elkjs; compound nodes for the
 * branches of Parallel and Map states, edges across them) rendered as SVG, with the states that did
 * not run left out on request and the Catch transitions into a shared target folded into one
 * "on error" node (graph-layout.ts). Each refresh only changes the classes that colour states and
 * edges; a new layout is made only when the states shown change.
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { END_ID, START_ID, type DefinitionGraph, type StateNode } from '../model/definition';
import { STATUS_LABELS, type StateOutcome } from '../model/outcome';
import { svg } from './dom';
import {
  CATCH_HEIGHT,
  catchLabel,
  catchNodeId,
  elkGraph,
  orderBranches,
  MARKER,
  NODE_HEIGHT,
  shownGraph,
  subtitle,
  type CatchGroup,
} from './graph-layout';
import { STATUS_ICONS } from './legend';

export { calls } from './graph-layout';

const elk = new ELK();

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const arrowMarker = () =>
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
  );

/**
 * Lays the graph out and draws it, without the `hidden` states. Nodes are `g[data-state]`, edges
 * `path[data-edge]` (`<from>-><to>`), catch groups `g.catch-group[data-catch]` with their edge's
 * `data-sources` (`|`-separated).
 */
export async function drawGraph(
  graph: DefinitionGraph,
  onSelect: (state: string) => void,
  hidden: ReadonlySet<string> = new Set(),
): Promise<SVGSVGElement> {
  const shown = shownGraph(graph, hidden);
  const laid = await elk.layout(elkGraph(graph, shown));
  orderBranches(laid, graph);
  const boxes = new Map<string, Box>();
  const place = (node: ElkNode, dx: number, dy: number) => {
    const x = dx + (node.x ?? 0);
    const y = dy + (node.y ?? 0);
    boxes.set(node.id, { x, y, width: node.width ?? 0, height: node.height ?? 0 });
    for (const child of node.children ?? []) place(child, x, y);
  };
  place(laid, 0, 0);
  const width = (laid.width ?? 0) + 8;
  const height = (laid.height ?? 0) + 8;
  const root = svg('svg', {
    class: 'graph',
    role: 'group',
    'aria-label': 'The state machine: each state coloured by what happened',
    viewBox: `-4 -4 ${width} ${height}`,
    width,
    height,
    'data-hidden': hidden.size,
  }) as SVGSVGElement;
  root.append(arrowMarker());
  // Containers first (behind), then edges, then states on top.
  for (const scope of graph.scopes.filter((s) => s.owner !== undefined)) {
    const box = boxes.get(scope.id);
    if (!boxes.get(scope.owner ?? '') || !box) continue;
    root.append(svg('rect', { class: 'branch', x: box.x, y: box.y, width: box.width, height: box.height, rx: 6 }));
  }
  const groups = new Map(shown.groups.map((g) => [g.id, g]));
  for (const edge of (laid.edges ?? []) as ElkExtendedEdge[]) {
    const transition = shown.transitions.find((t) => t.id === edge.id);
    const group = groups.get(transition?.from ?? '');
    const offset = boxes.get(edge.container ?? 'root') ?? { x: 0, y: 0 };
    for (const section of edge.sections ?? []) {
      const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
      const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x + offset.x} ${p.y + offset.y}`).join(' ');
      const path = svg('path', {
        d,
        class: `edge edge-${transition?.kind ?? 'next'}`,
        'data-edge': edge.id,
        'marker-end': 'url(#arrow)',
        ...(group ? { 'data-sources': group.sources.join('|') } : {}),
      });
      if (transition?.label)
        path.append(svg('title', {}, `${transition.kind === 'catch' ? 'Catch' : 'When'} ${transition.label}`));
      root.append(path);
    }
  }
  for (const [id, box] of boxes) {
    if (id === START_ID || id === END_ID) {
      root.append(...endMarker(id, box));
      continue;
    }
    const group = groups.get(id);
    if (group) {
      root.append(catchNode(group, box));
      continue;
    }
    const state = graph.states.get(id);
    if (!state) continue;
    root.append(stateNode(state, box, boxes.has(`${id}#0`), shown.portOf.get(id), onSelect));
  }
  return root;
}

function endMarker(id: string, box: Box): SVGElement[] {
  return [
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
  ];
}

function catchNode(group: CatchGroup, box: Box): SVGElement {
  const lines = group.sources.map((s) => `${s} (${group.errors.get(s) ?? 'States.ALL'})`);
  return svg(
    'g',
    { class: 'catch-group', 'data-catch': group.target },
    svg('title', {}, `On error, go to ${group.target}. Caught by:\n${lines.join('\n')}`),
    svg('rect', { x: box.x, y: box.y, width: box.width, height: CATCH_HEIGHT, rx: CATCH_HEIGHT / 2 }),
    svg('text', { x: box.x + box.width / 2, y: box.y + 17, 'text-anchor': 'middle' }, catchLabel(group)),
  );
}

function stateNode(
  state: StateNode,
  box: Box,
  container: boolean,
  port: CatchGroup | undefined,
  onSelect: (state: string) => void,
): SVGElement {
  const group = svg('g', { class: 'state', 'data-state': state.name, tabindex: 0, role: 'button' });
  const height = container ? box.height : NODE_HEIGHT;
  group.append(
    svg('rect', { class: container ? 'box container' : 'box', x: box.x, y: box.y, width: box.width, height, rx: 8 }),
    svg('text', { class: 'icon', x: box.x + 10, y: box.y + 20 }),
    svg('text', { class: 'name', x: box.x + 28, y: box.y + 19 }, state.name),
    svg('text', { class: 'sub', x: box.x + 28, y: box.y + 35 }, subtitle(state)),
    svg('text', { class: 'badge', x: box.x + box.width - 8, y: box.y + 19, 'text-anchor': 'end' }),
  );
  if (port) {
    group.append(
      svg(
        'text',
        { class: 'port', x: box.x + box.width - 8, y: box.y + height - 8, 'text-anchor': 'end' },
        svg('title', {}, `On error (${port.errors.get(state.name) ?? 'States.ALL'}): go to ${port.target}`),
        `⚡${port.key}`,
      ),
    );
  }
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
    if (icon) icon.textContent = STATUS_ICONS[status];
    const badge = group.querySelector('.badge');
    if (badge) badge.textContent = retries > 0 ? `↻${retries}` : '';
  }
  for (const path of root.querySelectorAll<SVGPathElement>('path[data-edge]')) {
    const id = path.dataset.edge ?? '';
    const [from = '', to = ''] = id.split('->');
    const sources = path.dataset.sources?.split('|');
    const reached = sources
      ? sources.some((source) => taken.has(`${source}->${to}`))
      : to === END_ID
        ? endReached(outcomes.get(from))
        : taken.has(id);
    const start = from === START_ID && (outcomes.get(to)?.status ?? 'notRun') !== 'notRun';
    path.classList.toggle('taken', reached || start);
    if (sources)
      root.querySelector(`g.catch-group[data-catch="${CSS.escape(to)}"]`)?.classList.toggle('taken', reached);
  }
  for (const port of root.querySelectorAll<SVGTextElement>('g.state text.port')) {
    const name = port.parentElement?.dataset.state ?? '';
    port.classList.toggle(
      'taken',
      [...taken].some((t) => t.startsWith(`${name}->`) && isCatchOf(root, name, t)),
    );
  }
}

/** Whether the taken transition `t` from `name` leads into the catch group `name`'s port belongs to. */
const isCatchOf = (root: SVGSVGElement, name: string, t: string) => {
  const target = t.slice(name.length + 2);
  const edge = root.querySelector<SVGPathElement>(
    `path[data-edge="${CSS.escape(`${catchNodeId(target)}->${target}`)}"]`,
  );
  return edge?.dataset.sources?.split('|').includes(name) ?? false;
};

const endReached = (outcome: StateOutcome | undefined) =>
  outcome !== undefined &&
  !['notRun', 'running', 'waitingForToken', 'waitingUntil', 'stopped'].includes(outcome.status);
