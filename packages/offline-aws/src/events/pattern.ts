/**
 * EventBridge event patterns, checked and matched as "Amazon EventBridge event patterns"
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html) and "Comparison
 * operators for use in event patterns" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html)
 * describe them.
 *
 * Own code, because no maintained npm matcher fits: the Java/Go `event-ruler` has no JavaScript
 * port among the packages available, and the EventBridge-offline plugins embed theirs in a
 * serverless plugin. The semantics are pinned by test/unit/event-pattern.test.ts.
 *
 * - A pattern is an object; every field it names must match. A leaf is an array of alternatives
 *   (strings, numbers, `null`, booleans, or operator objects); the field matches when its value —
 *   or, for an array value, any of its elements — matches one alternative.
 * - A nested object matches the event's object at that field (an array of objects: any element).
 * - Operators: `prefix`, `suffix` (each also with `equals-ignore-case`), `anything-but` (a value,
 *   a list, or `prefix` / `suffix` / `equals-ignore-case` / `wildcard`), `numeric`, `exists`,
 *   `equals-ignore-case`, `wildcard`, and `$or` (a list of sub-patterns) at any object level.
 * - `cidr` is refused by name (not emulated offline; docs/fidelity.md).
 */

export type PatternValue = string | number | boolean | null | PatternValue[] | { [key: string]: PatternValue };
export type EventPattern = { [key: string]: PatternValue };

/** A pattern the stack cannot take (AWS answers InvalidEventPatternException at PutRule). */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternException';
}

type Leaf = string | number | boolean | null | { [key: string]: PatternValue };

const isObject = (value: unknown): value is { [key: string]: unknown } =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);

/** `*` matches any run of characters; `\*` a literal star (eb-create-pattern-operators.html#eb-filtering-wildcard-matching). */
function wildcardRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '\\' && pattern[index + 1] === '*') {
      source += '\\*';
      index += 1;
    } else if (char === '*') source += '.*';
    else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

const lower = (value: string) => value.toLowerCase();

/** `prefix` / `suffix` operand: a string, or `{ "equals-ignore-case": string }`. */
function affixTest(kind: 'prefix' | 'suffix', operand: PatternValue, where: string): (value: string) => boolean {
  let text: string;
  let ignoreCase = false;
  if (typeof operand === 'string') text = operand;
  else if (isObject(operand) && typeof operand['equals-ignore-case'] === 'string') {
    text = lower(operand['equals-ignore-case']);
    ignoreCase = true;
  } else throw new InvalidEventPatternError(`${where}: "${kind}" takes a string or { "equals-ignore-case": string }`);
  return (value) => {
    const subject = ignoreCase ? lower(value) : value;
    return kind === 'prefix' ? subject.startsWith(text) : subject.endsWith(text);
  };
}

const stringsOf = (operand: PatternValue, operator: string, where: string): string[] => {
  const list = Array.isArray(operand) ? operand : [operand];
  if (list.length === 0 || !list.every((item) => typeof item === 'string')) {
    throw new InvalidEventPatternError(`${where}: "${operator}" takes a string or a list of strings`);
  }
  return list as string[];
};

/** `numeric`: pairs of an operator and a number, e.g. `[">", 0, "<=", 5]`. */
function numericTest(operand: PatternValue, where: string): (value: unknown) => boolean {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    throw new InvalidEventPatternError(`${where}: "numeric" takes one or two pairs of an operator and a number`);
  }
  const checks: ((n: number) => boolean)[] = [];
  for (let index = 0; index < operand.length; index += 2) {
    const operator = operand[index];
    const bound = operand[index + 1];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.has(operator) || typeof bound !== 'number') {
      throw new InvalidEventPatternError(`${where}: "numeric" operators are <, <=, =, >, >= each followed by a number`);
    }
    checks.push((n) =>
      operator === '<'
        ? n < bound
        : operator === '<='
          ? n <= bound
          : operator === '='
            ? n === bound
            : operator === '>'
              ? n > bound
              : n >= bound,
    );
  }
  return (value) => typeof value === 'number' && checks.every((check) => check(value));
}

/** `anything-but`: true when the value is none of what the operand names (a present value only). */
function anythingButTest(operand: PatternValue, where: string): (value: unknown) => boolean {
  if (isObject(operand)) {
    const [key, ...rest] = Object.keys(operand);
    const inner = operand[key ?? ''] ?? null;
    if (rest.length > 0 || key === undefined) {
      throw new InvalidEventPatternError(`${where}: "anything-but" takes one operator`);
    }
    let test: (value: string) => boolean;
    if (key === 'prefix' || key === 'suffix') test = affixTest(key, inner, where);
    else if (key === 'equals-ignore-case') {
      const texts = stringsOf(inner, key, where).map(lower);
      test = (value) => texts.includes(lower(value));
    } else if (key === 'wildcard') {
      const patterns = stringsOf(inner, key, where).map(wildcardRegExp);
      test = (value) => patterns.some((pattern) => pattern.test(value));
    } else throw new InvalidEventPatternError(`${where}: "anything-but" does not take "${key}"`);
    return (value) => typeof value === 'string' && !test(value);
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  if (!excluded.every((item) => typeof item === 'string' || typeof item === 'number')) {
    throw new InvalidEventPatternError(`${where}: "anything-but" takes strings or numbers`);
  }
  return (value) => value !== undefined && !excluded.includes(value as string | number);
}

/** A compiled leaf alternative: does it match this (present or absent) value? */
type LeafTest = (value: unknown, present: boolean) => boolean;

function compileOperator(leaf: { [key: string]: PatternValue }, where: string): LeafTest {
  const keys = Object.keys(leaf);
  if (keys.length !== 1) throw new InvalidEventPatternError(`${where}: an operator object has exactly one key`);
  const key = keys[0] ?? '';
  const operand = leaf[key] ?? null;
  const onString =
    (test: (value: string) => boolean): LeafTest =>
    (value) =>
      typeof value === 'string' && test(value);
  switch (key) {
    case 'prefix':
    case 'suffix':
      return onString(affixTest(key, operand, where));
    case 'equals-ignore-case': {
      if (typeof operand !== 'string')
        throw new InvalidEventPatternError(`${where}: "equals-ignore-case" takes a string`);
      return onString((value) => lower(value) === lower(operand));
    }
    case 'wildcard': {
      if (typeof operand !== 'string') throw new InvalidEventPatternError(`${where}: "wildcard" takes a string`);
      const pattern = wildcardRegExp(operand);
      return onString((value) => pattern.test(value));
    }
    case 'numeric': {
      const test = numericTest(operand, where);
      return (value) => test(value);
    }
    case 'anything-but': {
      const test = anythingButTest(operand, where);
      return (value, present) => present && test(value);
    }
    case 'exists': {
      if (typeof operand !== 'boolean') throw new InvalidEventPatternError(`${where}: "exists" takes true or false`);
      // `exists` matches leaf values only: an object is not a leaf (eb-create-pattern-operators.html#eb-filtering-exists-matching).
      return (value, present) => (operand ? present && !isObject(value) : !present);
    }
    case 'cidr':
      throw new InvalidEventPatternError(`${where}: "cidr" matching is not emulated offline (docs/fidelity.md)`);
    default:
      throw new InvalidEventPatternError(`${where}: unknown operator "${key}"`);
  }
}

function compileLeaf(leaf: Leaf, where: string): LeafTest {
  if (isObject(leaf)) return compileOperator(leaf, where);
  return (value, present) => present && value === leaf;
}

/** A compiled (sub-)pattern: does it match this object (or absent value)? */
type ObjectTest = (value: unknown) => boolean;

function compileObject(pattern: { [key: string]: PatternValue }, where: string): ObjectTest {
  const tests: ObjectTest[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const at = `${where}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) {
        throw new InvalidEventPatternError(`${at}: "$or" takes a list of at least two patterns`);
      }
      const branches = value.map((branch, index) =>
        compileObject(branch as { [key: string]: PatternValue }, `${at}[${index}]`),
      );
      tests.push((event) => branches.some((branch) => branch(event)));
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new InvalidEventPatternError(`${at}: a list of alternatives may not be empty`);
      const alternatives = value.map((leaf, index) => {
        if (Array.isArray(leaf)) throw new InvalidEventPatternError(`${at}[${index}]: lists may not nest`);
        return compileLeaf(leaf, `${at}[${index}]`);
      });
      tests.push((event) => {
        const present = isObject(event) && key in event;
        const field = present ? event[key] : undefined;
        const candidates = Array.isArray(field) ? field : [field];
        return alternatives.some((test) => candidates.some((candidate) => test(candidate, present)));
      });
    } else if (isObject(value)) {
      const inner = compileObject(value, at);
      tests.push((event) => {
        const field = isObject(event) ? event[key] : undefined;
        return Array.isArray(field) ? field.some((item) => inner(item)) : inner(isObject(field) ? field : undefined);
      });
    } else {
      throw new InvalidEventPatternError(
        `${at}: a pattern's values are lists of alternatives or objects, not ${JSON.stringify(value)}`,
      );
    }
  }
  return (event) => tests.every((test) => test(event));
}

/**
 * Checks a pattern and compiles it into a matcher.
 * @param pattern the pattern: an object, or its JSON text (CloudFormation accepts both)
 * @param where where it is declared, for error messages
 * @returns a function telling whether an event (a JSON object) matches
 * @throws InvalidEventPatternError naming the field and what is wrong
 */
export function compilePattern(pattern: unknown, where = 'EventPattern'): (event: unknown) => boolean {
  let parsed: unknown = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern) as unknown;
    } catch {
      throw new InvalidEventPatternError(`${where}: the event pattern is not valid JSON`);
    }
  }
  if (!isObject(parsed) || Object.keys(parsed).length === 0) {
    throw new InvalidEventPatternError(`${where}: an event pattern is a non-empty JSON object`);
  }
  return compileObject(parsed as EventPattern, where);
}
