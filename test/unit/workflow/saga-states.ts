/**
 * The saga as the tests read it: its Standard state machine (workflows/order-processing.asl.yml) and
 * the Express children its Tasks start with `states:startExecution.sync:2` (serverless.yml's other
 * state machines). State names are unique across them, so their States can be read as one.
 */
import type { JsonObject } from 'offline-aws/engine/definition';
import { sagaMachines } from '../../../tools/offline/saga-machines';
import type { ServerlessConfig } from 'offline-aws/serverless/config';

export { sagaMachines };

/** Every state name of the saga's machines, at every level (Parallel branches, Map processors), in order. */
export function sagaStateNames(config: ServerlessConfig): string[] {
  const names: string[] = [];
  const walk = (states: unknown): void => {
    for (const [name, state] of Object.entries((states ?? {}) as Record<string, JsonObject>)) {
      names.push(name);
      for (const branch of (state.Branches ?? []) as JsonObject[]) walk(branch.States);
      const processor = (state.ItemProcessor ?? state.Iterator) as JsonObject | undefined;
      if (processor) walk(processor.States);
    }
  };
  for (const machine of sagaMachines(config)) walk(machine.definition.States);
  return names;
}

/**
 * Every machine's top-level States in one object (the parent's first).
 * @throws Error naming a state name two machines share (one would hide the other here)
 */
export function sagaStates(config: ServerlessConfig): JsonObject {
  const names = sagaStateNames(config);
  const shared = names.filter((name, i) => names.indexOf(name) !== i);
  if (shared.length > 0) throw new Error(`State names must be unique across the saga's machines: ${shared.join(', ')}`);
  return Object.assign({}, ...sagaMachines(config).map((machine) => machine.definition.States)) as JsonObject;
}
