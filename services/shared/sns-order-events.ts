import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

/**
 * Publishes an order event to the order-events topic as the state machine's SNS steps do: the event
 * as the JSON message, its `type` as the `eventType` message attribute subscribers filter on
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html). One definition for the
 * orders service's publisher and the dead-letter redrive.
 * @throws what SNS Publish throws (the caller's retry or dead-letter path handles it).
 */
export async function publishOrderEvent(sns: SNSClient, topicArn: string, event: { type: string }): Promise<void> {
  await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Message: JSON.stringify(event),
      MessageAttributes: { eventType: { DataType: 'String', StringValue: event.type } },
    }),
  );
}
