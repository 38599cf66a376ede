import { z } from 'zod';
import { boundedText, MoneySchema, OrderIdSchema } from '../shared/schemas';

/** Longest free text (cancellation reason, error) accepted from an event; longer text is cut when rendered. */
const MAX_EVENT_TEXT = 32_768;
const eventText = z.string().min(1).max(MAX_EVENT_TEXT);

export const OrderCompletedEventSchema = z
  .object({ type: z.literal('OrderCompleted'), orderId: OrderIdSchema, customerId: boundedText(), total: MoneySchema })
  .loose();

export const OrderCancelledEventSchema = z
  .object({
    type: z.literal('OrderCancelled'),
    orderId: OrderIdSchema,
    customerId: boundedText(),
    reason: eventText,
    error: eventText.optional(),
  })
  .loose();

export const ReviewRequestedEventSchema = z
  .object({ type: z.literal('ReviewRequested'), orderId: OrderIdSchema, customerId: boundedText(), total: MoneySchema })
  .loose();

/** The order-events topic's messages this service renders (extra fields are allowed and ignored). */
export const OrderEventSchema = z.discriminatedUnion('type', [
  OrderCompletedEventSchema,
  OrderCancelledEventSchema,
  ReviewRequestedEventSchema,
]);
export type OrderEvent = z.infer<typeof OrderEventSchema>;
export type OrderEventType = OrderEvent['type'];

/** An SNS message body: a JSON string holding one order event. */
const JsonOrderEventSchema = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'the SNS message is not valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(OrderEventSchema);

export const SnsRecordSchema = z
  .object({
    Sns: z
      .object({
        MessageId: z.string().min(1).max(200),
        Message: JsonOrderEventSchema,
        Timestamp: z.string().min(1),
        TopicArn: z.string().optional(),
        MessageAttributes: z.record(z.string(), z.unknown()).optional(),
      })
      .loose(),
  })
  .loose();
export type SnsRecord = z.infer<typeof SnsRecordSchema>;

/** The SNS Lambda event (Records[].Sns), with every message already parsed and validated. */
export const NotifyCustomerEventSchema = z.object({ Records: z.array(SnsRecordSchema).min(1) }).loose();
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
  status: NotificationStatusSchema,
  sentAt: z.string().optional(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export interface NotifyCustomerResult {
  delivered: number;
  duplicates: number;
}
