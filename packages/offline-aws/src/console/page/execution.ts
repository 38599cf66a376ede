/**
 * One execution: a summary, an error banner that names what went wrong and jumps to the failing
 * state, the state machine drawn and coloured by what happened, the selected state's panel, and the
 * execution's input and output. Works from a definition and a history alone: live (polled from the
 * local Step Functions endpoint while it runs) or from exported files.
 */
import { orderCost } from '../../cost/model';
import { nestChildDefinitions, readWithChildren, type ChildHistory } from '../model/children';
import { readDefinition, type DefinitionGraph } from '../model/definition';
import type { ExecutionView, HistoryEvent } from '../model/history';
import {
  durationMs,
  failingState,
  stateOutcomes,
  usageOf,
  type StateOutcome,
  type StateStatus,
} from '../model/outcome';
import { currentIdentity, executionActions, onIdentityChange } from './actions';
import { h, formatDuration, formatTime, formatUsd, pretty, readableCause } from './dom';
import { legend } from './legend';
import { foundNothingToUndo } from './undone';
import { isProjectMachine, namingOf, type Naming } from './naming';
import { readOrderRecords, type OrderRecords } from './records';
import { recordsLine } from './records-line';
import { recordsSection, statePanel } from './state-panel';
import type { ConsoleConfig } from './types';
import { executionViews } from './views';

export interface ExecutionData {
  definition: string;
  events: HistoryEvent[];
  /** The execution's ARN, when it is known (live, or named in the history). */
  executionArn?: string;
  /** The state machine's name, when it is known (describe-state-machine's answer). */
  stateMachineName?: string;
  /**
   * The definitions of the children its `.sync` Tasks start (Task name → definition JSON), drawn
   * inside those Tasks (model/children.ts). Read at the first load only: definitions do not change.
   */
  childDefinitions?: ReadonlyMap<string, string>;
  /** The histories of the children it started so far (those that could be read). */
  children?: ChildHistory[];
}

export interface ExecutionSource {
  live: boolean;
  load(): Promise<ExecutionData>;
}

const LEGEND: StateStatus[] = [
  'succeeded',
  'retried',
  'caught',
  'failed',
  'compensation',
  'waitingForToken',
  'waitingUntil',
  'running',
  'stopped',
  'inMapRun',
  'notRun',
];

function summary(
  config: ConsoleConfig,
  execution: ExecutionView,
  naming: Naming,
  stateMachineName: string | undefined,
  orderStatus: string | undefined,
): HTMLElement {
  const usage = usageOf(execution);
  const cost = orderCost(
    { ...usage, lambdaMemoryMb: config.lambdaMemoryMb, dynamoDbRequests: 0, readUnits: 0, writeUnits: 0 },
    config.prices,
  );
  return h(
    'header',
    { class: 'execution-header' },
    h(
      'h2',
      {},
      `${naming.title} `,
      h('span', { class: `pill exec-${execution.status}`, id: 'execution-status' }, execution.status),
    ),
    h(
      'dl',
      { class: 'facts' },
      ...[
        ...(naming.project && config.ordersTable ? [['Order status', orderStatus ?? '—']] : []),
        ...(stateMachineName === undefined ? [] : [['State machine', stateMachineName]]),
        ['Started', formatTime(execution.startedAt)],
        ['Duration', formatDuration(durationMs(execution, Date.now()))],
        ['State transitions', String(usage.transitions)],
        // Its Express children (`.sync` Tasks): one request each, duration billed in 100 ms steps.
        ...(usage.expressRequests > 0
          ? [['Express children', `${usage.expressRequests} (${usage.expressBilledMs} ms billed)`]]
          : []),
        ['Cost', formatUsd(cost.total)],
      ].flatMap(([term, value]) => [h('dt', {}, term), h('dd', { 'data-fact': term }, value)]),
    ),
  );
}

function banner(
  config: ConsoleConfig,
  graph: DefinitionGraph,
  execution: ExecutionView,
  outcomes: Map<string, StateOutcome>,
  select: (s: string) => void,
): HTMLElement | null {
  if (execution.status === 'RUNNING') {
    const waiting = [...outcomes].find(([, o]) => o.status === 'waitingForToken' || o.status === 'waitingUntil');
    if (!waiting) return null;
    const [name, outcome] = waiting;
    const text =
      outcome.status === 'waitingForToken'
        ? `Waiting at ${name} for a task token (a reviewer's decision).`
        : `Waiting at ${name}${outcome.waitUntil ? ` until ${formatTime(outcome.waitUntil)} (${Math.max(0, Math.round((outcome.waitUntil - Date.now()) / 1000))} s left)` : ''}.`;
    return h(
      'div',
      { class: 'banner waiting', role: 'status' },
      text,
      ' ',
      h('button', { type: 'button', class: 'link', onclick: () => select(name) }, `Show ${name}`),
    );
  }
  if (execution.status === 'SUCCEEDED') return null;
  const failing = failingState(graph, execution);
  // A compensation step that found nothing to undo (its result a placeholder record) is said so.
  const placeholders = config.tables.flatMap((table) => (table.placeholder ? [table.placeholder] : []));
  const compensated = [...outcomes]
    .filter(([, o]) => o.status === 'compensation')
    .map(([name]) => {
      const label = placeholders.find((p) => foundNothingToUndo(execution, name, [p.field]))?.label;
      return label ? `${name} (${label})` : name;
    });
  return h(
    'div',
    { class: 'banner failure', role: 'alert', id: 'error-banner' },
    h('strong', {}, `${execution.status.replace('_', ' ')}: ${execution.error ?? 'no error name'}`),
    execution.cause ? h('span', { class: 'cause' }, ` — ${readableCause(execution.cause)}`) : null,
    h(
      'p',
      {},
      failing
        ? h(
            'button',
            { type: 'button', class: 'link', id: 'jump-to-failure', onclick: () => select(failing) },
            `${execution.status === 'ABORTED' ? 'Go to where it stopped' : 'Go to the failing state'}: ${failing}`,
          )
        : null,
      compensated.length > 0 ? ` · Undone by compensation: ${compensated.join(', ')}.` : '',
    ),
  );
}

/** The events read so far, the children's included (what changes while an execution runs). */
const eventCount = (data: ExecutionData): number =>
  (data.children ?? []).reduce((sum, child) => sum + child.events.length, data.events.length);

/** Renders an execution into `container` and keeps it current while it runs; returns a stop function. */
export async function showExecution(
  container: HTMLElement,
  config: ConsoleConfig,
  source: ExecutionSource,
  fallbackName: string,
): Promise<() => void> {
  let data = await source.load();
  const nested = nestChildDefinitions(data.definition, data.childDefinitions ?? new Map());
  const { graph } = nested;
  const project = await isProjectMachine(config, readDefinition(data.definition));
  let selected: string | undefined;
  let records: OrderRecords | undefined;
  let stopped = false;
  const select = (name: string) => {
    selected = name;
    render();
    document.getElementById('state-panel')?.scrollIntoView({ block: 'nearest' });
    document.getElementById('state-title')?.focus();
  };
  const views = await executionViews(graph, select);
  const top = h('div', {});
  const panel = h('aside', {
    id: 'state-panel',
    class: 'state-panel',
    'aria-live': 'polite',
    'aria-label': 'Selected state',
  });
  const io = h('div', { class: 'io' });
  container.replaceChildren(
    top,
    h('div', { class: 'execution-body' }, h('div', { class: 'graph-pane' }, legend(LEGEND), views.element), panel),
    io,
  );
  let lastPanelKey = '';
  let lastTopKey = '';
  const render = () => {
    const execution = readWithChildren(data.events, nested, data.children ?? []);
    const outcomes = stateOutcomes(graph, execution);
    const naming = namingOf(config, project, execution, fallbackName);
    const waitingReview = [...outcomes.values()].some((o) => o.status === 'waitingForToken');
    const waitState = [...outcomes].find(([, o]) => o.status === 'waitingUntil')?.[0];
    // Rebuilt only when something it shows changed: a rebuilt button loses a click or the focus.
    const topKey = `${eventCount(data)}|${JSON.stringify(records)}|${currentIdentity(config).sub}|${execution.status}`;
    if (topKey !== lastTopKey) {
      lastTopKey = topKey;
      top.replaceChildren(
        summary(config, execution, naming, data.stateMachineName, records?.order?.status as string | undefined),
        banner(config, graph, execution, outcomes, select) ?? '',
        (project && recordsLine(records, execution)) || '',
        source.live && data.executionArn
          ? executionActions(config, {
              executionArn: data.executionArn,
              orderId: naming.id,
              project,
              running: execution.status === 'RUNNING',
              waitingForReview: waitingReview,
              waitingInWait: waitState,
              refresh: () => void refresh(),
            })
          : h('p', { class: 'muted' }, source.live ? '' : 'An exported history: read only.'),
      );
    }
    const duration = top.querySelector('[data-fact="Duration"]');
    if (duration) duration.textContent = formatDuration(durationMs(execution, Date.now()));
    views.update(execution, outcomes, selected);
    const key = `${selected}|${eventCount(data)}|${JSON.stringify(records)}|${currentIdentity(config).sub}`;
    if (key !== lastPanelKey) {
      lastPanelKey = key;
      const liveArn = source.live ? data.executionArn : undefined;
      panel.replaceChildren(
        statePanel(
          graph,
          execution,
          outcomes,
          selected,
          project ? recordsSection(records, source.live) : null,
          liveArn,
        ),
      );
      io.replaceChildren(
        h(
          'details',
          { class: 'json', open: true },
          h('summary', {}, 'Execution input'),
          h('pre', {}, pretty(execution.input)),
        ),
        h(
          'details',
          { class: 'json', open: execution.output !== undefined },
          h('summary', {}, 'Execution output'),
          h('pre', {}, pretty(execution.output)),
        ),
      );
    }
    return { execution, id: naming.id };
  };
  const refresh = async () => {
    if (stopped) return;
    data = await source.load();
    const { execution, id } = render();
    if (source.live && project) {
      records = await readOrderRecords(config, id).catch(() => records);
      render();
    }
    return execution.status;
  };
  onIdentityChange(() => {
    if (!stopped) render();
  });
  render();
  let timer: number | undefined;
  const poll = async () => {
    const status = await refresh().catch(() => 'RUNNING');
    // Ended executions change no more, but the records may (notifications arrive after the end).
    if (!stopped && source.live) timer = window.setTimeout(() => void poll(), status === 'RUNNING' ? 1000 : 4000);
  };
  await poll();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
