import {
  formatMoney,
  NOTIFICATION_RETENTION_DAYS,
  notificationExpiresAt,
  notifyCustomer,
  render,
  toNotification,
} from '../../../services/notification/domain/notify';
import { NotifyCustomerEventSchema } from '../../../services/notification/schemas';
import { completed, FakeNotificationLog, FakeSender, LATER, NOW, ORDER_ID, parsedEvent, snsEvent } from './fakes';

function setup() {
  const log = new FakeNotificationLog();
  const sender = new FakeSender();
  return { log, sender, ports: { log, sender } };
}

describe('formatMoney', () => {
  it.each([
    [{ amount: 129900, currency: 'EUR' }, 'EUR 1,299.00'],
    [{ amount: 5, currency: 'EUR' }, 'EUR 0.05'],
    [{ amount: 0, currency: 'USD' }, 'USD 0.00'],
    [{ amount: 123456789, currency: 'GBP' }, 'GBP 1,234,567.89'],
    [{ amount: 1299, currency: 'JPY' }, 'JPY 1,299'],
    [{ amount: 1000000, currency: 'JPY' }, 'JPY 1,000,000'],
    [{ amount: 99, currency: 'CHF' }, 'CHF 0.99'],
  ] as const)('formats %j as %s', (money, text) => {
    expect(formatMoney(money)).toBe(text);
  });

  it('keeps a sign, should one ever appear', () => {
    expect(formatMoney({ amount: -150, currency: 'EUR' })).toBe('EUR -1.50');
  });

  it('is exact for the largest safe amount', () => {
    expect(formatMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'EUR' })).toBe('EUR 90,071,992,547,409.91');
  });
});

describe('render', () => {
  it('renders OrderCompleted with the total', () => {
    const message = render({
      type: 'OrderCompleted',
      orderId: ORDER_ID,
      customerId: 'ana',
      total: { amount: 129900, currency: 'EUR' },
    });
    expect(message.subject).toBe(`Your order ${ORDER_ID} is on its way`);
    expect(message.body).toContain('Hello ana,');
    expect(message.body).toContain('EUR 1,299.00');
  });

  it('renders OrderCancelled with the reason and the error reference when given', () => {
    const withError = render({
      type: 'OrderCancelled',
      orderId: ORDER_ID,
      customerId: 'ana',
      reason: 'payment declined',
      error: 'PaymentDeclined',
    });
    expect(withError.subject).toBe(`Your order ${ORDER_ID} was cancelled`);
    expect(withError.body).toContain('was cancelled because payment declined.');
    expect(withError.body).toContain('Reference: PaymentDeclined');
    const without = render({ type: 'OrderCancelled', orderId: ORDER_ID, customerId: 'ana', reason: 'at your request' });
    expect(without.body).not.toContain('Reference');
  });

  it.each([
    ['PaymentDeclined', 'the payment was declined'],
    ['OutOfStock', 'an item is out of stock'],
    ['OrderCancelled', 'you asked us to cancel it'],
    ['ReviewTimedOut', 'its review could not be completed in time'],
  ])('words the workflow error %s for the customer', (reason, text) => {
    const message = render({ type: 'OrderCancelled', orderId: ORDER_ID, customerId: 'ana', reason });
    expect(message.body).toContain(`was cancelled because ${text}.`);
  });

  it.each(['Lambda.ClientExecutionTimeoutException', 'InjectedFault', 'States.Timeout', 'Sandbox.Timedout'])(
    'never words the technical error %s as the reason: a problem on our side, the name as reference',
    (reason) => {
      const message = render({ type: 'OrderCancelled', orderId: ORDER_ID, customerId: 'ana', reason });
      expect(message.body).toContain('was cancelled because of a problem on our side.');
      expect(message.body).toContain(`Reference: ${reason}`);
    },
  );

  it('shortens very long reasons', () => {
    const message = render({ type: 'OrderCancelled', orderId: ORDER_ID, customerId: 'ana', reason: 'x'.repeat(5000) });
    expect(message.body.length).toBeLessThan(1000);
    expect(message.body).toContain('…');
  });

  it('renders ReviewRequested', () => {
    const message = render({
      type: 'ReviewRequested',
      orderId: ORDER_ID,
      customerId: 'ana',
      total: { amount: 250000, currency: 'JPY' },
    });
    expect(message.subject).toBe(`Your order ${ORDER_ID} is being reviewed`);
    expect(message.body).toContain('JPY 250,000');
  });
});

describe('toNotification', () => {
  it('takes its identity from the SNS message and its recipient from the event', () => {
    const [record] = parsedEvent({ messageId: 'm-1', message: completed() }).Records;
    if (!record) throw new Error('no record');
    expect(toNotification(record, NOW)).toMatchObject({
      orderId: ORDER_ID,
      notificationId: 'm-1',
      type: 'OrderCompleted',
      recipient: 'cust_0001',
      channel: 'email',
      publishedAt: '2026-11-25T09:59:59.000Z',
      createdAt: NOW,
      expiresAt: Date.parse('2027-02-23T10:00:00.000Z') / 1000,
      status: 'RECORDED',
    });
  });
});

describe('notificationExpiresAt', () => {
  it('keeps a notification NOTIFICATION_RETENTION_DAYS after it was created, in epoch seconds for DynamoDB TTL', () => {
    expect(NOTIFICATION_RETENTION_DAYS).toBe(90);
    // 2026-11-25T10:00:00Z is 1795600800; 90 days later is 2027-02-23T10:00:00Z.
    expect(notificationExpiresAt('2026-11-25T10:00:00.000Z')).toBe(1_803_376_800);
    expect(notificationExpiresAt('2026-11-25T10:00:00.999Z')).toBe(1_803_376_800);
    expect(Number.isInteger(notificationExpiresAt(new Date().toISOString()))).toBe(true);
  });

  it('refuses a createdAt that is not a timestamp rather than store no expiry', () => {
    expect(() => notificationExpiresAt('not a date')).toThrow(RangeError);
  });

  it('is not moved by a redelivery: the first record keeps its expiry', async () => {
    const { log, ports } = setup();
    await notifyCustomer(ports, parsedEvent({ messageId: 'm-1', message: completed() }), NOW);
    await notifyCustomer(ports, parsedEvent({ messageId: 'm-1', message: completed() }), LATER);
    expect(log.all().map((n) => n.expiresAt)).toEqual([notificationExpiresAt(NOW)]);
  });
});

describe('notifyCustomer', () => {
  it('records and sends one notification per message', async () => {
    const { log, sender, ports } = setup();
    const event = parsedEvent(
      { messageId: 'm-1', message: completed() },
      {
        messageId: 'm-2',
        message: { type: 'OrderCancelled', orderId: ORDER_ID, customerId: 'cust_0001', reason: 'at your request' },
      },
    );
    await expect(notifyCustomer(ports, event, NOW)).resolves.toEqual({ delivered: 2, duplicates: 0 });
    expect(sender.sent.map((n) => n.notificationId)).toEqual(['m-1', 'm-2']);
    expect(log.all().map((n) => [n.notificationId, n.status, n.sentAt])).toEqual([
      ['m-1', 'SENT', NOW],
      ['m-2', 'SENT', NOW],
    ]);
  });

  it('is idempotent per message id: a redelivery is a duplicate, not a second send', async () => {
    const { log, sender, ports } = setup();
    const event = parsedEvent({ messageId: 'm-1', message: completed() });
    await notifyCustomer(ports, event, NOW);
    await expect(notifyCustomer(ports, event, LATER)).resolves.toEqual({ delivered: 0, duplicates: 1 });
    expect(sender.sent).toHaveLength(1);
    expect(log.all()).toHaveLength(1);
    expect(log.all()[0]?.createdAt).toBe(NOW);
  });

  it('tells the customer each thing once: the same event published again under a new message id is a duplicate', async () => {
    // A re-run step (a retried Task, the complete-order Express child run again) publishes again.
    const { sender, ports } = setup();
    await notifyCustomer(ports, parsedEvent({ messageId: 'm-1', message: completed() }), NOW);
    await expect(
      notifyCustomer(ports, parsedEvent({ messageId: 'm-2', message: completed() }), LATER),
    ).resolves.toEqual({ delivered: 0, duplicates: 1 });
    expect(sender.sent.map((n) => n.notificationId)).toEqual(['m-1']);
  });

  it('counts a duplicate within one batch once', async () => {
    const { sender, ports } = setup();
    const event = parsedEvent({ messageId: 'm-1', message: completed() }, { messageId: 'm-1', message: completed() });
    await expect(notifyCustomer(ports, event, NOW)).resolves.toEqual({ delivered: 1, duplicates: 1 });
    expect(sender.sent).toHaveLength(1);
  });

  it('sends a recorded but unsent notification on redelivery (the first attempt failed to send)', async () => {
    const { log, sender, ports } = setup();
    const event = parsedEvent({ messageId: 'm-1', message: completed() });
    sender.failing = true;
    await expect(notifyCustomer(ports, event, NOW)).rejects.toThrow('provider down');
    expect(log.all()[0]?.status).toBe('RECORDED');
    sender.failing = false;
    await expect(notifyCustomer(ports, event, LATER)).resolves.toEqual({ delivered: 1, duplicates: 0 });
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]?.createdAt).toBe(NOW);
    expect(log.all()[0]).toMatchObject({ status: 'SENT', sentAt: LATER });
  });

  it('loses the race to a concurrent delivery that already sent: no second send', async () => {
    const { log, sender, ports } = setup();
    const event = parsedEvent({ messageId: 'm-1', message: completed() });
    log.beforeRecord = (notification) => {
      log.beforeRecord = undefined;
      log.items.set(`${notification.orderId}|${notification.type}`, {
        ...notification,
        status: 'SENT',
        sentAt: NOW,
      });
    };
    await expect(notifyCustomer(ports, event, LATER)).resolves.toEqual({ delivered: 0, duplicates: 1 });
    expect(sender.sent).toHaveLength(0);
  });

  it('parses only well-formed events (the handler rejects the rest before writing)', () => {
    expect(NotifyCustomerEventSchema.safeParse(snsEvent({ message: 'not json' })).success).toBe(false);
    expect(
      NotifyCustomerEventSchema.safeParse(snsEvent({ message: completed({ type: 'OrderShipped' }) })).success,
    ).toBe(false);
    expect(NotifyCustomerEventSchema.safeParse(snsEvent({ message: completed({ orderId: undefined }) })).success).toBe(
      false,
    );
    expect(
      NotifyCustomerEventSchema.safeParse(snsEvent({ message: completed({ total: { amount: 1.5, currency: 'EUR' } }) }))
        .success,
    ).toBe(false);
    expect(NotifyCustomerEventSchema.safeParse({ Records: [] }).success).toBe(false);
    expect(NotifyCustomerEventSchema.safeParse(snsEvent({ message: completed({ extra: 'allowed' }) })).success).toBe(
      true,
    );
  });
});
