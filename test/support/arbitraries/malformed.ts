/** Every way of breaking an input described by an input spec. */
import fc from 'fast-check';
import { type Obj, isRecord, isRejected } from './formats';
import type { InputSpec } from './spec';
import { ABSENT, BrokenInput, pathOf } from './broken-input';
import { concreteSegments, copyInput, edited, hasKey, holdsPath, locate, read, setField, valueAt, write } from './edit';
import { assertSpecDescribesSchema } from './spec-check';
import { withNulls } from './nulls';
import {
  badNumberArb,
  controlCharArb,
  deepArb,
  deepFor,
  extraKeyArb,
  notAnObjectArb,
  tooLongArb,
  unknownEnumArb,
  withControlChar,
  wrongTypeArb,
} from './bad-values';
import { jsonRoundTrip } from './json-text';

export interface MalformedOptions {
  /** Include values built from scratch (not an object, deep nesting, anything). Default true. */
  scratch?: boolean;
  /** The value will be sent as JSON: random values are checked after a JSON round trip. */
  json?: boolean;
}

/**
 * One way of breaking an input: a label naming the field and the limit or rule, and the inputs that
 * break it (each with the field, the mutation and the value a failing property prints).
 */
export interface MalformedCase<T = unknown> {
  label: string;
  arbitrary: fc.Arbitrary<BrokenInput<T>>;
}

/** One change of a valid input: where, and what it does to an input and an array-element seed. */
interface Edit {
  /** The field the change breaks (a spec path, `*` for the element the seed picks)… */
  path: string;
  /** …or, when set, this key of the object at `path` ('' being the input). */
  key?: string;
  apply: (v: Obj, seed: number) => Obj;
}

/** What the field an edit broke holds now (`ABSENT` when it is gone). */
function valueAfter(broken: Obj, { path, key }: Edit, seed: number): unknown {
  let at: { parent: Obj | unknown[]; key: string | number } | undefined;
  if (key === undefined) at = locate(broken, path, seed);
  else {
    const object = path === '' ? broken : valueAt(broken, path, seed);
    at = isRecord(object) ? { parent: object, key } : undefined;
  }
  return at && hasKey(at.parent, at.key) ? read(at.parent, at.key) : ABSENT;
}

/** Keys the object at `path` ('' being the input) does not declare: none of its fields' names. */
const unknownKeyArb = (input: InputSpec, path: string): fc.Arbitrary<string> => {
  const declared = new Set(input.fields.map((field) => field.path));
  return extraKeyArb.filter((key) => !declared.has(path === '' ? key : `${path}.${key}`));
};

/** The written valid inputs that have the field at `path`: those of its variants, when only some have it. */
function writtenWith(input: InputSpec, path: string): fc.Arbitrary<Obj> {
  const { discriminator } = input;
  const variants = input.fields.find((field) => field.variants && holdsPath(field.path, path))?.variants;
  if (!variants || discriminator === undefined) return input.written;
  return input.written.filter((v) => variants.includes(String(v[discriminator])));
}

/**
 * Every way of breaking an entry point's input, one case per field and rule: a required field
 * left out, another type, deep nesting, over-long or blank text, control characters, numbers out of
 * range, unknown enum values, unknown keys, arrays out of bounds, bad formats; and (`scratch`)
 * values that are not an object at all, deeply nested values and anything. Throws, naming the
 * entry point and the fields, when the spec does not describe every field of its schema.
 */
export function malformedCases(
  input: InputSpec,
  { scratch = true, json = false }: MalformedOptions = {},
): MalformedCase[] {
  assertSpecDescribesSchema(input);
  const { valid } = input;
  /**
   * A case that changes one valid input at `path`, named `label`: `edit` gives the change, `mutation`
   * says what it is. The input may carry null in nullable fields, but not in this one or around it.
   */
  const change = (label: string, mutation: string, path: string, edit: fc.Arbitrary<Edit>): MalformedCase => ({
    label,
    arbitrary: fc.tuple(withNulls(writtenWith(input, path), input.fields, path), edit, fc.nat()).map(([v, e, seed]) => {
      const broken = e.apply(v, seed);
      const field = [...concreteSegments(broken, e.path, seed), ...(e.key === undefined ? [] : [e.key])];
      return new BrokenInput<unknown>(broken, pathOf(field), mutation, valueAfter(broken, e, seed));
    }),
  });
  /** A case that sets the field at `path` to each value of `values`. */
  const setTo = (label: string, mutation: string, path: string, values: fc.Arbitrary<unknown>) =>
    change(
      label,
      mutation,
      path,
      values.map((replacement) => ({ path, apply: (v: Obj, seed: number) => setField(v, path, seed, replacement) })),
    );
  /** A case named `<path> <mutation>` that sets the field at `path` to each value of `values`. */
  const set = (path: string, mutation: string, values: fc.Arbitrary<unknown>) =>
    setTo(`${path} ${mutation}`, mutation, path, values);
  const texts = (input.strings ?? []).filter((field) => field.text);

  const cases: MalformedCase[] = [
    ...input.fields
      .filter((field) => !field.optional)
      .map((field) =>
        change(
          `${field.path} missing`,
          'missing',
          field.path,
          fc.constant({
            path: field.path,
            apply: (v: Obj, seed: number) =>
              edited(v, field.path, seed, (parent, key) => {
                if (Array.isArray(parent)) throw new Error('arbitraries: array elements are not required fields');
                Reflect.deleteProperty(parent, key);
              }),
          }),
        ),
      ),
    ...input.fields.map((field) =>
      set(field.path, `not a ${field.type}${field.nullable ? ' or null' : ''}`, wrongTypeArb(field.type, field)),
    ),
    ...input.fields.map((field) => set(field.path, 'deeply nested', deepFor(field.type))),
    ...(input.strings ?? []).map((field) => set(field.path, `longer than ${field.max}`, tooLongArb(field.max))),
    ...texts.map((field) =>
      change(
        `${field.path} with a control character`,
        'with a control character',
        field.path,
        fc.tuple(controlCharArb, fc.nat()).map(([control, at]) => ({
          path: field.path,
          apply: (v: Obj, seed: number) => {
            const current = locate(v, field.path, seed);
            const text = withControlChar(current && read(current.parent, current.key), control, at);
            return setField(v, field.path, seed, text);
          },
        })),
      ),
    ),
    ...texts.map((field) =>
      change(
        `${field.path} with a lone surrogate`,
        'with a lone surrogate',
        field.path,
        fc.tuple(fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff'), fc.nat()).map(([surrogate, at]) => ({
          path: field.path,
          apply: (v: Obj, seed: number) => {
            const current = locate(v, field.path, seed);
            return setField(
              v,
              field.path,
              seed,
              withControlChar(current && read(current.parent, current.key), surrogate, at),
            );
          },
        })),
      ),
    ),
    ...texts.map((field) => set(field.path, 'blank', fc.constantFrom('', ' ', '   ', '\t', '\u00a0\u00a0', '\n'))),
    ...(input.integers ?? []).map((field) =>
      set(field.path, `not an integer in ${field.min}..${field.max}`, badNumberArb(field.min, field.max)),
    ),
    ...(input.enums ?? []).map((field) =>
      set(field.path, `not one of ${field.options.join('|')}`, unknownEnumArb(field.options)),
    ),
    ...(input.strictObjects ?? []).map((path) =>
      change(
        `unknown key in ${path === '' ? 'the input' : path}`,
        'unknown key',
        path,
        fc.tuple(unknownKeyArb(input, path), fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => ({
          path,
          key,
          apply: (v: Obj, seed: number) => {
            const copy = copyInput(v);
            const object = path === '' ? copy : valueAt(copy, path, seed);
            if (!isRecord(object)) throw new Error(`arbitraries: ${path} is not an object`);
            write(object, key, value);
            return copy;
          },
        })),
      ),
    ),
    ...(input.arrays ?? []).map((field) =>
      set(
        field.path,
        `with a length outside ${field.min}..${field.max}`,
        fc
          .oneof(fc.constant([]), fc.array(field.element, { minLength: field.max + 1, maxLength: field.max + 20 }))
          .filter((items) => items.length < field.min || items.length > field.max),
      ),
    ),
    ...(input.badValues ?? []).map((field) =>
      setTo(`${field.path}: ${field.label}`, field.label, field.path, field.bad),
    ),
  ];
  if (scratch) {
    /** A case of values built from scratch: the input as a whole is what is wrong. */
    const whole = (label: string, values: fc.Arbitrary<unknown>): MalformedCase => ({
      label,
      arbitrary: values.map((value) => new BrokenInput(value, '', label)),
    });
    cases.push(
      whole('not an object', notAnObjectArb(valid)),
      whole('deeply nested', deepArb),
      whole(
        'anything',
        fc
          .oneof(fc.anything(), fc.anything({ withNullPrototype: true, withBoxedValues: true, maxDepth: 4 }))
          .filter((value) => isRejected(input.schema, json ? jsonRoundTrip(value) : value)),
      ),
    );
  }
  return cases;
}

/** Malformed inputs for an entry point: any of its `malformedCases`, equally likely. */
export function malformedInput(input: InputSpec, options: MalformedOptions = {}): fc.Arbitrary<BrokenInput> {
  return fc.oneof(...malformedCases(input, options).map((c) => c.arbitrary));
}
