import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { EventPublisher, OrderEvent } from '../domain/ports';

/** Publishes domain events to the order-events topic; subscribers filter on the `eventType` attribute. */
export class SnsEventPublisher implements EventPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(event: OrderEvent): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Message: JSON.stringify(event),
        MessageAttributes: { eventType: { DataType: 'String', StringValue: event.type } },
      }),
    );
  }
}
