/**
 * The children an execution's `.sync` Tasks start, read from the local endpoints for
 * model/children.ts: each child machine's definition (DescribeStateMachine on the ARN the Task
 * names, a version or alias ARN included) and each child execution's history — GetExecutionHistory
 * for a Standard child, its log group's events for an Express one (page/express.ts), as on AWS.
 */
import { childMachineArn, childStarts, startsChildToEnd, type ChildHistory } from '../model/children';
import { readDefinition, type DefinitionGraph } from '../model/definition';
import { readExecution, type HistoryEvent } from '../model/history';
import { definitionOf, fullHistory } from './aws';
import { expressExecution, isExpressExecution } from './express';

/**
 * Task name → the definition of the machine it starts, for the Tasks that name a literal ARN the
 * local endpoint knows (the others are drawn as plain Tasks).
 */
export async function childDefinitions(definition: string): Promise<Map<string, string>> {
  const graph = readDefinition(definition);
  const found = new Map<string, string>();
  for (const state of graph.states.values()) {
    const arn = startsChildToEnd(state) ? childMachineArn(state) : undefined;
    if (arn === undefined) continue;
    const child = await definitionOf(arn).catch(() => undefined);
    if (child !== undefined) found.set(state.name, child);
  }
  return found;
}

const ENDED = /^Execution(Succeeded|Failed|Aborted|TimedOut)$/;
/** Children that ended: their history changes no more. */
const ended = new Map<string, HistoryEvent[]>();

async function childHistory(executionArn: string): Promise<HistoryEvent[] | undefined> {
  const known = ended.get(executionArn);
  if (known) return known;
  const events = await (
    isExpressExecution(executionArn)
      ? expressExecution(executionArn).then((child) => child.events)
      : fullHistory<HistoryEvent>(executionArn)
  ).catch(() => undefined);
  // A redriven Standard child ends again: only an Express child's end is final.
  if (events?.some((event) => ENDED.test(event.type)) && isExpressExecution(executionArn)) {
    ended.set(executionArn, events);
  }
  return events;
}

/**
 * The histories of the children a parent's events started so far (each read once it ended).
 * A child that cannot be read (its machine logs nothing, it was deleted) is left out.
 */
export async function childHistories(events: readonly HistoryEvent[], graph: DefinitionGraph): Promise<ChildHistory[]> {
  const starts = childStarts(readExecution(events, graph), graph);
  const histories = await Promise.all(
    starts.map(async ({ executionArn }) => ({ executionArn, events: (await childHistory(executionArn)) ?? [] })),
  );
  return histories.filter((child) => child.events.length > 0);
}
