/**
 * The comparison operators of JSONPath Choice rules
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html, "Choice Rules"):
 * what each operator name means and how it compares two values. A value of the wrong type is
 * not an error: the comparison is false (recorded on AWS: `NumericEquals` against `"0"`, `null`,
 * `true`, `[]` or `{}`; `StringEquals` against a number; `TimestampEquals` against a date-time
 * with a space instead of `T`; `BooleanEquals` against `0` or `"true"` — all take the Default).
 */
import { compareInstants, isTimestamp, parseTimestamp } from './timestamp';
import type { Json } from './types';

/** The order tests the `String…`, `Numeric…` and `Timestamp…` operators share. */
type Order = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

/**
 * A rule's operator: a comparison of the Variable with an operand (a literal, or, for the
 * `…Path` forms, the value at the path the operand names), or a type test (`IsNull`, …,
 * `IsPresent`) whose operand says whether the test must hold (`true`) or must not (`false`).
 */
export type Operator =
  | { kind: 'compare'; name: string; compare: (value: Json, operand: Json) => boolean; operandIsPath: boolean }
  | { kind: 'test'; name: string; test: (value: Json) => boolean }
  | { kind: 'present'; name: 'IsPresent' };

const ordered = (order: Order, sign: number): boolean =>
  ({
    Equals: sign === 0,
    LessThan: sign < 0,
    GreaterThan: sign > 0,
    LessThanEquals: sign <= 0,
    GreaterThanEquals: sign >= 0,
  })[order];

/** Strings compare by UTF-16 code units, as Java's `String.compareTo` (and JavaScript's `<`) do. */
const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** How each family orders two values; `undefined` when either is not of the family's type. */
const FAMILIES: Record<'String' | 'Numeric' | 'Timestamp', (a: Json, b: Json) => number | undefined> = {
  String: (a, b) => (typeof a === 'string' && typeof b === 'string' ? compareStrings(a, b) : undefined),
  Numeric: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Math.sign(a - b) : undefined),
  Timestamp: (a, b) => {
    const [left, right] = [
      typeof a === 'string' ? parseTimestamp(a) : undefined,
      typeof b === 'string' ? parseTimestamp(b) : undefined,
    ];
    return left && right ? compareInstants(left, right) : undefined;
  },
};

/** A `*` of a StringMatches pattern (any run of characters). */
const STAR = Symbol('*');

/**
 * `StringMatches`: `*` matches any run of characters (none included); `\*` is a literal star and
 * `\\` a literal backslash; every other character, `?` included, matches only itself.
 * Matched without a regular expression: a pattern with many stars made V8's backtracking take
 * seconds on a 50-character value and block the process (ReDoS); this takes at most
 * pattern × value steps.
 */
export function stringMatches(pattern: string, value: Json): boolean {
  if (typeof value !== 'string') return false;
  const tokens: (string | typeof STAR)[] = [];
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] as string;
    if (char === '*') tokens.push(STAR);
    else if (char === '\\' && i + 1 < pattern.length) tokens.push(pattern[(i += 1)] as string);
    else tokens.push(char);
  }
  // Two pointers; on a mismatch, the last star takes one more character.
  let t = 0;
  let v = 0;
  let star = -1;
  let starAt = 0;
  while (v < value.length) {
    const token = tokens[t];
    if (token !== undefined && token !== STAR && token === value[v]) {
      t += 1;
      v += 1;
    } else if (token === STAR) {
      star = t;
      starAt = v;
      t += 1;
    } else if (star >= 0) {
      t = star + 1;
      starAt += 1;
      v = starAt;
    } else return false;
  }
  while (tokens[t] === STAR) t += 1;
  return t === tokens.length;
}

const TYPE_TESTS: Record<string, (value: Json) => boolean> = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === 'number',
  IsString: (value) => typeof value === 'string',
  IsBoolean: (value) => typeof value === 'boolean',
  IsTimestamp: isTimestamp,
};

const ORDERED_OPERATOR =
  /^(String|Numeric|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/;

/** The operator `name` stands for, or `undefined` when it is not a Choice rule operator. */
export function operatorNamed(name: string): Operator | undefined {
  if (name === 'IsPresent') return { kind: 'present', name };
  const test = TYPE_TESTS[name];
  if (test) return { kind: 'test', name, test };
  if (name === 'StringMatches')
    return {
      kind: 'compare',
      name,
      operandIsPath: false,
      compare: (value, pattern) => typeof pattern === 'string' && stringMatches(pattern, value),
    };
  if (name === 'BooleanEquals' || name === 'BooleanEqualsPath') {
    const compare = (value: Json, operand: Json) => typeof value === 'boolean' && value === operand;
    return { kind: 'compare', name, operandIsPath: name.endsWith('Path'), compare };
  }
  const match = ORDERED_OPERATOR.exec(name);
  if (!match) return undefined;
  const [, family, order, path] = match as unknown as [string, keyof typeof FAMILIES, Order, string | undefined];
  const compare = (value: Json, operand: Json) => {
    const sign = FAMILIES[family](value, operand);
    return sign !== undefined && ordered(order, sign);
  };
  return { kind: 'compare', name, operandIsPath: path !== undefined, compare };
}
