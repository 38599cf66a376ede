/**
 * The saga as the tests read it: its Standard state machine (workflows/order-processing.asl.yml) and
 * the Express children its Tasks start with `states:startExecution.sync:2` (serverless.yml's other
 * state machines). State names are unique across them, so their States can be read as one.
 */
import { loadProjectWorkflows, type JsonObject, type WorkflowDefinition } from 'offline-aws/engine/definition';
import type { ServerlessConfig } from 'offline-aws/serverless/config';

/**
 * The saga's state machines: the parent (serverless.yml's first) first, then its Express children,
 * the other machines its definition starts (by ARN); not the project's other machines (bulkImport).
 */
export function sagaMachines(config: ServerlessConfig): WorkflowDefinition[] {
  const [parent, ...others] = loadProjectWorkflows(config);
  if (!parent) return [];
  const text = JSON.stringify(parent.definition);
  return [parent, ...others.filter((machine) => text.includes(`:stateMachine:${machine.stateMachineName}`))];
}

/** Every machine's top-level States in one object (the parent's first). */
export function sagaStates(config: ServerlessConfig): JsonObject {
  return Object.assign({}, ...sagaMachines(config).map((machine) => machine.definition.States)) as JsonObject;
}
