/**
 * Child executions drawn inside the parent's Task that started them. A Task whose Resource is
 * `arn:aws:states:::states:startExecution.sync` (or `.sync:2`) runs a whole execution of another
 * state machine (https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html);
 * the parent's history records only the Task's events, its TaskSubmitted output naming the child
 * (`{"ExecutionArn": …, "StartDate": …}`). The child's history is its own: GetExecutionHistory for
 * a Standard child, the log group's events for an Express one (model/log-history.ts).
 *
 * Here the child machine's states become a scope of the Task (`<Task>#0`, drawn as a Parallel's
 * branch is) and the child's state entries join the parent's, placed between the Task's
 * TaskSubmitted event and the event after it (fractional ids: a child's entry with id `n` of a
 * history of `m` events sits at `submitted + n / (m + 1)`), so every reader of an ExecutionView
 * (outcomes, the failing state, the table and the timeline) sees them where they ran. Child state
 * names that a parent's state already has are renamed `<name> (<Task>)`.
 */
import {
  nestScope,
  readDefinition,
  type DefinitionGraph,
  type Json,
  type JsonObject,
  type StateNode,
} from './definition';
import { detailsOf, parseObject, str, type ExecutionView, type HistoryEvent, type StateRun } from './events';
import { readExecution } from './history';

const SYNC_START = /^arn:aws[\w-]*:states:::states:startExecution\.sync(:2)?$/;

/** Whether a Task runs a child execution to its end (`states:startExecution.sync` or `.sync:2`). */
export const startsChildToEnd = (state: StateNode | undefined): boolean =>
  state?.type === 'Task' && SYNC_START.test(state.resource ?? '');

const asObject = (value: unknown): JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};

/**
 * The state machine a child-starting Task names in `Arguments` (JSONata) or `Parameters`
 * (JSONPath), when it is written as a literal ARN; undefined when it is computed.
 */
export function childMachineArn(state: StateNode): string | undefined {
  const fields = asObject(state.definition.Arguments ?? state.definition.Parameters);
  const arn = fields.StateMachineArn;
  return typeof arn === 'string' && arn.startsWith('arn:') && !arn.includes('{%') ? arn : undefined;
}

/**
 * The state machine name in a state machine, version, alias, execution or Express execution ARN
 * (`arn:aws:states:<region>:<account>:stateMachine|execution|express:<name>[:…]`).
 */
export function machineNameOf(arn: string): string | undefined {
  const parts = arn.split(':');
  return ['stateMachine', 'execution', 'express'].includes(parts[5] ?? '') ? parts[6] : undefined;
}

/** The parent's graph with its children's states nested, and each Task's renamed child states. */
export interface NestedGraph {
  graph: DefinitionGraph;
  /** Task name → (child state name → its name in the graph), for the names that were taken. */
  renames: Map<string, Map<string, string>>;
}

/** Every state name of a definition, branches and item processors included. */
function stateNames(container: JsonObject, into: string[] = []): string[] {
  for (const [name, raw] of Object.entries(asObject(container.States))) {
    into.push(name);
    const state = asObject(raw);
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) stateNames(asObject(branch), into);
    stateNames(asObject(state.ItemProcessor ?? state.Iterator), into);
  }
  return into;
}

/** A copy of a container with its state names (and every reference to them) renamed. */
function renamed(container: JsonObject, rename: (name: string) => string): JsonObject {
  const states: JsonObject = {};
  for (const [name, raw] of Object.entries(asObject(container.States))) {
    const state = { ...asObject(raw) };
    for (const field of ['Next', 'Default'] as const) {
      if (typeof state[field] === 'string') state[field] = rename(state[field]);
    }
    for (const field of ['Choices', 'Catch'] as const) {
      const list = state[field];
      if (Array.isArray(list)) {
        state[field] = list.map((rule) => {
          const copy = { ...asObject(rule) };
          if (typeof copy.Next === 'string') copy.Next = rename(copy.Next);
          return copy;
        });
      }
    }
    if (Array.isArray(state.Branches)) state.Branches = state.Branches.map((b) => renamed(asObject(b), rename));
    for (const field of ['ItemProcessor', 'Iterator'] as const) {
      if (state[field] !== undefined) state[field] = renamed(asObject(state[field]), rename);
    }
    states[rename(name)] = state;
  }
  const startAt = typeof container.StartAt === 'string' ? rename(container.StartAt) : container.StartAt;
  return { ...container, ...(startAt === undefined ? {} : { StartAt: startAt }), States: states };
}

/**
 * The parent's definition read as a graph, with each child's definition nested in the Task that
 * starts it.
 * @param children Task name → the child machine's definition (JSON text); Tasks not named, or
 *   whose definition is not a state machine's, stay plain Tasks.
 * @throws Error when the parent's definition is not a state machine's (readDefinition's).
 */
export function nestChildDefinitions(definition: string, children: ReadonlyMap<string, string>): NestedGraph {
  const graph = readDefinition(definition);
  const renames = new Map<string, Map<string, string>>();
  for (const [task, text] of children) {
    if (!startsChildToEnd(graph.states.get(task))) continue;
    let child: JsonObject;
    try {
      child = asObject(JSON.parse(text) as Json);
      readDefinition(child);
    } catch {
      continue;
    }
    const taken = new Map<string, string>();
    for (const name of stateNames(child)) {
      if (graph.states.has(name)) taken.set(name, `${name} (${task})`);
    }
    renames.set(task, taken);
    nestScope(
      graph,
      task,
      renamed(child, (name) => taken.get(name) ?? name),
    );
  }
  return { graph, renames };
}

/** A child execution's history, as read (GetExecutionHistory, or rebuilt from its log events). */
export interface ChildHistory {
  executionArn: string;
  events: HistoryEvent[];
}

/** Where a parent's Task started a child: the Task's entry and the TaskSubmitted event naming it. */
export interface ChildStart {
  task: string;
  run: StateRun;
  executionArn: string;
  /** The TaskSubmitted event's id (the child ran after it). */
  eventId: number;
}

/** The children a parent's view started with `.sync` Tasks, in the order they were started. */
export function childStarts(view: ExecutionView, graph: DefinitionGraph): ChildStart[] {
  const starts: ChildStart[] = [];
  for (const run of view.runs) {
    if (run.child !== undefined || !startsChildToEnd(graph.states.get(run.name))) continue;
    for (const event of run.events) {
      if (event.type !== 'TaskSubmitted') continue;
      const executionArn = str(parseObject(str(detailsOf(event).output))?.ExecutionArn);
      if (executionArn !== undefined) starts.push({ task: run.name, run, executionArn, eventId: event.id });
    }
  }
  return starts;
}

/** A child's events with its renamed states' names changed. */
function withNames(events: readonly HistoryEvent[], taken: ReadonlyMap<string, string>): HistoryEvent[] {
  if (taken.size === 0) return [...events];
  return events.map((event) => {
    const copy: HistoryEvent = { ...event };
    for (const [key, value] of Object.entries(event)) {
      if (!key.endsWith('EventDetails') || value === null || typeof value !== 'object') continue;
      const details = { ...(value as Record<string, unknown>) };
      for (const field of ['name', 'state']) {
        const name = details[field];
        if (typeof name === 'string' && taken.has(name)) details[field] = taken.get(name);
      }
      copy[key] = details;
    }
    return copy;
  });
}

/**
 * Reads a parent execution with its children's state entries inside the Tasks that started them.
 * Children whose history is not given (not read yet, or unreadable) are left out: their Task shows
 * only its own events.
 */
export function readWithChildren(
  events: readonly HistoryEvent[],
  nested: NestedGraph,
  children: readonly ChildHistory[],
): ExecutionView {
  const view = readExecution(events, nested.graph);
  const histories = new Map(children.map((child) => [child.executionArn, child.events]));
  for (const start of childStarts(view, nested.graph)) {
    const history = histories.get(start.executionArn);
    if (!history || history.length === 0) continue;
    const childView = readExecution(withNames(history, nested.renames.get(start.task) ?? new Map()), nested.graph);
    const last = history.reduce((max, event) => Math.max(max, event.id), 0);
    const place = (id: number) => start.eventId + id / (last + 1);
    for (const run of childView.runs) {
      const grafted: StateRun = {
        ...run,
        id: place(run.id),
        frames: [...start.run.frames, ...run.frames],
        attempts: run.attempts.map((attempt) => ({
          ...attempt,
          startEventId: place(attempt.startEventId),
          ...(attempt.endEventId === undefined ? {} : { endEventId: place(attempt.endEventId) }),
        })),
        child: start.executionArn,
      };
      view.runs.push(grafted);
      view.byState.set(run.name, [...(view.byState.get(run.name) ?? []), grafted]);
    }
    for (const transition of childView.taken) view.taken.add(transition);
  }
  view.runs.sort((a, b) => a.id - b.id);
  for (const runs of view.byState.values()) runs.sort((a, b) => a.id - b.id);
  return view;
}
