/**
 * test/support/arbitraries/broken-input.ts: a failing bad-input property names the field it broke
 * (dotted path, array index picked), the mutation and the value (cut to a few hundred characters),
 * never `[object Object]`. Each property here runs against a deliberately weak schema, so it fails.
 */
import fc from 'fast-check';
import * as z from 'zod/mini';
import { OrderIdSchema } from '../../../services/shared/schemas';
import {
  BrokenInput,
  malformedBodyCases,
  malformedCases,
  malformedMessageEventCases,
  type MalformedCase,
  submitReviewBody,
  taskInputs,
} from '../../support/arbitraries';
import { SHOWN_CHARACTERS } from '../../support/arbitraries/broken-input';
import { assertEveryCase } from '../properties/harness';

/** requestReview's input, parsed with a schema that lost the 2048-character cap of `taskToken`. */
const weakRequestReview = z.object({ orderId: OrderIdSchema, taskToken: z.string().check(z.minLength(1)) });

/** reserveInventory's input, parsed with a schema that checks nothing of a line's `sku` but its type. */
const weakReserveInventory = z.object({
  orderId: OrderIdSchema,
  items: z
    .array(z.looseObject({ sku: z.string(), quantity: z.number().check(z.int(), z.minimum(1), z.maximum(1000)) }))
    .check(z.minLength(1), z.maxLength(50)),
});

const caseLabelled = <T>(cases: MalformedCase<T>[], label: string): MalformedCase<T> => {
  const found = cases.find((c) => c.label === label);
  if (!found) throw new Error(`no case ${label} in ${cases.map((c) => c.label).join(', ')}`);
  return found;
};

/** The message `fc.assert` fails with when `schema` accepts an input of `arbitrary`. */
function failureOf(arbitrary: fc.Arbitrary<BrokenInput>, schema: z.ZodMiniType): string {
  try {
    fc.assert(
      fc.property(arbitrary, ({ input }) => {
        expect(schema.safeParse(input).success).toBe(false);
      }),
      { numRuns: 20 },
    );
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the property did not fail');
}

const counterexampleLine = (message: string): string =>
  message.split('\n').find((line) => line.startsWith('Counterexample: ')) ?? '';

describe('a failing bad-input property', () => {
  it('prints the field, the mutation and the value (cut), not [object Object]', () => {
    const tooLong = caseLabelled(
      malformedCases({ ...taskInputs.requestReview, schema: weakRequestReview }),
      'taskToken longer than 2048',
    );
    const message = failureOf(tooLong.arbitrary, weakRequestReview);
    const line = counterexampleLine(message);

    expect(line).toMatch(
      /^Counterexample: \[taskToken: longer than 2048; value "[^"]{100,}… \(\d{4,} characters\); input \{"orderId":"ord_/,
    );
    expect(message).not.toContain('[object Object]');
    // the value and the input, each cut to SHOWN_CHARACTERS, and the words around them
    expect(line.length).toBeLessThan(2 * SHOWN_CHARACTERS + 200);
  });

  it('names the array element it broke (items.<index>.sku)', () => {
    const cases = malformedCases({ ...taskInputs.reserveInventory, schema: weakReserveInventory });
    const line = counterexampleLine(
      failureOf(caseLabelled(cases, 'items.*.sku longer than 64').arbitrary, weakReserveInventory),
    );
    expect(line).toMatch(/^Counterexample: \[items\.\d+\.sku: longer than 64; value "/);
  });

  it('names the case that fails when every case is checked (the property tests’ assertEveryCase)', async () => {
    const failing = assertEveryCase(
      malformedCases({ ...taskInputs.requestReview, schema: weakRequestReview }),
      async (input) => {
        expect(weakRequestReview.safeParse(input).success).toBe(false);
      },
    );
    await expect(failing).rejects.toThrow(
      /^taskToken longer than 2048: Property failed.*Counterexample: \[taskToken: longer than 2048; value "/s,
    );
  });
});

describe('the field of a case wrapped in a request or an SNS event', () => {
  const first = <T>(c: MalformedCase<T>): string => String(fc.sample(c.arbitrary, { numRuns: 1, seed: 7 })[0]);

  it('is under body. for an HTTP body', () => {
    const cases = malformedBodyCases(submitReviewBody);
    expect(first(caseLabelled(cases, 'body comment longer than 1000'))).toMatch(
      /^body\.comment: longer than 1000; value "[^"]+… \(\d+ characters\); input \{"body":/,
    );
  });

  it('is under Records.0.Sns.Message for an order event in an SNS event', () => {
    const amount = malformedMessageEventCases.find((c) => c.label.startsWith('Message total.amount not an integer'));
    expect(amount && first(amount)).toMatch(
      /^Records\.0\.Sns\.Message\.total\.amount: not an integer in 0\.\.\d+; value /,
    );
  });

  it('is "the input" for a value built from scratch', () => {
    const notAnObject = caseLabelled(malformedCases(taskInputs.capturePayment), 'not an object');
    expect(first(notAnObject)).toMatch(/^the input: not an object; value /);
  });
});
