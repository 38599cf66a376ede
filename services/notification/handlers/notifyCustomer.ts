import { nowIso } from '#shared/clock';
import { taskHandler } from '#shared/middleware';
import { notificationLog, notificationSender } from '../adapters';
import { notifyCustomer } from '../domain/notify';
import { logger } from '../logger';
import { NotifyCustomerEventSchema, type NotifyCustomerEvent } from '../schemas';

/** The order the SNS messages are about (SNS delivers one per invocation); none when they name several. */
function orderIdOf(event: NotifyCustomerEvent): string | undefined {
  const orderIds = new Set(event.Records.map((record) => record.Sns.Message.orderId));
  return orderIds.size === 1 ? [...orderIds][0] : undefined;
}

/** SNS order-events subscriber: render, record (once per message) and send the customer's notification. */
export const handler = taskHandler(
  logger,
  NotifyCustomerEventSchema,
  (event) => notifyCustomer({ log: notificationLog(), sender: notificationSender() }, event, nowIso()),
  { orderIdOf, inputName: 'SNS event' },
);
