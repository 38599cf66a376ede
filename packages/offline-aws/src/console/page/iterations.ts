/**
 * The parts of a state's panel that only some states have: a Map's iterations one by one (per
 * attempt: a retried Map starts its iterations again), a Distributed Map's Map Runs, and the
 * variables an entry assigned (its exit's assignedVariables).
 */
import { containersOf, type DefinitionGraph } from '../model/definition';
import type { ExecutionView, Iteration, StateRun } from '../model/history';
import { formatDuration, h, pretty } from './dom';

/** How many iteration rows a panel shows (a Map of thousands of items stays readable). */
const MAX_ROWS = 200;

/** The variables `run` assigned, as a table (null when it assigned none). */
export function variablesTable(run: StateRun): HTMLElement | null {
  const entries = Object.entries(run.variables ?? {});
  if (entries.length === 0) return null;
  return h(
    'table',
    { class: 'variables' },
    h('caption', {}, 'Variables assigned'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'name'), h('th', { scope: 'col' }, 'value'))),
    h(
      'tbody',
      {},
      ...entries.map(([name, value]) =>
        h(
          'tr',
          { 'data-variable': name },
          h('td', {}, h('code', {}, `$${name}`)),
          h('td', {}, h('pre', {}, pretty(value))),
        ),
      ),
    ),
  );
}

/** The states an iteration ran, in order, with how each ended. */
function statesIn(execution: ExecutionView, graph: DefinitionGraph, map: StateRun, iteration: Iteration): string {
  const to = map.attempts[iteration.attempt - 1]?.endEventId ?? Number.POSITIVE_INFINITY;
  const from = map.attempts[iteration.attempt - 1]?.startEventId ?? map.id;
  const depth = containersOf(graph, map.name).length + 1;
  const runs = execution.runs.filter(
    (run) =>
      run.id > from &&
      run.id <= to &&
      run.frames.length === depth &&
      run.frames.at(-1)?.map === map.name &&
      run.frames.at(-1)?.index === iteration.index,
  );
  return runs.map((run) => `${run.name}${run.failed ? ' ✕' : run.exitedAt === undefined ? ' …' : ''}`).join(' → ');
}

/** A Map entry's iterations, one row each, per attempt; null for a state that is not a Map. */
export function iterationsSection(execution: ExecutionView, graph: DefinitionGraph, run: StateRun): HTMLElement | null {
  if (run.type !== 'Map' || run.iterations.length === 0) return null;
  const section = h('section', { class: 'iterations', 'aria-label': 'Map iterations' });
  for (const attempt of run.attempts) {
    const iterations = run.iterations.filter((i) => i.attempt === attempt.number);
    const counts = ['succeeded', 'failed', 'aborted', 'running'].flatMap((status) => {
      const n = iterations.filter((i) => i.status === status).length;
      return n > 0 ? [`${n} ${status}`] : [];
    });
    const notStarted = attempt.items === undefined ? 0 : attempt.items - iterations.length;
    section.append(
      h(
        'table',
        { class: 'iterations-table', 'data-attempt': attempt.number },
        h(
          'caption',
          {},
          `Iterations${run.attempts.length > 1 ? ` of attempt ${attempt.number}` : ''}: `,
          [...counts, ...(notStarted > 0 ? [`${notStarted} not started`] : [])].join(', '),
          attempt.items === undefined ? '' : ` (of ${attempt.items} items)`,
        ),
        h(
          'thead',
          {},
          h('tr', {}, ...['item', 'status', 'took', 'states run'].map((t) => h('th', { scope: 'col' }, t))),
        ),
        h(
          'tbody',
          {},
          ...iterations
            .slice(0, MAX_ROWS)
            .map((iteration) =>
              h(
                'tr',
                { class: `iteration-${iteration.status}`, 'data-iteration': iteration.index },
                h('td', {}, iteration.index),
                h('td', {}, iteration.status),
                h(
                  'td',
                  {},
                  iteration.endedAt === undefined ? '…' : formatDuration(iteration.endedAt - iteration.startedAt),
                ),
                h('td', {}, statesIn(execution, graph, run, iteration)),
              ),
            ),
        ),
      ),
    );
    if (iterations.length > MAX_ROWS) {
      section.append(h('p', { class: 'muted' }, `The first ${MAX_ROWS} of ${iterations.length} iterations are shown.`));
    }
  }
  return section;
}

/** A Distributed Map entry's Map Runs; null for a state without any. */
export function mapRunsSection(run: StateRun): HTMLElement | null {
  if (run.mapRuns.length === 0) return null;
  return h(
    'section',
    { class: 'map-runs', 'aria-label': 'Map Runs' },
    h(
      'table',
      { class: 'map-runs-table' },
      h('caption', {}, 'Map Runs'),
      h('thead', {}, h('tr', {}, ...['attempt', 'status', 'took', 'Map Run'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...run.mapRuns.map((mapRun) =>
          h(
            'tr',
            { class: `map-run-${mapRun.status}` },
            h('td', {}, mapRun.attempt),
            h('td', {}, mapRun.error ? `${mapRun.status}: ${mapRun.error}` : mapRun.status),
            h('td', {}, mapRun.endedAt === undefined ? '…' : formatDuration(mapRun.endedAt - mapRun.startedAt)),
            h('td', {}, h('code', {}, mapRun.mapRunArn ?? '—')),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      'Its items ran as child executions of the Map Run, whose histories are their own (aws stepfunctions list-executions --map-run-arn <arn>).',
    ),
  );
}

/** The label of one entry among several: its Map iteration, else its order. */
export function entryLabel(run: StateRun, number: number): string {
  const frame = run.frames.at(-1);
  return frame ? `Iteration ${frame.index} of ${frame.map}` : `Entry ${number}`;
}
