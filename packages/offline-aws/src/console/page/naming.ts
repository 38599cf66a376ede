/**
 * What the page calls an execution: an execution of the project's own state machine by the
 * project's subject and its id (offline.config.ts `console().subject`: "Order <orderId>"), any
 * other by "Execution <name>".
 */
import { readDefinition, sameStates, type DefinitionGraph } from '../model/definition';
import type { ExecutionView } from '../model/history';
import { definitionOf } from './aws';
import type { ConsoleConfig } from './types';

/** What the header calls the execution: the project's subject and its id, or "Execution" and its name. */
export interface Naming {
  /** The project's own state machine (the subject's words and records apply). */
  project: boolean;
  title: string;
  /** The id its records are found by (the subject's id, else the execution's name). */
  id: string;
}

export function namingOf(config: ConsoleConfig, project: boolean, execution: ExecutionView, name: string): Naming {
  const subject = project ? config.subject : undefined;
  if (!subject) return { project, title: `Execution ${name}`, id: name };
  let id = name;
  try {
    const input = JSON.parse(execution.input ?? '{}') as Record<string, unknown>;
    const value = subject.idField === undefined ? undefined : input[subject.idField];
    if (typeof value === 'string') id = value;
  } catch {
    // an input that is not an object: the execution's name
  }
  return { project, title: `${subject.noun.charAt(0).toUpperCase()}${subject.noun.slice(1)} ${id}`, id };
}

/** Whether the definition is the project's state machine's (its words and records apply). */
export async function isProjectMachine(config: ConsoleConfig, graph: DefinitionGraph): Promise<boolean> {
  try {
    return sameStates(graph, readDefinition(await definitionOf(config.stateMachineArn)));
  } catch {
    return false;
  }
}
