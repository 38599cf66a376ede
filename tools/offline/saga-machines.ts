/**
 * The order saga's state machines: its Standard parent (serverless.yml's first state machine, the
 * one createOrder starts) and the Express children its Tasks start with `states:startExecution`
 * (named in its definition by ARN, or by a version or alias of it, `…:stateMachine:<name>:1`). Not
 * the project's other state machines (bulkImport), which an order's execution never runs.
 */
import { loadProjectWorkflows, type WorkflowDefinition } from 'offline-aws/engine/definition';
import type { ServerlessConfig } from 'offline-aws/serverless/config';

/** The saga's machines, the parent first, and the project's others. */
export function sagaAndOtherMachines(config: ServerlessConfig): {
  saga: WorkflowDefinition[];
  others: WorkflowDefinition[];
} {
  const [parent, ...rest] = loadProjectWorkflows(config);
  if (!parent) return { saga: [], others: [] };
  const definition = JSON.stringify(parent.definition);
  const started = (machine: WorkflowDefinition) =>
    definition.includes(`${machine.stateMachineArn}"`) || definition.includes(`${machine.stateMachineArn}:`);
  return { saga: [parent, ...rest.filter(started)], others: rest.filter((machine) => !started(machine)) };
}

/** The saga's machines: the parent first, then its Express children. */
export const sagaMachines = (config: ServerlessConfig): WorkflowDefinition[] => sagaAndOtherMachines(config).saga;
