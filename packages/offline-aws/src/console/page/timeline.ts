/**
 * The execution as a timeline (as AWS's and Temporal's consoles draw one): a row per state entry,
 * its bar from entry to exit coloured by status, each call on it (failed ones marked), the
 * retrier's backoff between calls and the waits hatched. Plain DOM: positions are percentages of
 * the execution's span, so it follows the page's width without measuring.
 */
import { formatDuration, formatTime, h } from './dom';
import { STATUS_ICONS } from './legend';
import { stepSegments, type SegmentKind, type Step } from './steps';
import { formatOffset, timeTicks } from './time-scale';

/** The duration's label after the bar, or before its start when the bar reaches the right edge. */
const durationPlace = (start: number, end: number, total: number) =>
  end / total > 0.85
    ? `right:${(100 - (start / total) * 100).toFixed(3)}%`
    : `left:${((end / total) * 100).toFixed(3)}%`;

const KIND_LABELS: Record<SegmentKind, string> = {
  state: 'in the state',
  attempt: 'call',
  failedAttempt: 'failed call',
  backoff: 'retry backoff',
  wait: 'Wait state',
  token: 'waiting for the task token',
};

export interface Timeline {
  element: HTMLElement;
  update(steps: Step[], span: { from: number; to: number }, selected: string | undefined): void;
}

export function timeline(waitsForToken: (state: string) => boolean, onSelect: (state: string) => void): Timeline {
  const element = h('div', { class: 'timeline', id: 'timeline' });
  let lastKey = '';
  return {
    element,
    update(steps, span, selected) {
      const key = JSON.stringify([span, selected, steps.map((s) => [s.key, s.status, s.endedAt, s.attempts])]);
      if (key === lastKey) return;
      lastKey = key;
      const total = Math.max(1, span.to - span.from);
      const at = (ms: number) => `${(((ms - span.from) / total) * 100).toFixed(3)}%`;
      const width = (from: number, to: number) => `${((Math.max(0, to - from) / total) * 100).toFixed(3)}%`;
      const axis = h(
        'div',
        { class: 'tl-row tl-axis', 'aria-hidden': 'true' },
        h('span', { class: 'tl-label' }),
        h(
          'div',
          { class: 'tl-track' },
          ...timeTicks(total).map((t) =>
            h('span', { class: 'tl-tick', style: `left:${at(span.from + t)}` }, formatOffset(t)),
          ),
        ),
      );
      const rows = steps.map((step) => {
        const segments = stepSegments(step, waitsForToken(step.state), span.to);
        const label = `${step.state}: ${STATUS_ICONS[step.status]} ${step.status}, ${formatDuration(step.durationMs)} from ${formatTime(step.startedAt)}`;
        return h(
          'div',
          {
            class: `tl-row status-${step.status}${step.state === selected ? ' selected' : ''}`,
            'data-step': step.key,
            role: 'listitem',
          },
          h(
            'button',
            { type: 'button', class: 'tl-label link', onclick: () => onSelect(step.state), 'aria-label': label },
            h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, STATUS_ICONS[step.status]),
            step.state,
          ),
          h(
            'div',
            { class: 'tl-track' },
            ...segments.map((segment) =>
              h('span', {
                class: `tl-seg seg-${segment.kind}`,
                style: `left:${at(segment.from)};width:${width(segment.from, segment.to)}`,
                title: `${KIND_LABELS[segment.kind]}${segment.attempt ? ` ${segment.attempt.number}` : ''}: ${formatDuration(segment.to - segment.from)}, ${formatTime(segment.from)} → ${formatTime(segment.to)}${segment.attempt?.error ? ` (${segment.attempt.error})` : ''}`,
              }),
            ),
            h(
              'span',
              {
                class: 'tl-duration',
                style: durationPlace(step.startedAt - span.from, (step.endedAt ?? span.to) - span.from, total),
              },
              `${formatDuration(step.durationMs)}${step.attempts > 1 ? ` · ${step.attempts} calls` : ''}`,
            ),
          ),
        );
      });
      element.replaceChildren(
        h(
          'p',
          { class: 'tl-caption' },
          `From ${formatTime(span.from)} to ${formatTime(span.to)} (${formatDuration(total)}). `,
          ...(['attempt', 'failedAttempt', 'backoff', 'wait', 'token'] as SegmentKind[]).map((kind) =>
            h('span', { class: 'tl-key' }, h('span', { class: `tl-seg seg-${kind}` }), KIND_LABELS[kind]),
          ),
        ),
        axis,
        h('div', { role: 'list', 'aria-label': 'The steps in time' }, ...rows),
      );
    },
  };
}
