import type { Logger } from '@aws-lambda-powertools/logger';
import type { NotificationSender } from '../domain/notify';
import type { Notification } from '../schemas';

/** The packages/offline-aws/src/demo stand-in for an email provider: the message is written to the log. */
export class LogSender implements NotificationSender {
  constructor(private readonly logger: Logger) {}

  async send(notification: Notification): Promise<void> {
    const { orderId, notificationId, type, recipient, channel, subject, body } = notification;
    this.logger.info('notification sent', { orderId, notificationId, type, recipient, channel, subject, body });
  }
}
