import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { UndoSteps } from '../domain/ports';

/** An undo step that answered with an error (its errorType is kept as the name). */
export class UndoStepFailed extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

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

  async undo(orderId: string): Promise<void> {
    for (const FunctionName of this.functionNames) {
      const result = await this.client.send(
        new InvokeCommand({ FunctionName, Payload: Buffer.from(JSON.stringify({ orderId })) }),
      );
      if (result.FunctionError) {
        const text = result.Payload ? Buffer.from(result.Payload).toString('utf8') : '';
        let error: { errorType?: unknown; errorMessage?: unknown } = {};
        try {
          error = JSON.parse(text) as typeof error;
        } catch {
          // not the Lambda error shape: the text is the message
        }
        throw new UndoStepFailed(
          typeof error.errorType === 'string' ? error.errorType : 'Lambda.Unknown',
          `${FunctionName}: ${typeof error.errorMessage === 'string' ? error.errorMessage : text}`,
        );
      }
    }
  }
}
