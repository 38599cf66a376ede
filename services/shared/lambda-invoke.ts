import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/**
 * A function that answered with an error (Invoke's `FunctionError`): named by the error's
 * `errorType` (`Lambda.Unknown` when the answer has none), with its `errorMessage`.
 */
export class FunctionFailed extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly functionName: string,
  ) {
    super(message);
  }
}

/**
 * Invokes a function synchronously with a JSON payload, as a Task state calls it
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
 * @returns its answer, parsed (null for none).
 * @throws FunctionFailed when the function failed; the SDK's errors when the call did.
 */
export async function invokeFunction(lambda: LambdaClient, functionName: string, payload: unknown): Promise<unknown> {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(payload)) }),
  );
  const text = result.Payload ? Buffer.from(result.Payload).toString('utf8') : 'null';
  if (result.FunctionError) {
    let error: { errorType?: unknown; errorMessage?: unknown } = {};
    try {
      error = JSON.parse(text) as typeof error;
    } catch {
      // not Lambda's error shape: the text is the message
    }
    throw new FunctionFailed(
      typeof error.errorType === 'string' ? error.errorType : 'Lambda.Unknown',
      typeof error.errorMessage === 'string' ? error.errorMessage : text,
      functionName,
    );
  }
  return JSON.parse(text) as unknown;
}
