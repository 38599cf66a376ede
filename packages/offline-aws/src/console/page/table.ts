/**
 * The execution's steps as a table (AWS's console "Table view"): state, type, status, started,
 * duration, attempts, error; sorted by any column (its header button; again for descending).
 * Selecting a state name selects it in the graph and the panel.
 */
import { formatDuration, formatTime, h, zoneLabel } from './dom';
import { statusPill } from './legend';
import { sortSteps, type SortKey, type Step } from './steps';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'state', label: 'State' },
  { key: 'type', label: 'Type' },
  { key: 'status', label: 'Status' },
  { key: 'startedAt', label: 'Started' },
  { key: 'durationMs', label: 'Duration', numeric: true },
  { key: 'attempts', label: 'Attempts', numeric: true },
  { key: 'error', label: 'Error' },
];

export interface StepsTable {
  element: HTMLElement;
  update(steps: Step[], selected: string | undefined): void;
}

export function stepsTable(onSelect: (state: string) => void): StepsTable {
  const element = h('div', { class: 'steps-table' });
  let sort: { key: SortKey; descending: boolean } = { key: 'startedAt', descending: false };
  let last: { steps: Step[]; selected: string | undefined } = { steps: [], selected: undefined };
  let lastKey = '';
  const render = (force = false) => {
    const { steps, selected } = last;
    const key = JSON.stringify([sort, selected, steps.map((s) => [s.key, s.status, s.durationMs, s.attempts])]);
    if (!force && key === lastKey) return;
    lastKey = key;
    const header = COLUMNS.map(({ key: column, label, numeric }) => {
      const sorted = sort.key === column;
      const text = column === 'startedAt' ? `${label} (${zoneLabel()})` : label;
      return h(
        'th',
        {
          scope: 'col',
          class: numeric ? 'num' : undefined,
          'aria-sort': sorted ? (sort.descending ? 'descending' : 'ascending') : 'none',
        },
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            'data-sort': column,
            onclick: () => {
              sort = { key: column, descending: sorted ? !sort.descending : false };
              render(true);
            },
          },
          text,
          h('span', { 'aria-hidden': 'true' }, sorted ? (sort.descending ? ' ▼' : ' ▲') : ''),
        ),
      );
    });
    const rows = sortSteps(steps, sort.key, sort.descending).map((step) =>
      h(
        'tr',
        { 'data-step': step.key, class: step.state === selected ? 'selected' : undefined },
        h(
          'th',
          { scope: 'row' },
          h('button', { type: 'button', class: 'link', onclick: () => onSelect(step.state) }, step.state),
        ),
        h('td', {}, step.type),
        h('td', { 'data-status': step.status }, statusPill(step.status)),
        h('td', { class: 'time' }, formatTime(step.startedAt, { zone: false })),
        h('td', { class: 'num', 'data-ms': Math.round(step.durationMs) }, formatDuration(step.durationMs)),
        h('td', { class: 'num' }, step.attempts === 0 ? '—' : step.attempts),
        h('td', { class: 'error-cell' }, step.error ?? ''),
      ),
    );
    element.replaceChildren(
      steps.length === 0
        ? h('p', { class: 'muted' }, 'No state has run yet.')
        : h(
            'table',
            { class: 'steps', id: 'steps-table' },
            h('caption', { class: 'visually-hidden' }, 'The steps of the execution'),
            h('thead', {}, h('tr', {}, ...header)),
            h('tbody', {}, ...rows),
          ),
    );
    if (force) element.querySelector<HTMLButtonElement>(`button[data-sort="${sort.key}"]`)?.focus();
  };
  return {
    element,
    update(steps, selected) {
      last = { steps, selected };
      render();
    },
  };
}
