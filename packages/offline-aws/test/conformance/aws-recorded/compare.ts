/**
 * The verdict on one execution: the local answer (in the snapshot's form) against what AWS
 * answered, stage by stage — status, then output / error / cause, then the ordered event types,
 * then each event's details; the history's shape (ids, previousEventId, the *Details flags) is
 * judged only in strict mode. The first stage that differs gives the verdict's reason.
 */
import type { RecordedCase } from './corpus';
import { diff, short, type Value } from './diff';

/** A history event, recorded or local, in the snapshot's form. */
export type Event = { type: string; id: Value; previousEventId: Value } & Record<string, Value>;

export interface Answer {
  /** DescribeExecution's status. */
  status: string;
  /** Output, error and cause: from the terminal event, or DescribeExecution's when there is none. */
  result: Record<string, Value>;
  /** GetExecutionHistory's events. */
  events: Event[];
}

export type Stage = 'status' | 'result' | 'types' | 'details' | 'shape';

export interface Verdict {
  same: boolean;
  /** The first stage that differs, and how (`<stage>: <difference>`); undefined when same. */
  first?: string;
  /** Each stage's outcome: `ok`, `order-only`, `n/a…` or the difference; the history's only when recorded. */
  stages: Partial<Record<Stage, string>>;
}

const SHAPE_KEYS = new Set(['inputDetails', 'outputDetails', 'assignedVariablesDetails']);
const IGNORED_KEYS = new Set(['roleArn']);
const PARALLEL_END = new Set([
  'ParallelStateSucceeded',
  'ParallelStateAborted',
  'ParallelStateExited',
  'ParallelStateFailed',
]);
const FINE = new Set(['ok', 'order-only', 'n/a', 'n/a (order)']);

const canonical = (value: Value): Value => {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, Value>;
    return Object.fromEntries(
      Object.keys(object)
        .sort()
        .map((key) => [key, canonical(object[key])]),
    );
  }
  return value;
};
const sortKey = (event: Event) => JSON.stringify(canonical({ ...event, id: 0, previousEventId: 0 }));
const byKey = (a: Event, b: Event) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0);

/**
 * The events of each Parallel state (between ParallelStateStarted and its end event) sorted and
 * given id [0], previousEventId 0, as the recording's transformer did: branches run at once. As
 * that transformer, it sorts again at each end event until the next Parallel state starts, which
 * drops ParallelStateSucceeded before ParallelStateExited (the recorded histories lack it).
 */
export function sortParallel(events: Event[]): Event[] {
  const out = [...events];
  let start: number | undefined;
  let within = false;
  let inside: Event[] = [];
  for (let i = 0; i < out.length; i += 1) {
    const event = out[i] as Event;
    if (PARALLEL_END.has(event.type)) {
      if (start !== undefined) out.splice(start, i - start, ...inside.sort(byKey));
      within = false;
    } else if (event.type === 'ParallelStateStarted') {
      within = true;
      inside = [];
      start = i + 1;
    } else if (within) {
      out[i] = { ...event, id: [0], previousEventId: 0 };
      inside.push(out[i] as Event);
    }
  }
  return out;
}

type Details = Record<string, Record<string, Value>>;

function detailsOf(event: Event): Details {
  const out: Details = {};
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails')) continue;
    const fields = Object.entries((value ?? {}) as Record<string, Value>);
    out[key] = Object.fromEntries(fields.filter(([field]) => !SHAPE_KEYS.has(field) && !IGNORED_KEYS.has(field)));
  }
  return out;
}

function shapeOf(event: Event): Record<string, Value> {
  const out: Record<string, Value> = { id: event.id, previousEventId: event.previousEventId };
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith('EventDetails')) continue;
    for (const [field, flag] of Object.entries((value ?? {}) as Record<string, Value>)) {
      if (SHAPE_KEYS.has(field)) out[`${key}.${field}`] = flag;
    }
  }
  return out;
}

/** Whether AWS itself may interleave the events: a Parallel state, or a Map whose concurrency is not fixed at 1. */
export function isConcurrent(kase: RecordedCase): boolean {
  let definition: unknown;
  try {
    definition = JSON.parse(kase.definition);
  } catch {
    return false;
  }
  type State = { Type?: string; Branches?: { States?: unknown }[]; MaxConcurrency?: unknown } & Record<string, unknown>;
  const visit = (states: unknown): boolean =>
    Object.values((states ?? {}) as Record<string, State>).some((state) => {
      if (state?.Type === 'Parallel') return true;
      if (state?.Type === 'Map') {
        if (state.MaxConcurrencyPath !== undefined || state.MaxConcurrency !== 1) return true;
        const processor = (state.ItemProcessor ?? state.Iterator) as { States?: unknown } | undefined;
        return visit(processor?.States);
      }
      return false;
    });
  return visit((definition as { States?: unknown }).States);
}

interface EventsComparison {
  types: string;
  details: string;
  shape: string;
}

/** Event types in order (any order when AWS may interleave them), then details, then shape. */
export function compareEvents(kase: RecordedCase, recorded: Event[], local: Event[]): EventsComparison {
  const out: EventsComparison = { types: 'ok', details: 'ok', shape: 'ok' };
  const recordedTypes = recorded.map((e) => e.type);
  const localTypes = local.map((e) => e.type);
  let pairs: [Event, Event][];
  let orderOnly = false;
  if (JSON.stringify(recordedTypes) === JSON.stringify(localTypes)) {
    pairs = recorded.map((e, i) => [e, local[i] as Event]);
  } else {
    const sameTypes = JSON.stringify([...recordedTypes].sort()) === JSON.stringify([...localTypes].sort());
    if (!sameTypes || !isConcurrent(kase)) {
      let i = 0;
      while (i < recordedTypes.length && recordedTypes[i] === localTypes[i]) i += 1;
      out.types =
        `event #${i + 1} type: expected ${recordedTypes[i] ?? '(end)'} got ${localTypes[i] ?? '(end)'}` +
        ` (expected ${recordedTypes.length} events, got ${localTypes.length})`;
      return { ...out, details: 'n/a', shape: 'n/a' };
    }
    orderOnly = true;
    const sortedLocal = [...local].sort(byKey);
    pairs = [...recorded].sort(byKey).map((e, i) => [e, sortedLocal[i] as Event]);
    out.types = 'order-only';
    out.shape = 'n/a (order)';
  }
  for (const [r, l] of pairs) {
    const d = diff(detailsOf(r), detailsOf(l), `event #${String(r.id)} ${r.type}`);
    if (!d) continue;
    if (orderOnly) {
      // Not FINE: the types stage reports it, with the details' first difference.
      out.types = `order differs, and (events of concurrent branches in another order) ${d}`;
      out.details = 'n/a';
    } else out.details = d;
    break;
  }
  if (!orderOnly) {
    for (const [r, l] of pairs) {
      const rs = shapeOf(r);
      const ls = shapeOf(l);
      const d = [...new Set([...Object.keys(rs), ...Object.keys(ls)])]
        .map((key) => diff(rs[key], ls[key], `event #${String(r.id)} ${r.type}.${key}`))
        .find(Boolean);
      if (d) {
        out.shape = d;
        break;
      }
    }
  }
  return out;
}

const TERMINAL_DETAILS: Record<string, string> = {
  ExecutionSucceeded: 'executionSucceededEventDetails',
  ExecutionFailed: 'executionFailedEventDetails',
  ExecutionTimedOut: 'executionTimedOutEventDetails',
  ExecutionAborted: 'executionAbortedEventDetails',
};

/** Output, error and cause as the terminal event gives them; undefined when the history has none. */
export function terminalResult(events: Event[]): Record<string, Value> | undefined {
  const last = events.at(-1);
  const key = last ? TERMINAL_DETAILS[last.type] : undefined;
  return last && key ? ((last[key] ?? {}) as Record<string, Value>) : undefined;
}

/**
 * The verdict on `local` (in the snapshot's form). `strict` counts the history's shape.
 * Parallel events are compared sorted when the recording sorted them.
 */
export function judge(kase: RecordedCase, local: Answer, strict = false): Verdict {
  const expected = kase.expected;
  const stages: Verdict['stages'] = {};
  const { status, result } = local;
  if (status !== expected.status) {
    const why =
      status === 'FAILED'
        ? ` (${String(result.error ?? '')}: ${short(result.cause ?? '', 200)})`
        : status === 'SUCCEEDED' && expected.error
          ? ` (AWS: ${String(expected.error)}: ${short(expected.cause ?? '', 160)})`
          : '';
    stages.status = `expected ${expected.status} got ${status}${why}`;
  } else stages.status = 'ok';
  const differences: string[] = [];
  for (const key of ['output', 'error', 'cause'] as const) {
    if (expected.status === 'RUNNING') break;
    if (key in expected || (result[key] !== undefined && expected.status !== 'SUCCEEDED')) {
      const d = diff(expected[key], result[key], key);
      if (d) differences.push(d);
    }
  }
  stages.result = differences[0] ?? 'ok';
  if (expected.events) {
    let recorded = structuredClone(expected.events) as Event[];
    let events = local.events;
    if (kase.compare.parallelEventsSorted) {
      recorded = sortParallel(recorded);
      events = sortParallel(events);
    }
    const compared = compareEvents(kase, recorded, events);
    stages.types = compared.types;
    stages.details = compared.details;
    stages.shape = compared.shape;
  }
  const order: Stage[] = strict
    ? ['status', 'result', 'types', 'details', 'shape']
    : ['status', 'result', 'types', 'details'];
  const bad = order.find((stage) => stages[stage] !== undefined && !FINE.has(stages[stage] ?? ''));
  return bad ? { same: false, first: `${bad}: ${stages[bad] ?? ''}`, stages } : { same: true, stages };
}
