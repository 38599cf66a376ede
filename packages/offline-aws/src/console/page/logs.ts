/**
 * The function logs of a Task state's attempts: what each invocation wrote to its function's log
 * file (START to REPORT), from the console server's GET /local/invocations. Shown on demand (a
 * closed section that loads when opened), and a JSON line (Powertools) indented to be read.
 */
import type { InvocationSummary } from '../../logs/lines';
import { formatDuration, formatTime, h } from './dom';

interface Invocation extends Omit<InvocationSummary, 'trigger'> {
  lines?: string[];
}

/** Sections open now (`<executionArn> <state>`): the panel is rebuilt as the execution goes on. */
const opened = new Set<string>();

/** `<ISO time> <message>` with a JSON message indented (the file keeps it on one line, as CloudWatch does). */
function readable(line: string): string {
  const space = line.indexOf(' ');
  const message = line.slice(space + 1);
  if (!message.startsWith('{')) return line;
  try {
    return `${line.slice(0, space)} ${JSON.stringify(JSON.parse(message), null, 2)}`;
  } catch {
    return line;
  }
}

function invocationBlock(invocation: Invocation): HTMLElement {
  const facts = [
    invocation.error ?? 'ok',
    formatDuration(invocation.durationMs),
    invocation.initDurationMs === undefined ? '' : `cold start (Init ${formatDuration(invocation.initDurationMs)})`,
    `started ${formatTime(invocation.startedAt)}`,
  ].filter(Boolean);
  return h(
    'div',
    { class: 'invocation-log' },
    h('p', {}, h('strong', {}, invocation.functionName), ` request ${invocation.requestId} · ${facts.join(' · ')}`),
    h(
      'pre',
      {},
      invocation.lines
        ? invocation.lines.map(readable).join('\n')
        : 'Its lines are not kept (the stack keeps no function log files).',
    ),
  );
}

async function load(body: HTMLElement, executionArn: string, state: string): Promise<void> {
  const query = new URLSearchParams({ executionArn, state });
  try {
    const response = await fetch(`/local/invocations?${query.toString()}`);
    const answer = (await response.json()) as { invocations?: Invocation[]; message?: string };
    if (!response.ok) throw new Error(answer.message ?? String(response.status));
    const invocations = answer.invocations ?? [];
    body.replaceChildren(
      ...(invocations.length === 0
        ? [h('p', { class: 'muted' }, 'No invocation of this state is remembered by the running stack.')]
        : invocations.map(invocationBlock)),
    );
  } catch (error) {
    body.replaceChildren(h('p', { class: 'form-error' }, `Cannot read the logs: ${(error as Error).message}`));
  }
}

/** The closed "Function logs" section of a state of a live execution (loads its lines when opened). */
export function functionLogsSection(executionArn: string, state: string): HTMLElement {
  const key = `${executionArn} ${state}`;
  const body = h('div', {}, h('p', { class: 'muted' }, 'Reading the logs…'));
  const section = h(
    'details',
    { class: 'json function-logs', open: opened.has(key) },
    h('summary', {}, 'Function logs (each attempt’s invocation)'),
    body,
  );
  section.addEventListener('toggle', () => {
    if (!section.open) {
      opened.delete(key);
      return;
    }
    opened.add(key);
    void load(body, executionArn, state);
  });
  if (section.open) void load(body, executionArn, state);
  return section;
}
