import * as z from 'zod/mini';
import { OrderEventSchema } from '#shared/events';
import { OrderIdSchema } from '#shared/schemas';

// The order events themselves are the topic's contract, shared with their publishers.
export {
  OrderCancelledEventSchema,
  OrderCompletedEventSchema,
  OrderEventSchema,
  ReviewRequestedEventSchema,
  type OrderEvent,
  type OrderEventType,
} from '#shared/events';

/** SNS limits: a message is at most 256 KiB and carries at most 10 message attributes. */
const MAX_SNS_MESSAGE_LENGTH = 256 * 1024;
const MAX_SNS_MESSAGE_ATTRIBUTES = 10;
/** SNS invokes a subscribed function with one record per delivery; a batch this size is already suspicious. */
const MAX_RECORDS_PER_EVENT = 10;

/** An SNS message body: a JSON string holding one order event. */
const JsonOrderEventSchema = z.pipe(
  z.pipe(
    z
      .string()
      .check(
        z.maxLength(
          MAX_SNS_MESSAGE_LENGTH,
          `must be at most ${MAX_SNS_MESSAGE_LENGTH} characters (the SNS message size limit)`,
        ),
      ),
    z.transform((text: string, ctx): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // zod/mini's transform context has no addIssue: the issue classic zod's ctx.addIssue records.
        ctx.issues.push({ code: 'custom', message: 'the SNS message is not valid JSON', input: text });
        return z.NEVER;
      }
    }),
  ),
  OrderEventSchema,
);

export const SnsRecordSchema = z.looseObject({
  Sns: z.looseObject({
    MessageId: z.string().check(z.minLength(1), z.maxLength(200)),
    Message: JsonOrderEventSchema,
    // Part of the notification's sort key (DynamoDB caps a sort key at 1024 bytes): an ISO timestamp,
    // as SNS sends it.
    Timestamp: z.iso.datetime({ message: 'must be an ISO 8601 UTC timestamp such as 2026-11-25T10:00:00.000Z' }),
    TopicArn: z.optional(z.string().check(z.maxLength(2048, 'must be at most 2048 characters'))),
    MessageAttributes: z.optional(
      z.pipe(
        // Counted on the input as delivered: a parsed record drops an own `__proto__` key (a valid
        // SNS attribute name, and one JSON.parse keeps), so counting its output could miss one.
        z
          .unknown()
          .check(
            z.refine(
              (raw) => typeof raw !== 'object' || raw === null || Object.keys(raw).length <= MAX_SNS_MESSAGE_ATTRIBUTES,
              `at most ${MAX_SNS_MESSAGE_ATTRIBUTES} message attributes`,
            ),
          ),
        z.record(z.string().check(z.maxLength(256, 'must be at most 256 characters')), z.unknown()),
      ),
    ),
  }),
});
export type SnsRecord = z.infer<typeof SnsRecordSchema>;

/** The SNS Lambda event (Records[].Sns), with every message already parsed and validated. */
export const NotifyCustomerEventSchema = z.looseObject({
  Records: z
    .array(SnsRecordSchema)
    .check(z.minLength(1), z.maxLength(MAX_RECORDS_PER_EVENT, `at most ${MAX_RECORDS_PER_EVENT} records per event`)),
});
export type NotifyCustomerEvent = z.infer<typeof NotifyCustomerEventSchema>;

export const NotificationStatusSchema = z.enum(['RECORDED', 'SENT']);

/** A notification as stored (without the key attributes). */
export const NotificationSchema = z.object({
  orderId: OrderIdSchema,
  notificationId: z.string(),
  type: z.enum(['OrderCompleted', 'OrderCancelled', 'ReviewRequested']),
  recipient: z.string(),
  channel: z.literal('email'),
  subject: z.string(),
  body: z.string(),
  /** When the event was published (SNS Timestamp): stable across redeliveries, so it can be part of the key. */
  publishedAt: z.string(),
  createdAt: z.string(),
  /** Epoch seconds after which DynamoDB's TTL deletes the record (domain/notify.ts: notificationExpiresAt). */
  expiresAt: z.number().check(z.int(), z.positive()),
  status: NotificationStatusSchema,
  sentAt: z.optional(z.string()),
});
export type Notification = z.infer<typeof NotificationSchema>;

export interface NotifyCustomerResult {
  delivered: number;
  duplicates: number;
}
