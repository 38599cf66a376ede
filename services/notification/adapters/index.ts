import { dynamoDocumentClient } from '#shared/dynamodb';
import { requireEnv } from '#shared/env';
import { logger } from '../logger';
import type { Notification } from '../schemas';
import { DynamoDbNotificationLog } from './dynamodb-notification-log';
import { LogSender } from './log-sender';

let log: DynamoDbNotificationLog | undefined;
let sender: LogSender | undefined;

/** The notifications table, built once per process from NOTIFICATIONS_TABLE. */
export function notificationLog(): DynamoDbNotificationLog {
  log ??= new DynamoDbNotificationLog(dynamoDocumentClient(), requireEnv('NOTIFICATIONS_TABLE'));
  return log;
}

export function notificationSender(): LogSender {
  sender ??= new LogSender(logger);
  return sender;
}

/** Every notification recorded for an order, oldest first (Query by pk). */
export function listNotifications(orderId: string): Promise<Notification[]> {
  return notificationLog().list(orderId);
}
