/** Adapters of the redrive: the dead-letter queue over SQS, the steps over Lambda, events over SNS. */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SNSClient } from '@aws-sdk/client-sns';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { invokeFunction } from '../../services/shared/lambda-invoke';
import { publishOrderEvent } from '../../services/shared/sns-order-events';
import type { DeadLetterQueue, InvokeStep, PublishEvent } from './redrive';

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

/**
 * Invokes the deployed functions (`<service>-<stage>-<function>`) synchronously
 * (services/shared/lambda-invoke.ts: a failed one throws named by its errorType).
 */
export function lambdaStepInvoker(lambda: LambdaClient, deployedName: (fn: string) => string): InvokeStep {
  return (functionName, payload) => invokeFunction(lambda, deployedName(functionName), payload);
}

/** Publishes an order event as the state machine's SNS steps do (services/shared/sns-order-events.ts). */
export function snsEventPublisher(sns: SNSClient): PublishEvent {
  return (topicArn, event) => publishOrderEvent(sns, topicArn, event);
}
