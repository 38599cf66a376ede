/**
 * The intrinsics for encoding, hashing, JSON, math, strings, identifiers and formatting
 * (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html). Each takes its
 * evaluated arguments.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Json } from '../../types';
import { asObject, asString, expectCount, intrinsicFailure, limitedString, rounded } from './arguments';

/** `States.Base64Encode(text)`: the UTF-8 bytes of `text` in base64 (at most 10,000 characters in). */
export function base64Encode(args: Json[]): Json {
  expectCount('States.Base64Encode', args, 1);
  return Buffer.from(limitedString('States.Base64Encode', args[0] as Json, 'the argument'), 'utf8').toString('base64');
}

/** `States.Base64Decode(base64)`: the text whose UTF-8 bytes `base64` encodes. */
export function base64Decode(args: Json[]): Json {
  const name = 'States.Base64Decode';
  expectCount(name, args, 1);
  const encoded = limitedString(name, args[0] as Json, 'the argument');
  if (encoded.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded))
    throw intrinsicFailure(name, `'${encoded}' is not base64`);
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/** The algorithms States.Hash names, and Node's names for them. */
const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** `States.Hash(text, 'SHA-256')`: the hex digest of `text`'s UTF-8 bytes. */
export function hash(args: Json[]): Json {
  const name = 'States.Hash';
  expectCount(name, args, 2);
  const data = limitedString(name, args[0] as Json, 'the data');
  const algorithm = HASH_ALGORITHMS[asString(name, args[1] as Json, 'the algorithm')];
  if (algorithm === undefined)
    throw intrinsicFailure(name, `the algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
  return createHash(algorithm).update(data, 'utf8').digest('hex');
}

/**
 * `States.JsonMerge(a, b, false)`: `a`'s members and `b`'s, `b` winning on a shared key; nested
 * objects are not merged (shallow mode, the only one the page offers).
 */
export function jsonMerge(args: Json[]): Json {
  const name = 'States.JsonMerge';
  expectCount(name, args, 3);
  const first = asObject(name, args[0] as Json, 'the first argument');
  const second = asObject(name, args[1] as Json, 'the second argument');
  if (args[2] !== false) throw intrinsicFailure(name, 'the third argument must be false (shallow merge)');
  return { ...first, ...second };
}

/** `States.StringToJson(text)`: the JSON `text` holds; blank text is null (recorded on AWS). */
export function stringToJson(args: Json[]): Json {
  const name = 'States.StringToJson';
  expectCount(name, args, 1);
  const text = asString(name, args[0] as Json, 'the argument');
  if (text.trim() === '') return null;
  try {
    // -0 reads as 0, as AWS gives it (recorded: "-0" is 0).
    return JSON.parse(text, (_key, value: Json) => (Object.is(value, -0) ? 0 : value)) as Json;
  } catch (error) {
    // Valid JSON nested deeper than the engine's stack allows is said so, not called "not JSON".
    if (error instanceof RangeError)
      throw intrinsicFailure(name, 'the JSON is nested too deep for the offline runtime');
    throw intrinsicFailure(name, `'${text}' is not JSON`);
  }
}

/** `States.JsonToString(value)`: `value` as compact JSON text. */
export function jsonToString(args: Json[]): Json {
  expectCount('States.JsonToString', args, 1);
  return JSON.stringify(args[0]);
}

/** "integer values in the range of -2147483648 and 2147483647" (States.MathAdd). */
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

/** `States.MathAdd(a, b)`: the sum of `a` and `b`, each first rounded to the nearest integer. */
export function mathAdd(args: Json[]): Json {
  const name = 'States.MathAdd';
  expectCount(name, args, 2);
  const [a, b] = [
    rounded(name, args[0] as Json, 'the first argument'),
    rounded(name, args[1] as Json, 'the second argument'),
  ];
  for (const value of [a, b])
    if (value < INT_MIN || value > INT_MAX)
      throw intrinsicFailure(name, `${value} is outside the range ${INT_MIN} to ${INT_MAX}`);
  return a + b;
}

/**
 * `States.MathRandom(start, end[, seed])`: an integer from `start` (included) to `end` (excluded),
 * both rounded to the nearest integer. With a seed the same seed gives the same number; without
 * one every call draws anew.
 */
export function mathRandom(args: Json[]): Json {
  const name = 'States.MathRandom';
  expectCount(name, args, 2, 3);
  const start = rounded(name, args[0] as Json, 'the start');
  const end = rounded(name, args[1] as Json, 'the end');
  if (end <= start) throw intrinsicFailure(name, `the end (${end}) must be greater than the start (${start})`);
  const draw = args.length === 3 ? seeded(rounded(name, args[2] as Json, 'the seed')) : Math.random();
  return start + Math.floor(draw * (end - start));
}

/** A number in [0, 1) that depends only on `seed` (mulberry32's first draw). */
function seeded(seed: number): number {
  let state = (seed | 0) + 0x6d2b79f5;
  state = Math.imul(state ^ (state >>> 15), state | 1);
  state ^= state + Math.imul(state ^ (state >>> 7), state | 61);
  return ((state ^ (state >>> 14)) >>> 0) / 4_294_967_296;
}

/**
 * `States.StringSplit(text, delimiters)`: `text` cut at every character of `delimiters` (each is a
 * delimiter on its own), empty pieces dropped (recorded on AWS: ",,,," gives []).
 */
export function stringSplit(args: Json[]): Json {
  const name = 'States.StringSplit';
  expectCount(name, args, 2);
  const text = asString(name, args[0] as Json, 'the first argument');
  const delimiters = new Set(Array.from(asString(name, args[1] as Json, 'the delimiters')));
  const pieces: string[] = [];
  let piece = '';
  for (const char of text) {
    if (!delimiters.has(char)) piece += char;
    else if (piece !== '') {
      pieces.push(piece);
      piece = '';
    }
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

/** `States.UUID()`: a random version 4 UUID. */
export function uuid(args: Json[]): Json {
  expectCount('States.UUID', args, 0);
  return randomUUID();
}

/**
 * `States.Format(template, …values)`: `template` with each `{}` replaced by the next value. A
 * template written as a literal reads `\{`, `\}`, `\'` and `\\` as the character; strings appear
 * as they are, objects as `{a=1, b=[]}` and arrays as `[1, 2]` (recorded on AWS).
 * @param escaped whether `template` is a literal's text as written (its escapes not yet read).
 */
export function format(template: string, escaped: boolean, values: Json[]): Json {
  const name = 'States.Format';
  let text = '';
  let used = 0;
  for (let at = 0; at < template.length; at++) {
    const char = template[at] as string;
    const next = template[at + 1];
    if (escaped && char === '\\' && next !== undefined) {
      text += "'{}\\".includes(next) ? next : char + next;
      at++;
    } else if (char === '{' && next === '}') {
      if (used >= values.length) throw intrinsicFailure(name, 'the template has more {} than there are values');
      text += formatted(values[used++] as Json);
      at++;
    } else text += char;
  }
  if (used !== values.length) throw intrinsicFailure(name, 'there are more values than {} in the template');
  return text;
}

function formatted(value: Json): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(formatted).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      .map(([key, member]) => `${key}=${formatted(member)}`)
      .join(', ')}}`;
  return JSON.stringify(value);
}
