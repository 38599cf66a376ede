/**
 * The order-events topic's messages (a contract): one zod schema per event type, the one source of
 * each payload's fields. Who publishes them: the state machine (OrderCompleted, OrderCancelled: the
 * `Message` blocks of workflows/order-processing.asl.yml), the dead-letter redrive (the same two,
 * ops/redrive/redrive.ts) and the orders service (ReviewRequested, whose type is inferred from
 * here); the notification service parses them (services/notification/schemas.ts). Every publisher is
 * checked against these schemas by test/unit/workflow/event-payloads.test.ts.
 *
 * Extra fields are allowed and ignored (loose objects): a subscriber keeps working when a publisher
 * adds one. Pure zod/mini, no AWS import.
 */
import * as z from 'zod/mini';
import { boundedText, MoneySchema, OrderIdSchema } from './schemas';

/** Longest free text (cancellation reason, error) accepted from an event; longer text is cut when rendered. */
const MAX_EVENT_TEXT = 32_768;
const eventText = z.string().check(z.minLength(1), z.maxLength(MAX_EVENT_TEXT));

/** `{ type: 'OrderCompleted', orderId, customerId, total }`: the order is charged and shipped. */
export const OrderCompletedEventSchema = z.looseObject({
  type: z.literal('OrderCompleted'),
  orderId: OrderIdSchema,
  customerId: boundedText(),
  total: MoneySchema,
});

/**
 * `{ type: 'OrderCancelled', orderId, customerId, reason, error? }`: the order ended without
 * completing; `reason` is the workflow's Fail-state error (an order outcome such as `OutOfStock`, an
 * escalation, or any other error name) or free text, `error` an optional reference.
 */
export const OrderCancelledEventSchema = z.looseObject({
  type: z.literal('OrderCancelled'),
  orderId: OrderIdSchema,
  customerId: boundedText(),
  reason: eventText,
  error: z.optional(eventText),
});

/**
 * `{ type: 'ReviewRequested', orderId, customerId, total, at? }`: the order waits for a manual
 * review; `at` is when the review was requested (ISO-8601; the orders service always sends it).
 */
export const ReviewRequestedEventSchema = z.looseObject({
  type: z.literal('ReviewRequested'),
  orderId: OrderIdSchema,
  customerId: boundedText(),
  total: MoneySchema,
  at: z.optional(z.iso.datetime()),
});

/** Every order event, by its `type`. */
export const OrderEventSchema = z.discriminatedUnion('type', [
  OrderCompletedEventSchema,
  OrderCancelledEventSchema,
  ReviewRequestedEventSchema,
]);
export type OrderEvent = z.infer<typeof OrderEventSchema>;
export type OrderEventType = OrderEvent['type'];
export type ReviewRequestedEvent = z.infer<typeof ReviewRequestedEventSchema>;

/** The schema of each event type (what a test or a publisher looks a payload's schema up by). */
export const ORDER_EVENT_SCHEMAS = {
  OrderCompleted: OrderCompletedEventSchema,
  OrderCancelled: OrderCancelledEventSchema,
  ReviewRequested: ReviewRequestedEventSchema,
} as const satisfies Record<OrderEventType, z.ZodMiniType>;
