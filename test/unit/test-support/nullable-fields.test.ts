/**
 * Nullable and optional-nullable fields in an input spec (test/support/arbitraries/spec.ts,
 * nulls.ts): null is never generated as a bad value for them, valid inputs sometimes carry it, and
 * the mutations still give them every other wrong type. The schema is a made-up one with each kind
 * (`z.nullable`, `z.optional(z.nullable(…))`, a nullable object with fields, a nullable field of
 * array elements).
 */
import fc from 'fast-check';
import * as z from 'zod/mini';
import { boundedText, OrderIdSchema } from '../../../services/shared/schemas';
import { type Field, malformedCases, type MalformedCase } from '../../support/arbitraries';
import { orderIdArb, textArb } from '../../support/arbitraries/formats';
import { named, spec } from '../../support/arbitraries/spec';
import { assertEveryCase } from '../properties/harness';

const schema = z.strictObject({
  orderId: OrderIdSchema,
  /** nullable, required */
  note: z.nullable(boundedText()),
  /** optional-nullable */
  giftMessage: z.optional(z.nullable(boundedText(100))),
  /** a nullable object whose fields have limits of their own */
  discount: z.nullable(
    z.strictObject({
      code: z.string().check(z.regex(/^[A-Z]{4}$/)),
      percent: z.number().check(z.int(), z.minimum(1), z.maximum(50)),
    }),
  ),
  lines: z
    .array(z.strictObject({ sku: z.string().check(z.minLength(1)), label: z.optional(z.nullable(z.string())) }))
    .check(z.minLength(1), z.maxLength(3)),
});

const lineArb = fc.record({ sku: fc.constantFrom('A', 'B'), label: fc.string() }, { requiredKeys: ['sku'] });

const nullableSpec = named(
  'a made-up entry point',
  spec(
    schema,
    fc.record(
      {
        orderId: orderIdArb,
        note: textArb(),
        giftMessage: textArb(100),
        discount: fc.record({ code: fc.stringMatching(/^[A-Z]{4}$/), percent: fc.integer({ min: 1, max: 50 }) }),
        lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: ['orderId', 'note', 'discount', 'lines'] },
    ),
    {
      fields: [
        { path: 'orderId', type: 'string' },
        { path: 'note', type: 'string', nullable: true },
        { path: 'giftMessage', type: 'string', optional: true, nullable: true },
        { path: 'discount', type: 'object', nullable: true },
        { path: 'discount.code', type: 'string' },
        { path: 'discount.percent', type: 'integer' },
        { path: 'lines', type: 'array' },
        { path: 'lines.*', type: 'object', optional: true },
        { path: 'lines.*.sku', type: 'string' },
        { path: 'lines.*.label', type: 'string', optional: true, nullable: true },
      ] satisfies Field[],
      strings: [
        { path: 'note', max: 200, text: true },
        { path: 'giftMessage', max: 100, text: true },
      ],
      integers: [{ path: 'discount.percent', min: 1, max: 50 }],
      strictObjects: ['', 'discount', 'lines.*'],
      arrays: [{ path: 'lines', min: 1, max: 3, element: lineArb }],
    },
  ),
);

const cases = malformedCases(nullableSpec);
const labels = cases.map((c) => c.label);
const caseLabelled = (label: string): MalformedCase => {
  const found = cases.find((c) => c.label === label);
  if (!found) throw new Error(`no case ${label} in ${labels.join(', ')}`);
  return found;
};

/** The JSON types of the values a case puts in its field. */
const typesGiven = (c: MalformedCase): Set<string> =>
  new Set(
    fc
      .sample(c.arbitrary, { numRuns: 300, seed: 42 })
      .map(({ value }) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value)),
  );

describe('valid inputs of a spec with nullable fields', () => {
  const inputs = fc.sample(nullableSpec.valid, { numRuns: 400, seed: 1 });

  it('are accepted by the schema', () => {
    for (const input of inputs) expect(schema.safeParse(input)).toMatchObject({ success: true });
  });

  it('sometimes carry null in each nullable and optional-nullable field, and sometimes not', () => {
    const lineLabels = inputs.flatMap((input) => (input.lines as { label?: unknown }[]).map((line) => line.label));
    for (const values of [
      inputs.map((input) => input.note),
      inputs.map((input) => input.giftMessage),
      inputs.map((input) => input.discount),
      lineLabels,
    ]) {
      expect(values).toContain(null);
      expect(values.some((value) => value !== null && value !== undefined)).toBe(true);
    }
  });
});

describe('malformed inputs of a spec with nullable fields', () => {
  it('are all refused by the schema (null is never a bad value for a nullable field)', async () => {
    await assertEveryCase(cases, async (input) => {
      expect(schema.safeParse(input).success).toBe(false);
    });
  });

  it('give a nullable field every other wrong type, but not null', () => {
    for (const label of ['note not a string or null', 'giftMessage not a string or null']) {
      const types = typesGiven(caseLabelled(label));
      expect(types).not.toContain('null');
      expect([...types].sort()).toEqual(['array', 'boolean', 'number', 'object']);
    }
    const discountTypes = typesGiven(caseLabelled('discount not a object or null'));
    expect(discountTypes).not.toContain('null');
    expect([...discountTypes].sort()).toEqual(['array', 'boolean', 'string']);
    expect(typesGiven(caseLabelled('lines.*.label not a string or null'))).not.toContain('null');
  });

  it('still give null to the fields that are not nullable', () => {
    expect(typesGiven(caseLabelled('orderId not a string'))).toContain('null');
    expect(typesGiven(caseLabelled('discount.code not a string'))).toContain('null');
  });

  it('leave out an optional-nullable field (absent is valid) but not a nullable one', () => {
    expect(labels).toEqual(expect.arrayContaining(['note missing', 'discount missing', 'discount.code missing']));
    expect(labels).not.toContain('giftMessage missing');
    expect(labels).not.toContain('lines.*.label missing');
  });

  it('break the fields of a nullable object in inputs where it is an object', () => {
    for (const { input } of fc.sample(caseLabelled('discount.percent not an integer in 1..50').arbitrary, 100)) {
      expect((input as { discount: unknown }).discount).toEqual(expect.objectContaining({ code: expect.any(String) }));
    }
  });
});
