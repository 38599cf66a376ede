/**
 * The intrinsics for arrays (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html#asl-intrsc-func-arrays).
 * Each takes its evaluated arguments; equality of JSON values is structural (key order aside).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Json } from '../../types';
import { asArray, asInteger, expectCount, intrinsicFailure } from './arguments';

/** "The newly generated array can't contain more than 1000 items" (States.ArrayRange). */
export const MAX_ARRAY_RANGE_ITEMS = 1000;

/** The values given, in order: `States.Array(1, 'a')` is `[1, "a"]`. */
export const array = (args: Json[]): Json => [...args];

/** `States.ArrayPartition(array, size)`: chunks of `size` items, the last one shorter. */
export function arrayPartition(args: Json[]): Json {
  const name = 'States.ArrayPartition';
  expectCount(name, args, 2);
  const items = asArray(name, args[0] as Json, 'the first argument');
  const size = asInteger(name, args[1] as Json, 'the chunk size');
  if (size <= 0) throw intrinsicFailure(name, `the chunk size must be a positive integer, got ${size}`);
  const chunks: Json[] = [];
  for (let at = 0; at < items.length; at += size) chunks.push(items.slice(at, at + size));
  return chunks;
}

/** `States.ArrayContains(array, value)`: whether an item equals `value`. */
export function arrayContains(args: Json[]): Json {
  const name = 'States.ArrayContains';
  expectCount(name, args, 2);
  const items = asArray(name, args[0] as Json, 'the first argument');
  return items.some((item) => isDeepStrictEqual(item, args[1]));
}

/**
 * `States.ArrayRange(first, last, step)`: `first`, `first + step`, … up to `last` included when the
 * step lands on it (recorded on AWS: (0, 10, 3) is [0, 3, 6, 9]). Integers only, a non-zero step,
 * at most {@link MAX_ARRAY_RANGE_ITEMS} items.
 */
export function arrayRange(args: Json[]): Json {
  const name = 'States.ArrayRange';
  expectCount(name, args, 3);
  const first = asInteger(name, args[0] as Json, 'the first argument');
  const last = asInteger(name, args[1] as Json, 'the second argument');
  const step = asInteger(name, args[2] as Json, 'the step');
  if (step === 0) throw intrinsicFailure(name, 'the step must not be 0');
  const count = Math.max(0, Math.floor((last - first) / step) + 1);
  if (count > MAX_ARRAY_RANGE_ITEMS)
    throw intrinsicFailure(name, `the array would have ${count} items, more than ${MAX_ARRAY_RANGE_ITEMS}`);
  return Array.from({ length: count }, (_, index) => first + index * step);
}

/** `States.ArrayGetItem(array, index)`: the item at a zero-based index inside the array. */
export function arrayGetItem(args: Json[]): Json {
  const name = 'States.ArrayGetItem';
  expectCount(name, args, 2);
  const items = asArray(name, args[0] as Json, 'the first argument');
  const index = asInteger(name, args[1] as Json, 'the index');
  if (index < 0 || index >= items.length)
    throw intrinsicFailure(name, `the index ${index} is out of bounds for an array of ${items.length} items`);
  return items[index] as Json;
}

/** `States.ArrayLength(array)`: its number of items. */
export function arrayLength(args: Json[]): Json {
  const name = 'States.ArrayLength';
  expectCount(name, args, 1);
  return asArray(name, args[0] as Json, 'the argument').length;
}

/** `States.ArrayUnique(array)`: the items without repeats, first occurrences kept in order. */
export function arrayUnique(args: Json[]): Json {
  const name = 'States.ArrayUnique';
  expectCount(name, args, 1);
  const unique: Json[] = [];
  for (const item of asArray(name, args[0] as Json, 'the argument'))
    if (!unique.some((kept) => isDeepStrictEqual(kept, item))) unique.push(item);
  return unique;
}
