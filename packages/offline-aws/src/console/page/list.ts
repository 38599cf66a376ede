/**
 * The executions of one state machine (the project's, or any other of the local endpoint, picked
 * from ListStateMachines), most recent first (ListExecutions), with each one's status, error, the
 * status of its record in the project's anchor table, start, duration, state transitions and cost
 * (from its history and the cost model); filtered by status (on the endpoint) and by a search on
 * the execution's name, ARN, error and input (so any id it was started with), refreshed every second.
 */
import { orderCost } from '../../cost/model';
import { readDefinition } from '../model/definition';
import { readExecution, type HistoryEvent } from '../model/history';
import { durationMs, usageOf } from '../model/outcome';
import { CallError, definitionOf, fullHistory, sfn, type ExecutionListItem } from './aws';
import { expressExecutions } from './express';
import { formatDuration, formatTime, formatUsd, h, zoneLabel } from './dom';
import { machinePicker } from './machines';
import { matches } from './search';
import { orderStatuses } from './records';
import type { ConsoleConfig } from './types';

interface Row {
  item: ExecutionListItem;
  error?: string;
  startedAt?: number;
  durationMs?: number;
  transitions: number;
  cost: number;
  /** The execution's input (JSON text), searched too. */
  input?: string;
}

/** Rows of ended executions never change: read once. */
const ended = new Map<string, Row>();
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT'];
const PAGE = 100;

/** A row from the execution's history: GetExecutionHistory's, or the one read from an Express execution's logs. */
async function rowOf(
  config: ConsoleConfig,
  machineArn: string,
  item: ExecutionListItem,
  events?: HistoryEvent[],
): Promise<Row> {
  const cached = ended.get(item.executionArn);
  if (cached) return cached;
  const graph = readDefinition(await definitionOf(machineArn));
  const execution = readExecution(events ?? (await fullHistory<HistoryEvent>(item.executionArn)), graph);
  const usage = usageOf(execution);
  const duration = durationMs(execution, Date.now());
  const row: Row = {
    item: { ...item, status: execution.status },
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.startedAt === undefined ? {} : { startedAt: execution.startedAt }),
    ...(duration === undefined ? {} : { durationMs: duration }),
    transitions: usage.transitions,
    cost: orderCost(
      { ...usage, lambdaMemoryMb: config.lambdaMemoryMb, dynamoDbRequests: 0, readUnits: 0, writeUnits: 0 },
      config.prices,
    ).total,
    ...(execution.input === undefined ? {} : { input: execution.input }),
  };
  if (execution.status !== 'RUNNING') ended.set(item.executionArn, row);
  return row;
}

function table(rows: Row[], statuses: Map<string, string> | undefined, empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'muted', id: 'no-executions' }, empty);
  const headings = ['Execution', 'Status', 'Error', ...(statuses ? ['Record status'] : [])];
  headings.push(`Started (${zoneLabel()})`, 'Duration', 'Transitions', 'Cost');
  return h(
    'table',
    { class: 'executions', id: 'executions' },
    h('caption', { class: 'visually-hidden' }, 'Executions, most recent first'),
    h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          { 'data-execution': row.item.name, class: `exec-row row-${row.item.status}` },
          h('td', {}, h('a', { href: `#/execution/${encodeURIComponent(row.item.executionArn)}` }, row.item.name)),
          h('td', {}, h('span', { class: `pill exec-${row.item.status}` }, row.item.status)),
          h('td', { class: 'error-cell' }, row.error ?? ''),
          statuses ? h('td', {}, statuses.get(row.item.name) ?? '—') : null,
          h('td', { class: 'time' }, formatTime(row.startedAt, { zone: false })),
          h('td', {}, formatDuration(row.durationMs)),
          h('td', { class: 'num' }, row.transitions),
          h(
            'td',
            {
              class: 'num',
              title:
                'Step Functions transitions, Lambda requests and duration, SNS publishes, from the history at list prices; DynamoDB not included',
            },
            formatUsd(row.cost),
          ),
        ),
      ),
    ),
  );
}

/**
 * The executions to list: ListExecutions', or for an Express machine, which ListExecutions does not
 * serve (StateMachineTypeNotSupported), the ones its log group holds, with their histories.
 */
async function listed(
  machineArn: string,
  statusFilter: string,
): Promise<{ executions: { item: ExecutionListItem; events?: HistoryEvent[] }[]; nextToken?: string }> {
  try {
    const answer = await sfn<{ executions: ExecutionListItem[]; nextToken?: string }>('ListExecutions', {
      stateMachineArn: machineArn,
      maxResults: PAGE,
      ...(statusFilter ? { statusFilter } : {}),
    });
    return { executions: answer.executions.map((item) => ({ item })), nextToken: answer.nextToken };
  } catch (error) {
    if (!(error instanceof CallError && error.code === 'StateMachineTypeNotSupported')) throw error;
    const executions = await expressExecutions(machineArn);
    return {
      executions: executions.slice(0, PAGE),
      ...(executions.length > PAGE ? { nextToken: 'more' } : {}),
    };
  }
}

/**
 * Renders the list of `machineArn`'s executions (the project's by default) into `container` and
 * refreshes it every second; returns a stop function.
 */
export function showList(container: HTMLElement, config: ConsoleConfig, machineArn = config.stateMachineArn) {
  const project = machineArn === config.stateMachineArn;
  const filter = h(
    'select',
    { id: 'status-filter' },
    h('option', { value: '' }, 'All statuses'),
    ...STATUSES.map((s) => h('option', { value: s }, s)),
  );
  const search = h('input', {
    type: 'search',
    id: 'execution-search',
    placeholder: 'Name, ARN, error or any id in the input',
    'aria-label': 'Search the executions by name, ARN, error or input',
  });
  const picker = machinePicker(machineArn, config.stateMachineArn);
  const count = h('span', { class: 'muted', id: 'execution-count', 'aria-live': 'polite' });
  const body = h(
    'div',
    { 'aria-live': 'polite', 'aria-busy': 'true' },
    h('p', { class: 'muted' }, 'Loading executions…'),
  );
  container.replaceChildren(
    h(
      'div',
      { class: 'list-tools' },
      h('h2', {}, 'Executions'),
      picker.element,
      h('label', {}, 'Status ', filter),
      h('label', {}, 'Search ', search),
      count,
    ),
    body,
  );
  let stopped = false;
  let timer: number | undefined;
  let lastKey = '';
  let rounds = 0;
  const refresh = async () => {
    // The picker reads the endpoint every fifth round: machines are created rarely.
    if (rounds++ % 5 === 0) await picker.refresh();
    const statusFilter = filter.value;
    const answer = await listed(machineArn, statusFilter);
    const rows = (
      await Promise.all(answer.executions.map(({ item, events }) => rowOf(config, machineArn, item, events)))
    )
      // ListExecutions filtered by status already; an Express machine's executions are filtered here.
      .filter((row, i) => !statusFilter || !answer.executions[i]?.events || row.item.status === statusFilter);
    const statuses =
      project && config.ordersTable !== undefined
        ? await orderStatuses(
            config,
            rows.map((r) => r.item.name),
          ).catch(() => new Map<string, string>())
        : undefined;
    if (stopped) return;
    body.setAttribute('aria-busy', 'false');
    const query = search.value.trim();
    const shown = rows.filter((row) =>
      matches({ ...row.item, ...(row.error === undefined ? {} : { error: row.error }), input: row.input }, query),
    );
    // Rebuilt only when a row changed (a rebuilt link loses a click or the focus); running
    // executions' durations change every time.
    const key = JSON.stringify([shown, statuses ? [...statuses] : null]);
    if (key === lastKey) return;
    lastKey = key;
    const more = answer.nextToken ? ` of the ${PAGE} most recent` : '';
    count.textContent = query ? `${shown.length} match${shown.length === 1 ? '' : 'es'}${more}.` : '';
    const empty = query
      ? `No execution${more} matches “${query}”.`
      : project
        ? 'No executions yet. Start one (the button above) or run npm start without --no-demo.'
        : 'No executions of this state machine yet.';
    body.replaceChildren(table(shown, statuses, empty));
  };
  const loop = async () => {
    await refresh().catch((error: unknown) =>
      body.replaceChildren(h('p', { class: 'form-error' }, `Could not list executions: ${(error as Error).message}`)),
    );
    if (!stopped) timer = window.setTimeout(() => void loop(), 1000);
  };
  filter.addEventListener('change', () => void refresh());
  search.addEventListener('input', () => void refresh());
  void loop();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
