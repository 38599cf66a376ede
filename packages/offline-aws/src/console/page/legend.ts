/**
 * How a state's status is shown wherever it appears (graph, legend, table, timeline): its own
 * colour (styles.css `.status-<status>`, a colour-blind-safe palette) together with an icon and
 * the status's words, never colour alone.
 */
import { STATUS_LABELS, type StateStatus } from '../model/outcome';
import { h } from './dom';

export const STATUS_ICONS: Record<StateStatus, string> = {
  succeeded: '✓',
  retried: '↻',
  caught: '⤼',
  failed: '✕',
  compensation: '↶',
  waitingForToken: '‖',
  waitingUntil: '◔',
  running: '▶',
  stopped: '■',
  inMapRun: '⧉',
  notRun: '○',
};

/** The legend of the statuses given, in their order: `ul.legend > li.status-<status>`. */
export function legend(statuses: readonly StateStatus[]): HTMLElement {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    ...statuses.map((status) =>
      h(
        'li',
        { class: `status-${status}` },
        h('span', { class: 'swatch', 'aria-hidden': 'true' }, STATUS_ICONS[status]),
        STATUS_LABELS[status],
      ),
    ),
  );
}

/** A status as a small pill: icon and words, in the status's colours. */
export const statusPill = (status: StateStatus) =>
  h('span', { class: `pill status-${status}` }, `${STATUS_ICONS[status]} ${STATUS_LABELS[status]}`);
