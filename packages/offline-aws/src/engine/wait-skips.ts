/**
 * The console's "skip the wait" (a local-only action, docs/fidelity.md): per execution, the Wait
 * states it has begun and what ends each one early. Not a Step Functions API.
 */
import { StepFunctionsError } from './errors';
import type { Execution } from './execution';

export class WaitSkips {
  private readonly controllers = new Map<string, Map<string, AbortController>>();

  /** What the library's Wait of `stateName` listens to: aborted, the wait ends as if its time had come. */
  signal(executionArn: string, stateName: string): AbortSignal {
    const controllers = this.controllers.get(executionArn) ?? new Map<string, AbortController>();
    this.controllers.set(executionArn, controllers);
    const controller = new AbortController();
    controllers.set(stateName, controller);
    return controller.signal;
  }

  /** The execution has ended: nothing of it is left to skip. */
  forget(executionArn: string): void {
    this.controllers.delete(executionArn);
  }

  /**
   * Ends the Wait states `execution` is waiting in now (entered, not yet exited in its history).
   * @returns the names of the Wait states ended.
   * @throws StepFunctionsError ExecutionNotWaiting when it is not running or waits in no Wait state.
   */
  skip(execution: Execution): string[] {
    const events = execution.history.events;
    const waiting = [...(this.controllers.get(execution.executionArn)?.entries() ?? [])].filter(([state]) => {
      const entered = events.findLastIndex(
        (e) => e.type === 'WaitStateEntered' && (e.stateEnteredEventDetails as { name?: string }).name === state,
      );
      return (
        entered >= 0 &&
        !events
          .slice(entered)
          .some((e) => e.type === 'WaitStateExited' && (e.stateExitedEventDetails as { name?: string }).name === state)
      );
    });
    if (execution.status !== 'RUNNING' || waiting.length === 0) {
      throw new StepFunctionsError(
        'ExecutionNotWaiting',
        `Execution is not in a Wait state: '${execution.executionArn}'`,
      );
    }
    for (const [, controller] of waiting) controller.abort();
    return waiting.map(([state]) => state);
  }
}
