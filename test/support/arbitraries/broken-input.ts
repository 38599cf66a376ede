/**
 * What a malformed case generates: the input, and where and how it was broken, so that a failing
 * property names them (fast-check prints a counterexample with its `[fc.toStringMethod]`).
 */
import fc from 'fast-check';

/** The `value` of a field a mutation removed. */
export const ABSENT: unique symbol = Symbol('absent');

/** Characters of a value's text a report shows before cutting it. */
export const SHOWN_CHARACTERS = 300;

/**
 * One generated malformed input, `{ input, field, mutation, value }`: `input` is what the entry
 * point receives; `field` where it was broken, a dotted path with the array indexes picked
 * (`items.2.sku`; '' for the input as a whole); `mutation` how (`missing`, `not a string`,
 * `longer than 64`, `not JSON`…); `value` what the field holds now (`ABSENT` when removed).
 * Printed as `items.2.sku: longer than 64; value "xxx…" (2049 characters); input {…}`.
 */
export class BrokenInput<T = unknown> {
  constructor(
    readonly input: T,
    readonly field: string,
    readonly mutation: string,
    readonly value: unknown = input,
  ) {}

  /**
   * The same break inside another input (a request around a body, an SNS event around a message):
   * `at` is where this input sits in the new one ('' when the new input is this one, reshaped), and
   * `note` is added to the mutation (`base64-encoded`).
   */
  within<U>(input: U, at = '', note?: string): BrokenInput<U> {
    return new BrokenInput(
      input,
      joinPath(at, this.field),
      note === undefined ? this.mutation : `${this.mutation}, ${note}`,
      this.value,
    );
  }

  toString(): string {
    const value = `value ${this.value === ABSENT ? '(absent)' : shown(this.value)}`;
    if (this.field === '') return `the input: ${this.mutation}; ${value}`;
    return `${this.field}: ${this.mutation}; ${value}; input ${shown(this.input)}`;
  }

  [fc.toStringMethod](): string {
    return this.toString();
  }
}

/**
 * A value as a report shows it: JSON for JSON values, like fast-check's own printing otherwise
 * (`NaN`, `-0`, `undefined`, `__proto__:null` for a null prototype), cut after `SHOWN_CHARACTERS`
 * characters (a string with its length in characters, as zod counts them). Written with a budget,
 * so a value nested thousands of levels deep is cut, not a stack overflow.
 */
export function shown(value: unknown): string {
  const out: Writer = { text: '', full: false };
  writeValue(value, out, []);
  if (!out.full) return out.text;
  return typeof value === 'string' ? `${out.text}… (${[...value].length} characters)` : `${out.text}…`;
}

interface Writer {
  text: string;
  /** The budget is spent: nothing more is written. */
  full: boolean;
}

function add(out: Writer, text: string): void {
  if (out.full) return;
  const room = SHOWN_CHARACTERS - out.text.length;
  if (text.length <= room) {
    out.text += text;
    return;
  }
  let cut = text.slice(0, room);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  out.text += cut;
  out.full = true;
}

function writeValue(value: unknown, out: Writer, ancestors: readonly object[]): void {
  if (out.full) return;
  if (typeof value === 'string') return add(out, JSON.stringify(value));
  if (typeof value === 'number') return add(out, Object.is(value, -0) ? '-0' : String(value));
  if (typeof value !== 'object' || value === null) return add(out, fc.stringify(value));
  if (ancestors.includes(value)) return add(out, '[cyclic]');
  const inside = [...ancestors, value];
  if (Array.isArray(value)) {
    add(out, '[');
    value.forEach((item: unknown, index) => {
      if (index > 0) add(out, ',');
      writeValue(item, out, inside);
    });
    return add(out, ']');
  }
  // Dates, boxed values, maps…: only fc.anything() makes them, never deeper than a few levels
  if (Object.prototype.toString.call(value) !== '[object Object]') return add(out, fc.stringify(value));
  const record = value as Record<string, unknown>;
  add(out, '{');
  const keys = Object.keys(record);
  if (Object.getPrototypeOf(record) === null) add(out, keys.length > 0 ? '__proto__:null,' : '__proto__:null');
  keys.forEach((key, index) => {
    if (index > 0) add(out, ',');
    add(out, `${key === '__proto__' ? '["__proto__"]' : JSON.stringify(key)}:`);
    writeValue(record[key], out, inside);
  });
  add(out, '}');
}

/** A path as a report writes it: dotted names and indexes, other keys as `["…"]` (`a.b.0["x y"]`). */
export function pathOf(segments: readonly (string | number)[]): string {
  return segments
    .map((key) => (typeof key === 'number' || /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
    .join('')
    .replace(/^\./, '');
}

/** Two paths of a report joined (either may be ''). */
const joinPath = (outer: string, inner: string): string =>
  outer === '' || inner === '' ? outer + inner : inner.startsWith('[') ? `${outer}${inner}` : `${outer}.${inner}`;
