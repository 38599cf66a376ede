/**
 * The line of the order's records on an execution's page: each table's record status now, and what
 * changed after the execution ended.
 */
import type { ExecutionView } from '../model/history';
import { changedAfterEnd } from './after-end';
import { h, formatDuration } from './dom';
import type { OrderRecords } from './records';
import type { RecordTable } from './types';

/**
 * One line: each table's record status now (`payment DECLINED · shipping none · …`), the order's
 * reason beside its status; then, when the order changed after the execution ended, a line saying
 * so (the reconciler's work: after-end.ts).
 */
export function recordsLine(records: OrderRecords | undefined, execution: ExecutionView): HTMLElement | null {
  if (!records) return null;
  const statusOf = (record: unknown, placeholder?: RecordTable['placeholder']): string => {
    if (record === null || record === undefined) return 'none';
    if (Array.isArray(record)) {
      const types = record.map((r) => String((r as { type?: unknown }).type ?? '?'));
      return record.length === 0 ? 'none' : `${record.length} (${types.join(', ')})`;
    }
    if (placeholder && (record as Record<string, unknown>)[placeholder.field] === true) return placeholder.label;
    return String((record as { status?: unknown }).status ?? 'present');
  };
  const reason = typeof records.order?.reason === 'string' ? ` (${records.order.reason})` : '';
  const parts = [
    `orders ${statusOf(records.order)}${reason}`,
    ...records.services.map(({ table, record }) => `${table.reportAs} ${statusOf(record, table.placeholder)}`),
  ];
  const later = changedAfterEnd(records.order, execution);
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'records-line', id: 'records-line' },
      h('span', { class: 'muted' }, 'In the tables now: '),
      parts.join(' · '),
    ),
    later
      ? h(
          'p',
          { class: 'records-line', id: 'changed-after-end' },
          `After the execution ended ${execution.status}, the order became ${later.status}`,
          later.reason ? ` (${later.reason})` : '',
          ` ${formatDuration(later.laterMs)} later: the work of its status-change event's targets (EventBridge), not of its states.`,
        )
      : '',
  );
}
