import { defineService } from '#shared/declaration';
import { NotificationSchema } from './schemas';

/** Notification: the messages sent per order; no Task functions (the declaration packages/offline-aws/src/ and the tests read). */
export default defineService({
  name: 'notification',
  table: 'NotificationsTable',
  orderRecord: { reportAs: 'notifications', record: 'notification', list: true, schema: NotificationSchema },
  tasks: {},
  errors: {},
});
