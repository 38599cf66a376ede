/** Values as JSON text, and text that is not JSON. */
import fc from 'fast-check';
import type { Obj } from './formats';

/** `value` as it arrives after a trip through JSON (what an HTTP body or a Step Functions input carries). */
export const jsonRoundTrip = (value: unknown): unknown => {
  const text = toJsonText(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
};

/** `JSON.stringify`, but never throwing, and `undefined` for values JSON has no text for. */
export function toJsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value) as string | undefined;
  } catch {
    return String(value);
  }
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Text that is not JSON: cut-off bodies, near-JSON, other formats, random text. */
export function notJsonTextArb(valid: fc.Arbitrary<Obj>): fc.Arbitrary<string> {
  return fc
    .oneof(
      valid
        .map((v) => JSON.stringify(v))
        .chain((text) => fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((k) => text.slice(0, k))),
      fc.string({ maxLength: 200 }),
      fc.constantFrom(
        "{'currency': 'EUR'}",
        '{"a":1,}',
        'undefined',
        'NaN',
        '<order/>',
        'currency=EUR&items=1',
        '\u0000',
        '{"a":1}{"b":2}',
        '[1,2',
        '"unterminated',
        '{"a":01}',
        '\ufeff{}',
      ),
    )
    .filter((text) => !isJson(text));
}
