/** Human-readable traces and the summary table of scenario runs. */
import { isNothingToUndo, NOTHING_TO_UNDO_LABEL } from '../../services/shared/schemas';
import type { ScenarioResult } from '../offline/scenario-file';

const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length));

function orderStatus(result: ScenarioResult): string {
  const order = result.order as { status?: string } | null;
  return order?.status ?? '-';
}

export function formatTrace(result: ScenarioResult): string {
  const lines = [`▶ ${result.scenario}: ${result.description}`];
  result.states.forEach((state, index) => {
    const marks = [
      state.function ? `λ ${state.function}` : state.integration ? `⇢ ${state.integration}` : '',
      state.compensation ? '[compensation]' : '',
      state.retries ? `[retried ×${state.retries}]` : '',
      state.error ? `[${state.error}]` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const prefix = state.compensation ? '↩' : ' ';
    lines.push(`  ${prefix} ${pad(String(index + 1), 3)}${pad(state.name, 24)}${pad(state.type, 9)}${marks}`);
  });
  for (const [call, answer] of Object.entries(result.http)) {
    lines.push(`    ${call} → HTTP ${answer.statusCode}`);
  }
  // Each service's record as its declaration reports it: a record by its status (a tombstone as
  // what it is: nothing was done, so nothing was undone), a list by its types.
  const records = Object.entries(result.services).map(([key, value]) =>
    Array.isArray(value)
      ? ` · ${key} ${value.map((item) => String((item as { type?: unknown }).type ?? '?')).join(', ') || 'none'}`
      : ` · ${key} ${isNothingToUndo(value) ? NOTHING_TO_UNDO_LABEL : String((value as { status?: unknown } | null)?.status ?? 'none')}`,
  );
  lines.push(
    `  ${result.status === 'SUCCEEDED' ? '✔' : '✖'} ${result.status}${result.error ? ` (${result.error})` : ''}` +
      ` · order ${orderStatus(result)}` +
      records.join('') +
      ` · ${result.transitions} transitions · ${result.durationMs} ms`,
  );
  if (result.deadLettered || result.alerts.length > 0) {
    lines.push(
      `  ⚑ ${result.deadLettered ? 'in the dead-letter queue' : 'not in the dead-letter queue'}` +
        ` · ops alerts: ${result.alerts.join(', ') || 'none'}`,
    );
  }
  if (result.redrive) {
    lines.push(
      `  ↻ redrive: ${result.redrive.redriven.length} finished, ${result.redrive.failed.length} kept in the queue`,
    );
  }
  for (const v of result.consistency) {
    lines.push(`  ✖ invariant: order ${v.orderStatus} has ${v.record} ${v.recordStatus} (expected ${v.expected})`);
  }
  if (!result.asExpected && result.expected) {
    lines.push(
      `  ⚠ expected ${result.expected.status}${result.expected.error ? ` (${result.expected.error})` : ''} · order ${result.expected.orderStatus}`,
    );
  }
  return lines.join('\n');
}

export function formatSummary(results: ScenarioResult[]): string {
  const header = ['scenario', 'execution', 'error', 'order', 'transitions', 'ms', 'result'];
  const rows = results.map((r) => [
    r.scenario.replace(/\.json$/, ''),
    r.status,
    r.error ?? '-',
    orderStatus(r),
    String(r.transitions),
    String(r.durationMs),
    r.asExpected ? 'as expected' : 'UNEXPECTED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)) + 2);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0))
      .join('')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w - 2))), ...rows.map(line)].join('\n');
}
