/**
 * The JSONata functions Step Functions adds, and the one it removes ("Transforming data with
 * JSONata in Step Functions", https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html,
 * "JSONata functions provided by Step Functions"): `$partition`, `$range`, `$hash`, `$random`
 * (with an optional seed), `$uuid`, `$parse`; `$eval` is not available. Integer parameters are
 * rounded down, as the page says.
 *
 * `$eval` is bound to a non-function, so calling it fails as on AWS: `T1006: Attempted to invoke a
 * non-function` (AWS's answer to `$eval("1+1")`, the same as to any unknown function).
 */
import { createHash, randomUUID } from 'node:crypto';
import type jsonata from 'jsonata';

/** What jsonata throws: `code` picks the message template, `message` is filled in. */
interface ThrownByFunction {
  code?: string;
  message: string;
}

const fail = (message: string): never => {
  const error: ThrownByFunction = { message };
  throw error;
};

/**
 * A JSONata sequence: an array jsonata unwraps when it holds one item (and drops when empty), as
 * it does for `$map`'s result. AWS's `$range(1, 9, 9)` answers `1`, not `[1]` (recorded on AWS).
 */
function sequence(items: number[]): number[] {
  Object.defineProperty(items, 'sequence', { value: true, configurable: true });
  return items;
}

/** `$partition(array, size)`: chunks of `size` items, the last one shorter (recorded on AWS). */
function partition(array: unknown[], size: number): unknown[][] {
  const chunk = Math.floor(size);
  if (!(chunk > 0)) fail(`The chunk size of $partition must be a positive integer, but was ${size}`);
  const chunks: unknown[][] = [];
  for (let i = 0; i < array.length; i += chunk) chunks.push(array.slice(i, i + chunk));
  return chunks;
}

/** `$range(first, last, step)`: from `first` towards `last` by `step`, `last` included when reached. */
function range(first: number, last: number, step: number): number[] {
  const [start, end, delta] = [Math.floor(first), Math.floor(last), Math.floor(step)];
  if (delta === 0) fail('The step of $range must not be 0');
  const items: number[] = [];
  for (let value = start; delta > 0 ? value <= end : value >= end; value += delta) items.push(value);
  return sequence(items);
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** `$hash(text, algorithm)`: the hex digest; the algorithm is one of the five the page lists. */
function hash(text: string, algorithm: string): string {
  const name = HASHES[algorithm];
  if (name === undefined) {
    return fail(
      `The hashing algorithm of $hash must be one of ${Object.keys(HASHES).join(', ')}, but was ${algorithm}`,
    );
  }
  return createHash(name).update(text, 'utf8').digest('hex');
}

const MULTIPLIER = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;

/**
 * A number in [0, 1) from `seed`, the same for the same seed as the page promises: java.util.Random's
 * nextDouble (the JVM's, on the assumption AWS seeds that way; the values are not pinned to AWS's).
 */
function seeded(seed: number): number {
  let state = (BigInt(Math.floor(seed)) ^ MULTIPLIER) & MASK;
  const next = (bits: bigint): bigint => {
    state = (state * MULTIPLIER + 0xbn) & MASK;
    return state >> (48n - bits);
  };
  const high = next(26n);
  const low = next(27n);
  return Number((high << 27n) + low) / 2 ** 53;
}

/** `$random()` or `$random(seed)`. */
const random = (seed?: number): number => (seed === undefined ? Math.random() : seeded(seed));

/** `$parse(text)`: the JSON value the string holds. */
function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(`$parse could not parse its argument as JSON: ${(error as Error).message}`);
  }
}

/**
 * Binds AWS's functions into a compiled expression, with jsonata signatures so a wrong argument
 * fails as a built-in's does (`T0410: Argument 1 of function "hash" does not match function signature`).
 */
export function bindStepFunctionsFunctions(expression: jsonata.Expression): void {
  expression.registerFunction('partition', partition, '<an:a>');
  expression.registerFunction('range', range, '<nnn:a<n>>');
  expression.registerFunction('hash', hash, '<ss:s>');
  expression.registerFunction('random', random, '<n?:n>');
  expression.registerFunction('uuid', () => randomUUID(), '<:s>');
  expression.registerFunction('parse', parse, '<s:x>');
  // Any non-function: `null` trips jsonata while it decorates the error.
  expression.assign('eval', false);
}
