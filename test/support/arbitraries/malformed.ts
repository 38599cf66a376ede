/** Every way of breaking an input described by an input spec. */
import fc from 'fast-check';
import { type Obj, isRecord, isRejected } from './formats';
import type { InputSpec } from './spec';
import { copyInput, edited, locate, read, setField, write } from './edit';
import {
  badNumberArb,
  controlCharArb,
  deepArb,
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

/** One way of breaking an input: a label naming the limit or rule, and the inputs that break it. */
export interface MalformedCase<T = unknown> {
  label: string;
  arbitrary: fc.Arbitrary<T>;
}

/**
 * Every way of breaking an entry point's input, one case per field and rule: a required field
 * left out, another type, deep nesting, over-long or blank text, control characters, numbers out of
 * range, unknown enum values, unknown keys, arrays out of bounds, bad formats; and (`scratch`)
 * values that are not an object at all, deeply nested values and anything.
 */
export function malformedCases(
  input: InputSpec,
  { scratch = true, json = false }: MalformedOptions = {},
): MalformedCase[] {
  const { valid } = input;
  /** A case that changes one valid input: `make` gives the change for a valid input and an array-element seed. */
  const change = (label: string, make: fc.Arbitrary<(v: Obj, seed: number) => unknown>): MalformedCase => ({
    label,
    arbitrary: fc.tuple(valid, make, fc.nat()).map(([v, apply, seed]) => apply(v, seed)),
  });
  const setTo = (label: string, path: string, value: fc.Arbitrary<unknown>) =>
    change(
      label,
      value.map((replacement) => (v: Obj, seed: number) => setField(v, path, seed, replacement)),
    );
  const texts = (input.strings ?? []).filter((field) => field.text);

  const cases: MalformedCase[] = [
    ...input.fields
      .filter((field) => !field.optional)
      .map((field) =>
        change(
          `${field.path} missing`,
          fc.constant((v: Obj, seed: number) =>
            edited(v, field.path, seed, (parent, key) => {
              if (Array.isArray(parent)) throw new Error('arbitraries: array elements are not required fields');
              Reflect.deleteProperty(parent, key);
            }),
          ),
        ),
      ),
    ...input.fields.map((field) => setTo(`${field.path} not a ${field.type}`, field.path, wrongTypeArb(field.type))),
    ...input.fields.map((field) => setTo(`${field.path} deeply nested`, field.path, deepArb)),
    ...(input.strings ?? []).map((field) =>
      setTo(`${field.path} longer than ${field.max}`, field.path, tooLongArb(field.max)),
    ),
    ...texts.map((field) =>
      change(
        `${field.path} with a control character`,
        fc.tuple(controlCharArb, fc.nat()).map(([control, at]) => (v: Obj, seed: number) => {
          const current = locate(v, field.path, seed);
          const text = withControlChar(current && read(current.parent, current.key), control, at);
          return setField(v, field.path, seed, text);
        }),
      ),
    ),
    ...texts.map((field) =>
      setTo(`${field.path} blank`, field.path, fc.constantFrom('', ' ', '   ', '\t', '\u00a0\u00a0', '\n')),
    ),
    ...(input.integers ?? []).map((field) =>
      setTo(
        `${field.path} not an integer in ${field.min}..${field.max}`,
        field.path,
        badNumberArb(field.min, field.max),
      ),
    ),
    ...(input.enums ?? []).map((field) =>
      setTo(`${field.path} not one of ${field.options.join('|')}`, field.path, unknownEnumArb(field.options)),
    ),
    ...(input.strictObjects ?? []).map((path) =>
      change(
        `unknown key in ${path === '' ? 'the input' : path}`,
        fc.tuple(extraKeyArb, fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => (v: Obj, seed: number) => {
          const copy = copyInput(v);
          const at = path === '' ? undefined : locate(copy, path, seed);
          const object = at ? read(at.parent, at.key) : copy;
          if (!isRecord(object)) throw new Error(`arbitraries: ${path} is not an object`);
          write(object, key, value);
          return copy;
        }),
      ),
    ),
    ...(input.arrays ?? []).map((field) =>
      setTo(
        `${field.path} with a length outside ${field.min}..${field.max}`,
        field.path,
        fc
          .oneof(fc.constant([]), fc.array(field.element, { minLength: field.max + 1, maxLength: field.max + 20 }))
          .filter((items) => items.length < field.min || items.length > field.max),
      ),
    ),
    ...(input.badValues ?? []).map((field) => setTo(`${field.path}: ${field.label}`, field.path, field.bad)),
  ];
  if (scratch) {
    cases.push(
      { label: 'not an object', arbitrary: notAnObjectArb(valid) },
      { label: 'deeply nested', arbitrary: deepArb },
      {
        label: 'anything',
        arbitrary: fc
          .oneof(fc.anything(), fc.anything({ withNullPrototype: true, withBoxedValues: true, maxDepth: 4 }))
          .filter((value) => isRejected(input.schema, json ? jsonRoundTrip(value) : value)),
      },
    );
  }
  return cases;
}

/** Malformed inputs for an entry point: any of its `malformedCases`, equally likely. */
export function malformedInput(input: InputSpec, options: MalformedOptions = {}): fc.Arbitrary<unknown> {
  return fc.oneof(...malformedCases(input, options).map((c) => c.arbitrary));
}
