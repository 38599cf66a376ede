/** Values a field must refuse: wrong types, bad numbers, over-long text, control characters, junk. */
import fc from 'fast-check';
import type { Obj } from './formats';
import type { FieldType } from './spec';

/** JSON values of every type except `type`, and except null when the field is `nullable` (so the field gets the wrong type). */
export const wrongTypeArb = (
  type: FieldType,
  { nullable = false }: { nullable?: boolean } = {},
): fc.Arbitrary<unknown> => {
  const byType: Record<FieldType, fc.Arbitrary<unknown>> = {
    string: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    integer: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('1', '0', '1e3', ' 7 ')),
    boolean: fc.constantFrom('true', 'false', 1, 0),
    object: fc.string({ maxLength: 12 }),
    record: fc.string({ maxLength: 12 }),
    array: fc.string({ maxLength: 12 }),
  };
  const others = fc.oneof(
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
    fc.boolean(),
  );
  const json = type === 'record' ? 'object' : type;
  return fc
    .oneof(byType[type], others)
    .filter(
      (value) =>
        jsonType(value) !== json && !(type === 'integer' && typeof value === 'number') && !(nullable && value === null),
    );
};

function jsonType(value: unknown): Exclude<FieldType, 'record'> | 'null' | 'number' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string' || typeof value === 'boolean') return typeof value as 'string' | 'boolean';
  return 'object';
}

/** Numbers outside [min, max], fractional or not finite (and numbers in strings). */
export const badNumberArb = (min: number, max: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer({ min: -2_147_483_648, max: min - 1 }),
    fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((n) => !Number.isInteger(n)),
    fc.nat({ max: 1_000_000 }).map((k) => max + 1 + k),
    fc.constantFrom(2 ** 53 + 2, 1e21, Number.MAX_VALUE, Infinity, -Infinity, Number.NaN, 0.5, 0.1 + 0.2),
    fc.integer({ min, max: Math.min(max, 1000) }).map(String),
  );

/**
 * A string longer than `max` characters (zod counts Unicode code points, so an emoji is one):
 * ASCII, accented or astral characters, with no edge whitespace that trimming could remove.
 */
export const tooLongArb = (max: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom('x', 'Z', '7', 'a b', 'é', '😀', '-'))
    .map(([extra, unit]) => unit.repeat(Math.ceil((max + extra) / [...unit].length)));

export const controlCharArb = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f))
  .map((code) => String.fromCharCode(code));

/** Inserts a control character between two visible characters (so trimming cannot remove it). */
export const withControlChar = (text: unknown, control: string, at: number): string => {
  const visible = typeof text === 'string' && text.trim().length > 0 ? text.trim().slice(0, 150) : 'text';
  const k = at % (visible.length + 1);
  return `x${visible.slice(0, k)}${control}${visible.slice(k)}x`;
};

export const unknownEnumArb = (options: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constantFrom(...options).map((o) => o.toLowerCase()),
      fc.constantFrom(...options).map((o) => o.toUpperCase()),
      fc.constantFrom(...options).map((o) => ` ${o} `),
      fc.constantFrom(...options).map((o) => `${o}X`),
      fc.stringMatching(/^[A-Za-z_]{1,12}$/),
      fc.constantFrom('', 'XYZ', 'BTC', 'eur', 'Approve', 'SHIPPED', 'OrderShipped'),
    )
    .filter((value) => !options.includes(value));

/** Keys a strict object is unlikely to declare (`malformedCases` leaves out those its spec names). */
export const extraKeyArb = fc.oneof(
  fc.constantFrom('coupon', 'discount', 'isAdmin', 'constructor', 'toString', '__proto__', '', ' '),
  fc.string({ minLength: 1, maxLength: 20 }).map((key) => `x-${key}`),
);

/** Nested arrays or objects, `depth` levels deep. */
function deeplyNested(depth: number, arrays: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = arrays ? [value] : { nested: value };
  return value;
}

export const deepArb = fc.tuple(fc.integer({ min: 20, max: 2000 }), fc.boolean()).map(([d, a]) => deeplyNested(d, a));

/** Deep nesting for a field of `type`: only arrays for a record (nested objects may be a valid record of anything). */
export const deepFor = (type: FieldType): fc.Arbitrary<unknown> =>
  type === 'record' ? fc.integer({ min: 20, max: 2000 }).map((d) => deeplyNested(d, true)) : deepArb;

/** Values that are not an object at all. */
export const notAnObjectArb = (valid: fc.Arbitrary<Obj>): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
    valid.map((v) => [v]),
    valid.map((v) => JSON.stringify(v)),
  );
