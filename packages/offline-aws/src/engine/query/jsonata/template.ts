/**
 * What makes a value a JSONata expression in a state's field, and how AWS names where it sits
 * ("Transforming data with JSONata in Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html, "Writing JSONata
 * expressions in JSON strings"): a string that starts with `{%` (no leading space) and ends with
 * `%}` (no trailing space) is evaluated; any other string is a literal.
 */
import type { Json } from '../types';

const OPEN = '{%';
const CLOSE = '%}';

/** True when `value` is a whole-string JSONata expression, `"{% … %}"`. */
export function isJsonataTemplate(value: Json): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith(OPEN) && value.endsWith(CLOSE);
}

/**
 * A string that opens a JSONata expression but does not close it (`"{% $x"`, `"{% $x %} "`): the
 * docs say such a string is a validation error, not a literal.
 */
export function isUnclosedTemplate(value: Json): value is string {
  return typeof value === 'string' && value.startsWith(OPEN) && !isJsonataTemplate(value);
}

/**
 * The expression inside `{% … %}`, trimmed: AWS quotes it so in its causes
 * (`"{% 'string' %}"` → `'string'`, recorded on AWS).
 */
export function expressionOf(template: string): string {
  return template.slice(OPEN.length, template.length - CLOSE.length).trim();
}

/**
 * The location of a value inside a field, as AWS writes it in a cause and in the
 * EvaluationFailed event's `location`: object keys joined with `/` (`Output/result`,
 * `Assign/result`, recorded on AWS); an array element as `[i]` (`Items[1]`; not recorded).
 */
export const childLocation = (location: string, key: string | number): string =>
  typeof key === 'number' ? `${location}[${key}]` : `${location}/${key}`;
