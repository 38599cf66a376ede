/** Each state type's work (the state loop in run.ts enters the state and calls it). */
import { map } from './map';
import { parallel } from './parallel';
import { choice, fail, pass, succeed, wait } from './simple-states';
import type { Outcome, StateRun } from './state-run';
import { task } from './task-state';

/**
 * The work of a state of `type`, or undefined for a type the engine does not know. A function, not a
 * table: map.ts and parallel.ts import the state loop, which imports this module (an import cycle
 * that only call time may cross).
 */
export function workOf(type: string): ((run: StateRun) => Promise<Outcome>) | undefined {
  switch (type) {
    case 'Pass':
      return pass;
    case 'Succeed':
      return succeed;
    case 'Fail':
      return fail;
    case 'Wait':
      return wait;
    case 'Choice':
      return choice;
    case 'Task':
      return task;
    case 'Parallel':
      return parallel;
    case 'Map':
      return map;
    default:
      return undefined;
  }
}
