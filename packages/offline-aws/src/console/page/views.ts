/**
 * The views of one execution, in tabs as AWS's console has them: the graph (fit, zoom and pan;
 * the states that did not run hidden or shown), a table of the steps, and a timeline. The caller
 * gives each refresh's reading of the execution to update().
 */
import type { DefinitionGraph } from '../model/definition';
import type { ExecutionView } from '../model/history';
import type { StateOutcome } from '../model/outcome';
import { h } from './dom';
import { drawGraph, paintGraph } from './graph';
import { executionSteps } from './steps';
import { stepsTable } from './table';
import { timeline } from './timeline';
import { zoomable } from './zoom';
import './views.css';

export interface ExecutionViews {
  element: HTMLElement;
  update(execution: ExecutionView, outcomes: Map<string, StateOutcome>, selected: string | undefined): void;
}

const TABS = [
  { id: 'graph', label: 'Graph' },
  { id: 'table', label: 'Table' },
  { id: 'timeline', label: 'Timeline' },
] as const;
type TabId = (typeof TABS)[number]['id'];
const TAB_KEY = 'console.execution-view';

function tabs(panels: Record<TabId, HTMLElement>): HTMLElement {
  const saved = sessionStorage.getItem(TAB_KEY);
  let current: TabId = TABS.some((t) => t.id === saved) ? (saved as TabId) : 'graph';
  const buttons = TABS.map(({ id, label }) =>
    h('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `view-${id}` }, label),
  );
  const choose = (id: TabId, focus = false) => {
    current = id;
    sessionStorage.setItem(TAB_KEY, id);
    TABS.forEach((tab, index) => {
      const button = buttons[index] as HTMLButtonElement;
      const active = tab.id === id;
      button.setAttribute('aria-selected', String(active));
      button.tabIndex = active ? 0 : -1;
      panels[tab.id].hidden = !active;
      if (active && focus) button.focus();
    });
  };
  buttons.forEach((button, index) => {
    button.addEventListener('click', () => choose(TABS[index]?.id ?? 'graph'));
    button.addEventListener('keydown', (event) => {
      const move = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (move === undefined) return;
      event.preventDefault();
      choose(TABS[(index + move + TABS.length) % TABS.length]?.id ?? 'graph', true);
    });
  });
  for (const { id } of TABS) {
    panels[id].setAttribute('role', 'tabpanel');
    panels[id].id = `view-${id}`;
    panels[id].setAttribute('aria-labelledby', `tab-${id}`);
  }
  queueMicrotask(() => choose(current));
  return h('div', { class: 'view-tabs', role: 'tablist', 'aria-label': 'Views of the execution' }, ...buttons);
}

export async function executionViews(
  graph: DefinitionGraph,
  onSelect: (state: string) => void,
): Promise<ExecutionViews> {
  const zoom = zoomable('The state machine');
  // Undefined: as the execution goes (hidden once it has ended); a choice of the user sticks.
  let hideChoice: boolean | undefined;
  const toggle = h('input', { type: 'checkbox', id: 'hide-not-run' });
  zoom.toolbar.append(h('label', { class: 'toggle' }, toggle, ' Hide states that did not run'));
  let svg = await drawGraph(graph, onSelect);
  zoom.show(svg);
  let shownKey = '';
  let drawing = 0;
  let latest: Parameters<ExecutionViews['update']> | undefined;
  const table = stepsTable(onSelect);
  const line = timeline((state) => graph.states.get(state)?.waitsForToken ?? false, onSelect);
  const panels = {
    graph: h('div', { class: 'view' }, zoom.element),
    table: h('div', { class: 'view' }, table.element),
    timeline: h('div', { class: 'view' }, line.element),
  };

  const update: ExecutionViews['update'] = (execution, outcomes, selected) => {
    latest = [execution, outcomes, selected];
    const hide = hideChoice ?? execution.status !== 'RUNNING';
    toggle.checked = hide;
    const hidden = new Set(hide ? [...outcomes].filter(([, o]) => o.status === 'notRun').map(([name]) => name) : []);
    const key = [...hidden].sort().join('|');
    if (key !== shownKey) {
      shownKey = key;
      const ticket = ++drawing;
      void drawGraph(graph, onSelect, hidden).then((drawn) => {
        if (ticket !== drawing) return;
        svg = drawn;
        zoom.show(svg);
        if (latest) paintGraph(svg, latest[1], latest[0].taken, latest[2]);
      });
    }
    paintGraph(svg, outcomes, execution.taken, selected);
    const now = Date.now();
    const steps = executionSteps(graph, execution, outcomes, now);
    table.update(steps, selected);
    const from = execution.startedAt ?? steps[0]?.startedAt ?? now;
    line.update(steps, { from, to: execution.stoppedAt ?? now }, selected);
  };
  toggle.addEventListener('change', () => {
    hideChoice = toggle.checked;
    if (latest) update(...latest);
  });
  return {
    element: h('div', { class: 'views' }, tabs(panels), panels.graph, panels.table, panels.timeline),
    update,
  };
}
