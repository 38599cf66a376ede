/**
 * An execution exported from a deployed stage as files, with the children its `.sync` Tasks
 * started:
 *
 *   aws stepfunctions describe-state-machine --state-machine-arn <parent> > order-processing.json
 *   aws stepfunctions describe-state-machine --state-machine-arn <child>  > reserve-and-confirm.json
 *   aws stepfunctions get-execution-history --execution-arn <arn> > history.json
 *   aws logs filter-log-events --log-group-name <child's log group> > reserve-and-confirm.log.json
 *
 * Which definition is the parent's is read from the history (the one holding the states it
 * entered); a child's definition is matched by its machine's name (describe-state-machine's `name`,
 * else the file's name) to the StateMachineArn the Task names; the children's histories come from
 * the log files (an Express child has no history but its log events,
 * https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
 */
import { childMachineArn, machineNameOf, startsChildToEnd, type ChildHistory } from './children';
import { detailsOf, str, type HistoryEvent } from './events';
import { readDefinition, type DefinitionFile } from './definition';
import { historiesFromLogEvents, type LogEventLike } from './log-history';

/** A definition file as read (readDefinitionFile), with the name of the file it came from. */
export interface NamedDefinition extends DefinitionFile {
  fileName: string;
}

export interface ExportedExecution {
  definition: string;
  stateMachineName?: string;
  childDefinitions: Map<string, string>;
  children: ChildHistory[];
}

/** A definition's machine name: describe-state-machine's `name`, else the file name without `.json`. */
const machineName = (file: NamedDefinition): string =>
  file.name ?? file.fileName.replace(/(\.definition)?\.json$/i, '');

/** The log events of an exported log file: filter-log-events' or get-log-events' `{events}`, or an array. */
export function readLogFile(value: unknown): LogEventLike[] {
  const events = Array.isArray(value) ? value : (value as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) {
    throw new Error('Not a log file: expected the answer of aws logs filter-log-events ({"events": [...]})');
  }
  return events as LogEventLike[];
}

/**
 * Puts exported files together.
 * @param definitions every definition file given (the parent's and its children's, in any order).
 * @param logEvents the log events of the children's log groups (all files together).
 * @throws Error when no definition holds the states the history entered, or a log event is not an
 *   execution's (LogHistoryError, naming it).
 */
export function assembleExport(
  definitions: readonly NamedDefinition[],
  events: readonly HistoryEvent[],
  logEvents: readonly LogEventLike[],
): ExportedExecution {
  const entered = new Set(
    events.filter((e) => e.type.endsWith('StateEntered')).flatMap((e) => str(detailsOf(e).name) ?? []),
  );
  const scored = definitions.map((file) => {
    const graph = readDefinition(file.definition);
    return { file, graph, score: [...entered].filter((name) => graph.states.has(name)).length };
  });
  const parent = scored.reduce<(typeof scored)[number] | undefined>(
    (best, candidate) => (best === undefined || candidate.score > best.score ? candidate : best),
    undefined,
  );
  if (!parent || (entered.size > 0 && parent.score === 0)) {
    throw new Error('None of the definitions has the states this history entered: give the execution’s own');
  }
  const childDefinitions = new Map<string, string>();
  for (const state of parent.graph.states.values()) {
    const arn = startsChildToEnd(state) ? childMachineArn(state) : undefined;
    const name = arn === undefined ? undefined : machineNameOf(arn);
    const child = definitions.find((file) => file !== parent.file && machineName(file) === name);
    if (child) childDefinitions.set(state.name, child.definition);
  }
  const children = [...historiesFromLogEvents(logEvents)].map(([executionArn, history]) => ({
    executionArn,
    events: history,
  }));
  return {
    definition: parent.file.definition,
    ...(parent.file.name === undefined ? {} : { stateMachineName: parent.file.name }),
    childDefinitions,
    children,
  };
}
