/**
 * The console's "skip the wait" (a local-only action, docs/fidelity.md): per execution, the Wait
 * states it has entered and what ends each one early. Not a Step Functions API.
 */
import { StepFunctionsError } from './errors';
import type { Execution } from './execution';

/** One Wait state's skip: `taken` once the Wait's sleep holds its signal. */
interface Skip {
  controller: AbortController;
  taken: boolean;
}

export class WaitSkips {
  private readonly skips = new Map<string, Map<string, Skip>>();

  private of(executionArn: string): Map<string, Skip> {
    const skips = this.skips.get(executionArn) ?? new Map<string, Skip>();
    this.skips.set(executionArn, skips);
    return skips;
  }

  /**
   * What the Wait of `stateName` sleeps on: aborted, the wait ends as if its time had come. A skip
   * asked between the state's entry and its sleep is kept for it (the signal comes already aborted).
   */
  signal(executionArn: string, stateName: string): AbortSignal {
    const skips = this.of(executionArn);
    const early = skips.get(stateName);
    if (early && !early.taken) {
      early.taken = true;
      return early.controller.signal;
    }
    const skip = { controller: new AbortController(), taken: true };
    skips.set(stateName, skip);
    return skip.controller.signal;
  }

  /** The execution has ended: nothing of it is left to skip. */
  forget(executionArn: string): void {
    this.skips.delete(executionArn);
  }

  /**
   * Ends the Wait states `execution` is waiting in now (entered, not yet exited in its history).
   * @returns the names of the Wait states ended.
   * @throws StepFunctionsError ExecutionNotWaiting when it is not running or waits in no Wait state.
   */
  skip(execution: Execution): string[] {
    const events = execution.history.events;
    const nameOf = (details: unknown): string | undefined => (details as { name?: string } | undefined)?.name;
    const open = new Set<string>();
    for (const event of events) {
      if (event.type === 'WaitStateEntered') open.add(nameOf(event.stateEnteredEventDetails) ?? '');
      if (event.type === 'WaitStateExited') open.delete(nameOf(event.stateExitedEventDetails) ?? '');
    }
    const waiting = [...open];
    if (execution.status !== 'RUNNING' || waiting.length === 0) {
      throw new StepFunctionsError(
        'ExecutionNotWaiting',
        `Execution is not in a Wait state: '${execution.executionArn}'`,
      );
    }
    const skips = this.of(execution.executionArn);
    for (const state of waiting) {
      const current = skips.get(state);
      if (current && !current.controller.signal.aborted) current.controller.abort();
      else skips.set(state, { controller: abortedController(), taken: false });
    }
    return waiting;
  }
}

function abortedController(): AbortController {
  const controller = new AbortController();
  controller.abort();
  return controller;
}
