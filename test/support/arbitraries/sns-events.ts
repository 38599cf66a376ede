/** The SNS Lambda event notifyCustomer receives, and the order events inside it. */
import fc from 'fast-check';
import { NotifyCustomerEventSchema, OrderEventSchema } from '../../../services/notification/schemas';
import { LIMITS } from '../../../services/shared/schemas';
import { type Obj, currencyArb, orderIdArb, textArb } from './formats';
import { malformedTimestampArb } from './near-misses';
import { type InputSpec, inVariants, moneyFields, named, orderIdField, spec } from './spec';

const EVENT_TYPES = ['OrderCompleted', 'OrderCancelled', 'ReviewRequested'] as const;
const moneyArb = fc.record({ amount: fc.nat({ max: 1_000_000_000 }), currency: currencyArb });

export const orderEventArb: fc.Arbitrary<Obj> = fc.oneof(
  fc.record({ type: fc.constant('OrderCompleted'), orderId: orderIdArb, customerId: textArb(), total: moneyArb }),
  fc.record({ type: fc.constant('ReviewRequested'), orderId: orderIdArb, customerId: textArb(), total: moneyArb }),
  fc.record(
    {
      type: fc.constant('OrderCancelled'),
      orderId: orderIdArb,
      customerId: textArb(),
      reason: fc.oneof(fc.constantFrom('OutOfStock', 'PaymentDeclined', 'OrderCancelled'), fc.string({ minLength: 1 })),
      error: fc.string({ minLength: 1, maxLength: 200 }),
    },
    { requiredKeys: ['type', 'orderId', 'customerId', 'reason'] },
  ),
);

/**
 * An order event as published on the order-events topic (the SNS message): a discriminated union
 * on `type`. Events with a total (OrderCompleted, ReviewRequested) have its money fields, and
 * ReviewRequested an optional `at`;
 * OrderCancelled events a reason and an error, free text of 1-32768 characters (MAX_EVENT_TEXT in
 * services/notification/schemas.ts; README, "Input limits and errors").
 */
export const orderEvent: InputSpec = named(
  'notifyCustomer SNS message (an order event)',
  spec(
    OrderEventSchema,
    orderEventArb,
    orderIdField,
    {
      discriminator: 'type',
      fields: [
        { path: 'type', type: 'string' },
        { path: 'customerId', type: 'string' },
      ],
      strings: [{ path: 'customerId', max: LIMITS.maxTextLength, text: true }],
      enums: [{ path: 'type', options: EVENT_TYPES }],
    },
    inVariants(['OrderCompleted', 'ReviewRequested'], moneyFields('total', 0)),
    // When the review was requested: an ISO-8601 date-time (ReviewRequestedEventSchema in
    // services/shared/events.ts); any other type is refused.
    inVariants(['ReviewRequested'], { fields: [{ path: 'at', type: 'string', optional: true }] }),
    inVariants(['OrderCancelled'], {
      fields: [
        { path: 'reason', type: 'string' },
        { path: 'error', type: 'string', optional: true },
      ],
      strings: [
        { path: 'reason', max: 32_768 },
        { path: 'error', max: 32_768 },
      ],
    }),
  ),
);

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:order-processing-dev-order-events';

/** One SNS record as Lambda delivers it, carrying `message` (a string, or anything for malformed cases). */
export function snsRecord(message: unknown, messageId: string, timestamp: string): Obj {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${TOPIC_ARN}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
    Sns: {
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: TOPIC_ARN,
      Subject: null,
      Message: message,
      Timestamp: timestamp,
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-example.pem',
      UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: {},
    },
  };
}

export const timestampArb = fc
  .date({ min: new Date('2020-01-01T00:00:00.000Z'), max: new Date('2035-12-31T23:59:59.999Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

const snsRecordArb = fc
  .tuple(orderEventArb, fc.uuid(), timestampArb)
  .map(([event, messageId, timestamp]) => snsRecord(JSON.stringify(event), messageId, timestamp));

/** The SNS Lambda event (the envelope around the messages). */
export const notifyCustomerEvent: InputSpec = named(
  'notifyCustomer SNS event',
  spec(NotifyCustomerEventSchema, fc.record({ Records: fc.array(snsRecordArb, { minLength: 1, maxLength: 3 }) }), {
    fields: [
      { path: 'Records', type: 'array' },
      { path: 'Records.*', type: 'object', optional: true },
      { path: 'Records.*.Sns', type: 'object' },
      { path: 'Records.*.Sns.MessageId', type: 'string' },
      { path: 'Records.*.Sns.Message', type: 'string' },
      { path: 'Records.*.Sns.Timestamp', type: 'string' },
      { path: 'Records.*.Sns.TopicArn', type: 'string', optional: true },
      { path: 'Records.*.Sns.MessageAttributes', type: 'record', optional: true },
    ],
    strings: [
      { path: 'Records.*.Sns.MessageId', max: 200 },
      { path: 'Records.*.Sns.Timestamp', max: 30 },
      { path: 'Records.*.Sns.TopicArn', max: 2048 },
    ],
    arrays: [{ path: 'Records', min: 1, max: 10, element: snsRecordArb }],
    badValues: [
      { path: 'Records.*.Sns.Timestamp', label: 'not an ISO 8601 UTC timestamp', bad: malformedTimestampArb },
      // SNS carries at most 10 message attributes, named with at most 256 characters
      {
        path: 'Records.*.Sns.MessageAttributes',
        label: 'more than 10 attributes, a name over 256 characters, or not a record',
        bad: fc.oneof(
          fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue({ maxDepth: 1 }), {
            minKeys: 11,
            maxKeys: 30,
          }),
          fc.integer({ min: 257, max: 1000 }).map((n) => ({ ['a'.repeat(n)]: { Type: 'String', Value: 'x' } })),
          fc.constantFrom(null, 'attributes', 42, [{ Type: 'String', Value: 'x' }]),
        ),
      },
    ],
  }),
);
