import type { LambdaClient } from '@aws-sdk/client-lambda';
import { FunctionFailed, invokeFunction } from '#shared/lambda-invoke';
import type { UndoSteps } from '../domain/ports';

/**
 * The compensation chain's undo functions (other services' functions: cancelShipment, refundPayment,
 * releaseInventory), invoked synchronously in order with `{ orderId }`, as the state machine's
 * compensation states call them.
 * @param functionNames their deployed names, in the chain's order (UNDO_FUNCTIONS).
 */
export class LambdaUndoSteps implements UndoSteps {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionNames: readonly string[],
  ) {}

  /** @throws FunctionFailed (its message naming the function) when an undo step failed. */
  async undo(orderId: string): Promise<void> {
    for (const functionName of this.functionNames) {
      try {
        await invokeFunction(this.client, functionName, { orderId });
      } catch (error) {
        if (!(error instanceof FunctionFailed)) throw error;
        throw new FunctionFailed(error.name, `${functionName}: ${error.message}`, functionName);
      }
    }
  }
}
