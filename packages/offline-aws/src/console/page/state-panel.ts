/**
 * One state of an execution: what happened to it (input, output, error and cause), every attempt
 * with its error and the backoff before it, the variables it assigned, a Map's iterations and Map
 * Runs, each entry when it ran more than once (one per Map iteration), its raw history events, and
 * (for the project's own state machine) the records in each service's table as they stand now.
 */
import type { DefinitionGraph } from '../model/definition';
import type { ExecutionView, StateRun } from '../model/history';
import { STATUS_LABELS, type StateOutcome } from '../model/outcome';
import { formatDuration, formatTime, h, pretty, readableCause } from './dom';
import { calls } from './graph';
import { entryLabel, iterationsSection, mapRunsSection, variablesTable } from './iterations';
import { functionLogsSection } from './logs';
import type { OrderRecords } from './records';

function attemptsTable(run: StateRun): HTMLElement {
  if (run.attempts.length === 0)
    return h('p', { class: 'muted' }, 'No call: this state type does its work in the state machine itself.');
  return h(
    'table',
    { class: 'attempts' },
    h('caption', {}, 'Attempts'),
    h(
      'thead',
      {},
      h('tr', {}, ...['#', 'outcome', 'error', 'took', 'backoff before'].map((t) => h('th', { scope: 'col' }, t))),
    ),
    h(
      'tbody',
      {},
      ...run.attempts.map((attempt) =>
        h(
          'tr',
          { class: `attempt-${attempt.outcome}` },
          h('td', {}, attempt.number),
          h('td', {}, attempt.outcome === 'timedOut' ? 'timed out' : attempt.outcome),
          h('td', {}, attempt.error ? h('span', { title: readableCause(attempt.cause) ?? '' }, attempt.error) : '—'),
          h(
            'td',
            { title: `started ${formatTime(attempt.scheduledAt)}` },
            attempt.endedAt === undefined ? 'running…' : formatDuration(attempt.endedAt - attempt.scheduledAt),
          ),
          h('td', {}, attempt.backoffMs === undefined ? '—' : formatDuration(attempt.backoffMs)),
        ),
      ),
    ),
  );
}

function jsonBlock(title: string, text: string | undefined, open = false): HTMLElement {
  return h('details', { class: 'json', open }, h('summary', {}, title), h('pre', {}, pretty(text)));
}

export function recordsSection(records: OrderRecords | undefined, live: boolean): HTMLElement {
  const section = h(
    'section',
    { class: 'records', 'aria-label': "The order's records" },
    h('h4', {}, "The order's records, as they stand"),
  );
  if (!live) {
    section.append(
      h(
        'p',
        { class: 'muted' },
        'Not available for an exported history: the tables are those of the stage it came from.',
      ),
    );
    return section;
  }
  if (!records) {
    section.append(h('p', { class: 'muted' }, 'Reading the tables…'));
    return section;
  }
  section.append(
    h(
      'details',
      { class: 'json', open: true },
      h('summary', {}, 'orders (the order)'),
      h('pre', {}, records.order ? JSON.stringify(records.order, null, 2) : 'no item'),
    ),
    ...records.services.map(({ table, record }) =>
      h(
        'details',
        { class: 'json', open: true },
        h(
          'summary',
          {},
          `${table.service}: ${table.record}${table.list ? 's' : ''} (table ${table.table})` +
            (table.placeholder && (record as Record<string, unknown> | null)?.[table.placeholder.field] === true
              ? ` — ${table.placeholder.label}`
              : ''),
        ),
        h(
          'pre',
          {},
          record === null || (Array.isArray(record) && record.length === 0) ? 'none' : JSON.stringify(record, null, 2),
        ),
      ),
    ),
  );
  return section;
}

/** How one entry ended, in a few words. */
const entryStatus = (run: StateRun): string => {
  const error = run.error ? `: ${run.error}` : '';
  if (run.failed) return run.exitedAt === undefined ? `failed${error}` : `failed, caught${error}`;
  return run.exitedAt === undefined ? 'not left' : 'succeeded';
};

/** The panel of `name` (or a hint when no state is selected). */
export function statePanel(
  graph: DefinitionGraph,
  execution: ExecutionView,
  outcomes: Map<string, StateOutcome>,
  name: string | undefined,
  records: HTMLElement | null,
  /** The live execution's ARN (its Task states link to their function logs); none for an exported history. */
  executionArn?: string,
): HTMLElement {
  const panel = h('div', { class: 'state-panel-body' });
  const state = name === undefined ? undefined : graph.states.get(name);
  if (!state || name === undefined) {
    panel.append(
      h(
        'p',
        { class: 'muted' },
        'Select a state in the graph to see its input, output, variables, errors, attempts and events.',
      ),
      records ?? '',
    );
    return panel;
  }
  const outcome = outcomes.get(name);
  const runs = execution.byState.get(name) ?? [];
  // The entry the status is about: a failed one (a Map iteration that failed), else the latest.
  const run = runs.findLast((r) => r.failed && r.exitedAt === undefined) ?? runs.at(-1);
  const status = outcome?.status ?? 'notRun';
  panel.append(
    h('h3', { id: 'state-title' }, name),
    h(
      'p',
      { class: 'state-meta' },
      h('span', { class: `pill status-${status}` }, STATUS_LABELS[status]),
      ` ${state.type}`,
      state.type === 'Task' ? ` · ${calls(state)}` : '',
    ),
  );
  if (state.comment) panel.append(h('p', { class: 'comment' }, state.comment));
  if (outcome?.waitUntil !== undefined) panel.append(h('p', {}, `Waits until ${formatTime(outcome.waitUntil)}.`));
  if (outcome?.error || status === 'failed' || status === 'caught') {
    const location = run?.errorLocation;
    panel.append(
      h(
        'div',
        { class: `error-box ${status === 'caught' ? 'caught' : ''}`, role: 'note', id: 'state-error' },
        h('strong', {}, outcome?.error ?? 'Failed, with no error name'),
        location ? h('span', { class: 'muted' }, ` in ${location}`) : null,
        outcome?.cause ? h('p', {}, readableCause(outcome.cause)) : null,
        status === 'caught'
          ? h('p', { class: 'muted' }, 'Caught by this state’s Catch: the execution went on to its handler.')
          : null,
        outcome?.cause && readableCause(outcome.cause) !== outcome.cause
          ? jsonBlock('Cause (raw)', outcome.cause)
          : null,
      ),
    );
  }
  if (!run) {
    panel.append(
      h(
        'p',
        { class: 'muted' },
        status === 'inMapRun'
          ? 'This state runs in the child executions of its Distributed Map’s Map Run: their histories are their own, not part of this one.'
          : 'This state did not run in this execution.',
      ),
      records ?? '',
    );
    return panel;
  }
  // `…:express:<machine>:<name>:<id>` (Express) or `…:execution:<machine>:<name>` (Standard).
  const childLabel = (arn: string) => {
    const parts = arn.split(':');
    return `${parts[6] ?? ''}/${parts[7] ?? arn}${parts[5] === 'express' ? ' (Express, from its log group)' : ''}`;
  };
  const entry = (r: StateRun) =>
    [
      h(
        'p',
        {},
        `Entered ${formatTime(r.enteredAt)}`,
        r.exitedAt === undefined ? '' : `, left after ${formatDuration(r.exitedAt - r.enteredAt)}`,
        '.',
        r.child === undefined ? '' : ` In the child execution ${childLabel(r.child)}.`,
      ),
      attemptsTable(r),
      iterationsSection(execution, graph, r),
      mapRunsSection(r),
      variablesTable(r),
      jsonBlock('Input', r.input, true),
      jsonBlock('Output', r.output, r.output !== undefined),
    ].filter((part): part is HTMLElement => part !== null);
  if (runs.length > 1) {
    panel.append(
      h('p', {}, `Entered ${runs.length} times; the ${run === runs.at(-1) ? 'latest' : 'failed'} entry is open.`),
      ...runs.map((r, index) =>
        h(
          'details',
          { class: 'entry', open: r === run, 'data-entry': index + 1 },
          h('summary', {}, `${entryLabel(r, index + 1)} · ${entryStatus(r)}`),
          ...entry(r),
        ),
      ),
    );
  } else panel.append(...entry(run));
  if (state.type === 'Task' && executionArn) panel.append(functionLogsSection(executionArn, name));
  panel.append(
    h(
      'details',
      { class: 'json' },
      h('summary', {}, `History events (${runs.reduce((n, r) => n + r.events.length, 0)})`),
      h(
        'pre',
        {},
        JSON.stringify(
          runs.flatMap((r) => r.events),
          null,
          2,
        ),
      ),
    ),
    records ?? '',
  );
  return panel;
}
