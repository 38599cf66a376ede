/**
 * Nested executions (`arn:aws:states:::states:startExecution`, `.sync`, `.sync:2`): starting a child
 * from a Task's Parameters, and stopping the `.sync` children of an execution that ends or is
 * stopped first — a stopped `.sync` task has its job stopped (connect-to-resource.html, "Run a Job
 * (.sync)"; stepfunctions-iam.html grants `states:StopExecution` on the children for this). An
 * Express child is not stopped: StopExecution does not support Express executions (API_StopExecution.html).
 */
import type { Json } from '../serverless/config';
import type { JsonObject } from './definition';
import { checkExecutionInputSize, StepFunctionsError } from './errors';
import { syncDescription, type Execution } from './execution';
import type { ChildExecution } from './tasks';

export interface ChildHost {
  startExecution(name: string | undefined, input: Json, stateMachineArn: string): Execution;
  /** Stops a running execution (as StopExecution, without error or cause). */
  stopRunning(executionArn: string): void;
}

export class ChildExecutions {
  /** Parent execution ARN → the `.sync` children it started. */
  private readonly syncChildren = new Map<string, Set<string>>();

  constructor(private readonly host: ChildHost) {}

  /**
   * Starts a child execution from the Task's Parameters (`StateMachineArn`, `Input` as JSON or a
   * string, `Name`); a `.sync` child (`parentExecutionArn` given) is remembered for `parentEnded`.
   * @throws StepFunctionsError as StartExecution does (ValidationException over 256 KiB, InvalidExecutionInput, …).
   */
  start(parameters: JsonObject, parentExecutionArn?: string): ChildExecution {
    const input = parameters.Input ?? {};
    checkExecutionInputSize(typeof input === 'string' ? input : JSON.stringify(input));
    let parsed: Json | undefined;
    try {
      parsed = typeof input === 'string' ? (JSON.parse(input) as Json) : input;
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new StepFunctionsError(
        'InvalidExecutionInput',
        'Invalid State Machine Execution Input: must be a JSON object',
      );
    }
    const name = typeof parameters.Name === 'string' ? parameters.Name : undefined;
    const child = this.host.startExecution(name, parsed, String(parameters.StateMachineArn ?? ''));
    if (parentExecutionArn) {
      const children = this.syncChildren.get(parentExecutionArn) ?? new Set<string>();
      this.syncChildren.set(parentExecutionArn, children.add(child.executionArn));
    }
    return {
      executionArn: child.executionArn,
      startDate: child.startDate,
      completion: child.completion.then((ended) => ({ status: ended.status, description: syncDescription(ended) })),
    };
  }

  /** The parent ended or was stopped: its `.sync` children still running are stopped (the host leaves Express ones). */
  parentEnded(parentExecutionArn: string): void {
    const children = this.syncChildren.get(parentExecutionArn) ?? [];
    this.syncChildren.delete(parentExecutionArn);
    for (const childArn of children) this.host.stopRunning(childArn);
  }
}
