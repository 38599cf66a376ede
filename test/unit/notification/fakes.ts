import type { NotificationLog, NotificationSender, RecordOutcome } from '../../../services/notification/domain/notify';
import type { Notification, NotifyCustomerEvent } from '../../../services/notification/schemas';
import { NotifyCustomerEventSchema } from '../../../services/notification/schemas';

export const NOW = '2026-11-25T10:00:00.000Z';
export const LATER = '2026-11-25T10:05:00.000Z';
export const ORDER_ID = `ord_${'0'.repeat(31)}1`;

/** The adapter's key: one notification per order and event type. */
const keyOf = (n: Notification) => `${n.orderId}|${n.type}`;

/** In-memory notifications table with the adapter's conditional semantics. */
export class FakeNotificationLog implements NotificationLog {
  readonly items = new Map<string, Notification>();
  /** Runs before the conditional put checks its condition (a concurrent delivery). */
  beforeRecord?: (notification: Notification) => void;

  async record(notification: Notification): Promise<RecordOutcome> {
    this.beforeRecord?.(notification);
    const existing = this.items.get(keyOf(notification));
    if (existing) return { kind: 'exists', notification: structuredClone(existing) };
    this.items.set(keyOf(notification), structuredClone(notification));
    return { kind: 'created' };
  }

  async markSent(notification: Notification, at: string): Promise<void> {
    const existing = this.items.get(keyOf(notification));
    if (!existing) throw new Error('markSent before record');
    this.items.set(keyOf(notification), { ...existing, status: 'SENT', sentAt: existing.sentAt ?? at });
  }

  all(): Notification[] {
    return [...this.items.values()];
  }
}

export class FakeSender implements NotificationSender {
  readonly sent: Notification[] = [];
  failing = false;

  async send(notification: Notification): Promise<void> {
    if (this.failing) throw new Error('provider down');
    this.sent.push(notification);
  }
}

export interface RecordInput {
  messageId?: string;
  message: unknown;
  timestamp?: string;
}

/** A raw SNS Lambda event (as Lambda delivers it). */
export function snsEvent(...records: RecordInput[]): { Records: unknown[] } {
  return {
    Records: records.map((r, i) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:order-events:sub',
      Sns: {
        Type: 'Notification',
        MessageId: r.messageId ?? `message-${i + 1}`,
        TopicArn: 'arn:aws:sns:eu-west-1:123456789012:order-events',
        Subject: null,
        Message: typeof r.message === 'string' ? r.message : JSON.stringify(r.message),
        Timestamp: r.timestamp ?? '2026-11-25T09:59:59.000Z',
        SignatureVersion: '1',
        Signature: 'EXAMPLE',
        SigningCertUrl: 'https://example.com/cert.pem',
        UnsubscribeUrl: 'https://example.com/unsubscribe',
        MessageAttributes: {},
      },
    })),
  };
}

/** The parsed form the domain receives (what the handler's schema produces). */
export const parsedEvent = (...records: RecordInput[]): NotifyCustomerEvent =>
  NotifyCustomerEventSchema.parse(snsEvent(...records));

export const completed = (overrides: Record<string, unknown> = {}) => ({
  type: 'OrderCompleted',
  orderId: ORDER_ID,
  customerId: 'cust_0001',
  total: { amount: 129900, currency: 'EUR' },
  ...overrides,
});
