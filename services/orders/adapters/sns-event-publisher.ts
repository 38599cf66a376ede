import type { SNSClient } from '@aws-sdk/client-sns';
import { publishOrderEvent } from '#shared/sns-order-events';
import type { EventPublisher, OrderEvent } from '../domain/ports';

/** Publishes domain events to the order-events topic; subscribers filter on the `eventType` attribute. */
export class SnsEventPublisher implements EventPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(event: OrderEvent): Promise<void> {
    await publishOrderEvent(this.client, this.topicArn, event);
  }
}
