/**
 * The executions of the state machine, most recent first (ListExecutions), with each order's id,
 * status, error, order status (the orders table), start, duration, state transitions and cost
 * (from its history and the cost model); filtered by status, refreshed every second.
 */
import { orderCost } from '../../cost/model';
import { readDefinition } from '../model/definition';
import { readExecution, type HistoryEvent } from '../model/history';
import { durationMs, usageOf } from '../model/outcome';
import { definitionOf, fullHistory, sfn, type ExecutionListItem } from './aws';
import { formatDuration, formatTime, formatUsd, h } from './dom';
import { orderStatuses } from './records';
import type { ConsoleConfig } from './types';

interface Row {
  item: ExecutionListItem;
  orderId: string;
  error?: string;
  startedAt?: number;
  durationMs?: number;
  transitions: number;
  cost: number;
}

/** Rows of ended executions never change: read once. */
const ended = new Map<string, Row>();
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT'];

async function rowOf(config: ConsoleConfig, item: ExecutionListItem): Promise<Row> {
  const cached = ended.get(item.executionArn);
  if (cached) return cached;
  const graph = readDefinition(await definitionOf(config.stateMachineArn));
  const execution = readExecution(await fullHistory<HistoryEvent>(item.executionArn), graph);
  const usage = usageOf(execution);
  let orderId = item.name;
  try {
    const input = JSON.parse(execution.input ?? '{}') as { orderId?: unknown };
    if (typeof input.orderId === 'string') orderId = input.orderId;
  } catch {
    // the execution's name stands for the order id
  }
  const row: Row = {
    item: { ...item, status: execution.status },
    orderId,
    ...(execution.error === undefined ? {} : { error: execution.error }),
    ...(execution.startedAt === undefined ? {} : { startedAt: execution.startedAt }),
    ...(durationMs(execution, Date.now()) === undefined ? {} : { durationMs: durationMs(execution, Date.now()) }),
    transitions: usage.transitions,
    cost: orderCost(
      { ...usage, lambdaMemoryMb: config.lambdaMemoryMb, dynamoDbRequests: 0, readUnits: 0, writeUnits: 0 },
      config.prices,
    ).total,
  };
  if (execution.status !== 'RUNNING') ended.set(item.executionArn, row);
  return row;
}

function table(rows: Row[], statuses: Map<string, string>): HTMLElement {
  if (rows.length === 0)
    return h(
      'p',
      { class: 'muted', id: 'no-executions' },
      'No executions yet. Place an order (button above) or run npm start without --no-demo.',
    );
  return h(
    'table',
    { class: 'executions', id: 'executions' },
    h('caption', { class: 'visually-hidden' }, 'Executions, most recent first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Order', 'Status', 'Error', 'Order status', 'Started', 'Duration', 'Transitions', 'Cost'].map((t) =>
          h('th', { scope: 'col' }, t),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          { 'data-order': row.orderId, class: `exec-row row-${row.item.status}` },
          h('td', {}, h('a', { href: `#/execution/${encodeURIComponent(row.item.executionArn)}` }, row.orderId)),
          h('td', {}, h('span', { class: `pill exec-${row.item.status}` }, row.item.status)),
          h('td', { class: 'error-cell' }, row.error ?? ''),
          h('td', {}, statuses.get(row.orderId) ?? '—'),
          h('td', {}, formatTime(row.startedAt)),
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

/** Renders the list into `container` and refreshes it every second; returns a stop function. */
export function showList(container: HTMLElement, config: ConsoleConfig): () => void {
  const filter = h(
    'select',
    { id: 'status-filter' },
    h('option', { value: '' }, 'All statuses'),
    ...STATUSES.map((s) => h('option', { value: s }, s)),
  );
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
      h('label', {}, 'Status ', filter),
      h('span', { class: 'muted' }, 'Live: refreshed every second.'),
    ),
    body,
  );
  let stopped = false;
  let timer: number | undefined;
  let lastKey = '';
  const refresh = async () => {
    const statusFilter = filter.value;
    const answer = await sfn<{ executions: ExecutionListItem[] }>('ListExecutions', {
      stateMachineArn: config.stateMachineArn,
      maxResults: 100,
      ...(statusFilter ? { statusFilter } : {}),
    });
    const rows = await Promise.all(answer.executions.map((item) => rowOf(config, item)));
    const statuses = await orderStatuses(
      config,
      rows.map((r) => r.orderId),
    ).catch(() => new Map<string, string>());
    if (stopped) return;
    body.setAttribute('aria-busy', 'false');
    // Rebuilt only when a row changed (a rebuilt link loses a click or the focus); running
    // executions' durations change every time.
    const key = JSON.stringify([rows, [...statuses]]);
    if (key === lastKey) return;
    lastKey = key;
    body.replaceChildren(table(rows, statuses));
  };
  const loop = async () => {
    await refresh().catch((error: unknown) =>
      body.replaceChildren(h('p', { class: 'form-error' }, `Could not list executions: ${(error as Error).message}`)),
    );
    if (!stopped) timer = window.setTimeout(() => void loop(), 1000);
  };
  filter.addEventListener('change', () => void refresh());
  void loop();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
