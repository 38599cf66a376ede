import type { Currency, Money } from '#shared/schemas';
import { CUSTOMER_WORDING, ESCALATION_ERRORS } from '#shared/workflow-errors';
import type { Notification, NotifyCustomerEvent, NotifyCustomerResult, OrderEvent, SnsRecord } from '../schemas';

export type RecordOutcome = { kind: 'created' } | { kind: 'exists'; notification: Notification };

/**
 * Port: the notifications table, one record per order and event type: a customer is told each thing
 * about an order once, though SNS delivers at least once and a step that publishes may run again
 * (a retried Task, a re-run Express child) and publish the same event under a new message id.
 */
export interface NotificationLog {
  /** Stores the notification only if none exists for its order and type; otherwise returns the existing one. */
  record(notification: Notification): Promise<RecordOutcome>;
  /** Marks the notification as sent (idempotent). */
  markSent(notification: Notification, at: string): Promise<void>;
}

/** Port: the channel that reaches the customer (an email provider; a log line locally). */
export interface NotificationSender {
  send(notification: Notification): Promise<void>;
}

export interface NotifyPorts {
  log: NotificationLog;
  sender: NotificationSender;
}

/** Digits after the decimal point per currency (ISO 4217 minor units); 2 unless listed. */
const MINOR_UNITS: Partial<Record<Currency, number>> = { JPY: 0 };

/** Formats integer minor units without floating point: `{ amount: 129900, currency: 'EUR' }` → `EUR 1,299.00`. */
export function formatMoney({ amount, currency }: Money): string {
  const digits = MINOR_UNITS[currency] ?? 2;
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  const major = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const minor = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${currency} ${sign}${major}${minor}`;
}

const MAX_REASON_LENGTH = 500;
const shorten = (text: string): string =>
  text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;

const TECHNICAL_REASON = 'of a problem on our side';

/**
 * Customer wording for the workflow's Fail-state error names, which the state machine sends as the
 * reason: the words each service declares for its errors (`customerWording` in
 * services/<name>/service.ts, through the generated services/shared/business-errors.ts), and the
 * escalations (CompensationFailed, CompletionFailed), a failure on our side.
 */
export const REASONS: Readonly<Record<string, string>> = {
  ...CUSTOMER_WORDING,
  ...Object.fromEntries(ESCALATION_ERRORS.map((name) => [name, TECHNICAL_REASON])),
};

/** An identifier such as `Lambda.ClientExecutionTimeoutException` or `InjectedFault`: not words for a customer. */
const ERROR_NAME = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/**
 * The customer's wording of a cancellation reason: the outcome names have their own words; any other
 * error name (a technical failure the workflow gave up on) reads as a problem on our side, with the
 * name kept as the reference; free text is shown as it is.
 */
function reasonOf(reason: string, error: string | undefined): { text: string; reference?: string } {
  // Own keys only: a reason such as `toString` is an error name, not one of ours.
  const known = Object.hasOwn(REASONS, reason) ? REASONS[reason] : undefined;
  if (known !== undefined) return { text: known, ...(error === undefined ? {} : { reference: error }) };
  if (ERROR_NAME.test(reason)) return { text: TECHNICAL_REASON, reference: error ?? reason };
  return { text: shorten(reason), ...(error === undefined ? {} : { reference: error }) };
}

export interface RenderedMessage {
  subject: string;
  body: string;
}

/** The customer-facing subject and text of each event type. */
export function render(event: OrderEvent): RenderedMessage {
  const greeting = `Hello ${event.customerId},`;
  switch (event.type) {
    case 'OrderCompleted':
      return {
        subject: `Your order ${event.orderId} is on its way`,
        body: [
          greeting,
          '',
          `thank you for your order ${event.orderId}. We have charged ${formatMoney(event.total)} and handed your parcel to the carrier.`,
        ].join('\n'),
      };
    case 'OrderCancelled': {
      const reason = reasonOf(event.reason, event.error);
      return {
        subject: `Your order ${event.orderId} was cancelled`,
        body: [
          greeting,
          '',
          `your order ${event.orderId} was cancelled because ${reason.text}.`,
          'Any payment taken has been refunded and nothing will be shipped.',
          ...(reason.reference === undefined ? [] : ['', `Reference: ${shorten(reason.reference)}`]),
        ].join('\n'),
      };
    }
    case 'ReviewRequested':
      return {
        subject: `Your order ${event.orderId} is being reviewed`,
        body: [
          greeting,
          '',
          `your order ${event.orderId} of ${formatMoney(event.total)} needs a short manual review before we process it.`,
          'We will write again as soon as it is done.',
        ].join('\n'),
      };
  }
}

/**
 * How long a notification record is kept. It is the answer to "what were we told?" for support, and
 * it is what makes a redelivered message a duplicate, so it must outlive any redelivery (SNS stops
 * retrying a Lambda subscription after 23 days at most); beyond that it is customers' mail the table
 * has no reason to keep.
 */
export const NOTIFICATION_RETENTION_DAYS = 90;
const SECONDS_PER_DAY = 86_400;

/** When DynamoDB's TTL may delete a notification created at `createdAt`: epoch seconds, as TTL reads them. */
export function notificationExpiresAt(createdAt: string): number {
  const createdMs = Date.parse(createdAt);
  // A NaN would be stored as no expiry at all; `now` comes from the clock, so this is a bug, not input.
  if (!Number.isFinite(createdMs)) throw new RangeError(`createdAt is not a timestamp: ${createdAt}`);
  return Math.floor(createdMs / 1000) + NOTIFICATION_RETENTION_DAYS * SECONDS_PER_DAY;
}

/** The notification for one SNS record; its identity is the SNS message id. */
export function toNotification(record: SnsRecord, now: string): Notification {
  const { MessageId, Message: event, Timestamp } = record.Sns;
  return {
    orderId: event.orderId,
    notificationId: MessageId,
    type: event.type,
    recipient: event.customerId,
    channel: 'email',
    ...render(event),
    publishedAt: Timestamp,
    createdAt: now,
    expiresAt: notificationExpiresAt(now),
    status: 'RECORDED',
  };
}

/**
 * Records and sends one notification per order and event type. Idempotent: a redelivered message,
 * or the same event published again under a new message id, is counted as a duplicate and not sent
 * again. A record stored by an attempt that failed
 * before sending is sent by the next delivery (at least once, never silently dropped).
 */
export async function notifyCustomer(
  ports: NotifyPorts,
  event: NotifyCustomerEvent,
  now: string,
): Promise<NotifyCustomerResult> {
  const result: NotifyCustomerResult = { delivered: 0, duplicates: 0 };
  for (const record of event.Records) {
    const fresh = toNotification(record, now);
    const outcome = await ports.log.record(fresh);
    const notification = outcome.kind === 'created' ? fresh : outcome.notification;
    if (notification.status === 'SENT') {
      result.duplicates += 1;
      continue;
    }
    await ports.sender.send(notification);
    await ports.log.markSent(notification, now);
    result.delivered += 1;
  }
  return result;
}
