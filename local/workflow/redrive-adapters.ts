/** Adapters of the redrive: the dead-letter queue over SQS and the undo steps over Lambda. */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterQueue, InvokeUndo } from './redrive';

/** Messages being redriven stay hidden for 5 minutes, so one run sees each message once. */
const VISIBILITY_TIMEOUT_SECONDS = 300;

export function sqsDeadLetterQueue(sqs: SQSClient, queueUrl: string): DeadLetterQueue {
  return {
    async receive() {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: VISIBILITY_TIMEOUT_SECONDS,
          WaitTimeSeconds: 0,
        }),
      );
      return Messages.map((m) => ({ body: m.Body ?? '', receiptHandle: m.ReceiptHandle ?? '' }));
    },
    async remove(receiptHandle) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle }));
    },
  };
}

class UndoFailed extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** Invokes the deployed undo functions (`<service>-<stage>-<function>`) synchronously. */
export function lambdaUndoInvoker(lambda: LambdaClient, deployedName: (fn: string) => string): InvokeUndo {
  return async (functionName, payload) => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: deployedName(functionName), Payload: Buffer.from(JSON.stringify(payload)) }),
    );
    const text = result.Payload ? Buffer.from(result.Payload).toString('utf8') : 'null';
    if (result.FunctionError) {
      const error = JSON.parse(text) as { errorType?: string; errorMessage?: string };
      throw new UndoFailed(error.errorType ?? 'Lambda.Unknown', error.errorMessage ?? text);
    }
    return JSON.parse(text) as unknown;
  };
}
