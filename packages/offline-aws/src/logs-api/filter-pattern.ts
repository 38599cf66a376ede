/**
 * FilterLogEvents' `filterPattern`, in the two forms of "Filter pattern syntax for metric filters,
 * subscription filters, filter log events, and Live Tail"
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
 *
 * - terms in unstructured events: `ERROR` (every term must occur), `"two words"`, `?ERROR ?WARN`
 *   (any of them), `ERROR -Retrying` (but not that one); case-sensitive; an empty pattern matches all;
 * - JSON events: `{ $.type = "ExecutionFailed" }`, `=`/`!=` on strings (`*` a wildcard) and numbers,
 *   `<` `>` `<=` `>=` on numbers, `IS NULL`, `NOT EXISTS`, `IS TRUE`, `IS FALSE`, joined by `&&` or
 *   `||` (not both, no parentheses).
 *
 * Other forms (space-delimited `[…]` patterns, `%regex%`, parenthesised JSON expressions) are refused
 * by name with InvalidParameterException (docs/fidelity.md).
 */
import { LogsError } from './errors';

export type Matcher = (message: string) => boolean;

const refuse = (what: string) =>
  new LogsError(
    'InvalidParameterException',
    `The offline CloudWatch Logs does not support ${what} in a filter pattern`,
  );
const invalid = (pattern: string) => new LogsError('InvalidParameterException', `Invalid filter pattern: ${pattern}`);

/** @throws LogsError InvalidParameterException for a malformed pattern or a form offline does not serve. */
export function compileFilterPattern(pattern: string | undefined): Matcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJson(text);
  if (text.startsWith('[')) throw refuse('space-delimited ([…]) patterns');
  if (text.startsWith('%')) throw refuse('regular expressions (%…%)');
  return compileTerms(text);
}

function compileTerms(text: string): Matcher {
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  const tokens = text.match(/[?-]?"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  for (const token of tokens) {
    const mark = token[0] === '?' || token[0] === '-' ? token[0] : '';
    let term = token.slice(mark.length);
    if (term.startsWith('"')) {
      if (!term.endsWith('"') || term.length < 2) throw invalid(text);
      term = term.slice(1, -1).replace(/\\(.)/g, '$1');
    } else if (/["{}[\]%]/.test(term)) throw invalid(text);
    if (term === '') throw invalid(text);
    (mark === '?' ? optional : mark === '-' ? excluded : required).push(term);
  }
  return (message) =>
    required.every((term) => message.includes(term)) &&
    (optional.length === 0 || optional.some((term) => message.includes(term))) &&
    !excluded.some((term) => message.includes(term));
}

type Value = string | number | boolean | null | undefined | object;

interface Comparison {
  path: (string | number)[];
  test: (value: Value, present: boolean) => boolean;
}

function compileJson(text: string): Matcher {
  if (!text.endsWith('}')) throw invalid(text);
  const body = text.slice(1, -1).trim();
  if (/[()]/.test(body.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) throw refuse('parentheses in JSON expressions');
  const hasAnd = body.includes('&&');
  const hasOr = body.includes('||');
  if (hasAnd && hasOr) throw refuse('`&&` and `||` in one expression');
  const parts = body.split(hasOr ? '||' : '&&').map((part) => parseComparison(part.trim(), text));
  return (message) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return false;
    }
    const results = parts.map((part) => {
      const { value, present } = select(parsed, part.path);
      return part.test(value, present);
    });
    return hasOr ? results.some(Boolean) : results.every(Boolean);
  };
}

function parsePath(selector: string, text: string): (string | number)[] {
  if (!selector.startsWith('$')) throw invalid(text);
  const path: (string | number)[] = [];
  const step = /\.([A-Za-z0-9_\-@$]+)|\[(\d+)\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < selector.length) {
    const match = step.exec(selector);
    if (!match) throw invalid(text);
    path.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  if (path.length === 0) throw invalid(text);
  return path;
}

function select(root: unknown, path: (string | number)[]): { value: Value; present: boolean } {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return { value: undefined, present: false };
    const next = (value as Record<string | number, unknown>)[key];
    if (next === undefined) return { value: undefined, present: false };
    value = next;
  }
  return { value: value as Value, present: true };
}

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

function parseComparison(part: string, text: string): Comparison {
  const unary = /^(\$\S*)\s+(IS NULL|NOT EXISTS|IS TRUE|IS FALSE)$/.exec(part);
  if (unary) {
    const path = parsePath(unary[1] ?? '', text);
    const test: Record<string, Comparison['test']> = {
      'IS NULL': (value, present) => present && value === null,
      'NOT EXISTS': (_value, present) => !present,
      'IS TRUE': (value) => value === true,
      'IS FALSE': (value) => value === false,
    };
    return { path, test: test[unary[2] ?? ''] as Comparison['test'] };
  }
  const binary = /^(\$\S*?)\s*(!=|<=|>=|=|<|>)\s*(.+)$/.exec(part);
  if (!binary) throw invalid(text);
  const path = parsePath(binary[1] ?? '', text);
  const operator = binary[2] ?? '';
  const operand = (binary[3] ?? '').trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(operand);
  const number = quoted ? Number.NaN : Number(operand);
  if (!quoted && !Number.isNaN(number) && operand !== '') {
    const compare: Record<string, (a: number) => boolean> = {
      '=': (a) => a === number,
      '!=': (a) => a !== number,
      '<': (a) => a < number,
      '>': (a) => a > number,
      '<=': (a) => a <= number,
      '>=': (a) => a >= number,
    };
    const check = compare[operator] as (a: number) => boolean;
    return { path, test: (value) => typeof value === 'number' && check(value) };
  }
  if (operator !== '=' && operator !== '!=') throw invalid(text);
  if (!quoted && /[\s"]/.test(operand)) throw invalid(text);
  const expected = wildcard(quoted ? (quoted[1] ?? '').replace(/\\(.)/g, '$1') : operand);
  const equal = (value: Value) =>
    (typeof value === 'string' || typeof value === 'number') && expected.test(String(value));
  return { path, test: operator === '=' ? equal : (value, present) => present && !equal(value) };
}
