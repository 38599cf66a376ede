/**
 * Checking an intrinsic's arguments as intrinsic-functions.html's "Input validation" sections
 * describe, failing with `States.IntrinsicFailure`
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html: "Within a
 * payload template, the attempt to invoke an intrinsic function failed").
 */
import { StateError } from '../../../errors';
import type { Json, JsonObject } from '../../types';

export const INTRINSIC_FAILURE = 'States.IntrinsicFailure';

/** The failure of `name` (`States.ArrayGetItem`) with why. */
export const intrinsicFailure = (name: string, detail: string): StateError =>
  new StateError(INTRINSIC_FAILURE, `Invalid arguments in ${name}: ${detail}`);

/** JSON as the message quotes a value. */
const shown = (value: Json): string => JSON.stringify(value);

export function expectCount(name: string, args: readonly Json[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw intrinsicFailure(name, `expected ${expected} argument(s), got ${args.length}`);
  }
}

export function asArray(name: string, value: Json, what: string): Json[] {
  if (!Array.isArray(value)) throw intrinsicFailure(name, `${what} must be an array, got ${shown(value)}`);
  return value;
}

export function asString(name: string, value: Json, what: string): string {
  if (typeof value !== 'string') throw intrinsicFailure(name, `${what} must be a string, got ${shown(value)}`);
  return value;
}

export function asObject(name: string, value: Json, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw intrinsicFailure(name, `${what} must be a JSON object, got ${shown(value)}`);
  return value;
}

export function asNumber(name: string, value: Json, what: string): number {
  if (typeof value !== 'number') throw intrinsicFailure(name, `${what} must be a number, got ${shown(value)}`);
  return value;
}

/** An argument the page says "must be an integer": a non-integer fails. */
export function asInteger(name: string, value: Json, what: string): number {
  const number = asNumber(name, value, what);
  if (!Number.isInteger(number)) throw intrinsicFailure(name, `${what} must be an integer, got ${shown(value)}`);
  return number;
}

/**
 * An argument the page says is rounded "to the nearest integer" (MathRandom, MathAdd): halves go
 * up, towards positive infinity, as recorded on AWS (MathAdd(-1.5, 0) is -1, MathAdd(2.5, 0) is 3).
 * `+ 0` turns -0 into 0.
 */
export const rounded = (name: string, value: Json, what: string): number => Math.round(asNumber(name, value, what)) + 0;

/** The most characters States.Base64Encode/Base64Decode and States.Hash accept (intrinsic-functions.html). */
export const MAX_INPUT_CHARACTERS = 10_000;

export function limitedString(name: string, value: Json, what: string): string {
  const text = asString(name, value, what);
  if (text.length > MAX_INPUT_CHARACTERS)
    throw intrinsicFailure(name, `${what} is longer than ${MAX_INPUT_CHARACTERS} characters`);
  return text;
}
