/** SNS events that are well formed around a message notifyCustomer must refuse. */
import fc from 'fast-check';
import { type Obj, isRecord } from './formats';
import { orderEvent, orderEventArb, snsRecord, timestampArb } from './sns-events';
import { notJsonTextArb, toJsonText } from './json-text';
import { type MalformedCase, malformedCases } from './malformed';
import { BrokenInput } from './broken-input';

/** A case of order events, as the message text that carries them. */
const asMessageText = (c: MalformedCase): MalformedCase => ({
  label: c.label,
  arbitrary: c.arbitrary.map((broken) => broken.within(toJsonText(broken.input) ?? 'undefined')),
});

/** A case of messages that are wrong as a whole. */
const wholeMessage = (label: string, messages: fc.Arbitrary<unknown>): MalformedCase => ({
  label,
  arbitrary: messages.map((message) => new BrokenInput(message, '', label)),
});

/** Every way of breaking the message inside a well-formed SNS event (the `Message` value). */
const messageCases: MalformedCase[] = [
  ...malformedCases(orderEvent, { json: true }).map(asMessageText),
  wholeMessage('not JSON', notJsonTextArb(orderEventArb)),
  wholeMessage(
    'JSON but not an object',
    fc
      .jsonValue({ maxDepth: 2 })
      .filter((value) => !isRecord(value))
      .map((value) => JSON.stringify(value)),
  ),
  wholeMessage(
    'not a string (even an order event object)',
    fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), orderEventArb),
  ),
  wholeMessage(
    'over the SNS message size limit (256 KiB), even around a valid event',
    orderEventArb.map((event) => `${JSON.stringify(event)}${' '.repeat(256 * 1024)}`),
  ),
];

/** A one-record SNS event around each generated message (what is wrong is in `Records.0.Sns.Message`). */
const inSnsEvent = (message: fc.Arbitrary<BrokenInput>): fc.Arbitrary<BrokenInput<Obj>> =>
  fc
    .tuple(message, fc.uuid(), timestampArb)
    .map(([m, messageId, timestamp]) =>
      m.within<Obj>({ Records: [snsRecord(m.input, messageId, timestamp)] }, 'Records.0.Sns.Message'),
    );

/** Every way of breaking the message of a well-formed SNS event, as whole SNS events. */
export const malformedMessageEventCases: MalformedCase<Obj>[] = messageCases.map((c) => ({
  label: `Message ${c.label}`,
  arbitrary: inSnsEvent(c.arbitrary),
}));

/** Well-formed SNS events whose message is not an order event this service accepts. */
export const malformedMessageEventArb: fc.Arbitrary<BrokenInput<Obj>> = inSnsEvent(
  fc.oneof(...messageCases.map((c) => c.arbitrary)),
);
