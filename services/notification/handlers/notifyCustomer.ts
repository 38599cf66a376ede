import { nowIso } from '../../shared/clock';
import { taskHandler } from '../../shared/middleware';
import { notificationLog, notificationSender } from '../adapters';
import { notifyCustomer } from '../domain/notify';
import { logger } from '../logger';
import { NotifyCustomerEventSchema } from '../schemas';

/** SNS order-events subscriber: render, record (once per message) and send the customer's notification. */
export const handler = taskHandler(logger, NotifyCustomerEventSchema, (event) =>
  notifyCustomer({ log: notificationLog(), sender: notificationSender() }, event, nowIso()),
);
