/** SNS delivers at most 10 message attributes (https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html). */
import { NotifyCustomerEventSchema } from '../../../services/notification/schemas';
import { completed, snsEvent } from './fakes';

/** An event whose one record carries the given attributes, parsed from JSON as Lambda hands it over. */
function withAttributes(names: string[]): unknown {
  const event = snsEvent({ message: completed() }) as { Records: { Sns: Record<string, unknown> }[] };
  const attributes = names.map((name) => `${JSON.stringify(name)}: { "Type": "String", "Value": "x" }`).join(', ');
  const text = JSON.stringify(event).replace('"MessageAttributes":{}', `"MessageAttributes":{${attributes}}`);
  return JSON.parse(text) as unknown;
}

const names = (count: number) => Array.from({ length: count }, (_, i) => `attribute${i}`);

it('accepts 10 attributes', () => {
  expect(NotifyCustomerEventSchema.safeParse(withAttributes(names(10))).success).toBe(true);
});

it('refuses 11, counting an attribute named __proto__ as JSON.parse keeps it (a parsed record would drop it)', () => {
  const parsed = NotifyCustomerEventSchema.safeParse(withAttributes([...names(10).slice(1), '__proto__', 'last']));
  expect(parsed.success).toBe(false);
  expect(JSON.stringify(parsed.error?.issues)).toContain('at most 10 message attributes');
});
