/**
 * What an evaluated JSONata field must hold before the state can use it ("Transforming data with
 * JSONata in Step Functions", https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html,
 * "Handling expression errors": a result of a type the field does not accept, or out of the
 * field's range, fails with States.QueryEvaluationError).
 *
 * Recorded on AWS: Items (an array; see evaluate.ts) and Timestamp (an ISO-8601 offset date-time).
 * Not recorded: the other fields. Their type errors use the wording AWS records for Items
 * ("returned an unexpected result type. Expected '<type>' …"); their range errors are ours, and
 * say so plainly (listed in docs/fidelity.md by the integrator when wired).
 */
import type { Json } from '../types';
import { JsonataFieldError, unexpectedType } from './errors';

/** The rule each checked field follows: `integer` fields with their least value. */
type Rule =
  | { type: 'integer'; min: number }
  | { type: 'boolean' }
  | { type: 'string' }
  | { type: 'percentage' }
  | { type: 'timestamp' };

/** The Amazon States Language's ranges (states-language.net/spec.html; state-wait.html, state-task.html, state-map.html). */
const RULES: Record<string, Rule> = {
  Seconds: { type: 'integer', min: 0 },
  TimeoutSeconds: { type: 'integer', min: 1 },
  HeartbeatSeconds: { type: 'integer', min: 1 },
  MaxConcurrency: { type: 'integer', min: 0 },
  ToleratedFailureCount: { type: 'integer', min: 0 },
  ToleratedFailurePercentage: { type: 'percentage' },
  Condition: { type: 'boolean' },
  Error: { type: 'string' },
  Cause: { type: 'string' },
  Timestamp: { type: 'timestamp' },
};

/** RFC 3339 / ISO-8601 extended offset date-time: upper-case `T`, `Z` or `±hh:mm`, up to nanoseconds. */
const OFFSET_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** True for a real calendar date and time of day (`2016-13-05` and `25:29` are not). */
export function isOffsetDateTime(text: string): boolean {
  const match = OFFSET_DATE_TIME.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  return (
    date.getUTCMonth() === (month ?? 1) - 1 &&
    date.getUTCDate() === day &&
    (hour ?? 0) < 24 &&
    (minute ?? 0) < 60 &&
    (second ?? 0) < 60 &&
    (offsetHour ?? 0) < 19 &&
    (offsetMinute ?? 0) < 60
  );
}

/**
 * Checks an evaluated field's value. `field` is the field's name (`Seconds`, `Condition`,
 * `Timestamp`…); fields without a rule pass. `expression` is the text inside `{% %}`, for the cause.
 * @returns the value, unchanged.
 * @throws JsonataFieldError (States.QueryEvaluationError). Timestamp, recorded on AWS:
 *   `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: <value>`.
 */
export function checkJsonataFieldResult(field: string, expression: string, value: Json): Json {
  const rule = RULES[field];
  if (rule === undefined) return value;
  switch (rule.type) {
    case 'timestamp':
      if (typeof value !== 'string' || !isOffsetDateTime(value)) {
        const shown = typeof value === 'string' ? value : JSON.stringify(value);
        throw new JsonataFieldError(
          `The ${field} field cannot be parsed as an ISO-8601 extended offset date-time format string: ${shown}`,
          field,
        );
      }
      return value;
    case 'boolean':
    case 'string':
      if (typeof value !== rule.type) throw unexpectedType(expression, field, rule.type, value);
      return value;
    case 'percentage':
      if (typeof value !== 'number') throw unexpectedType(expression, field, 'number', value);
      if (value < 0 || value > 100) throw outOfRange(expression, field, 'a number from 0 to 100', value);
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw unexpectedType(expression, field, 'integer', value);
      if (value < rule.min) throw outOfRange(expression, field, `an integer of at least ${rule.min}`, value);
      return value;
  }
}

/** Not recorded on AWS: our wording, in the shape of AWS's type error. */
const outOfRange = (expression: string, field: string, expected: string, value: number): JsonataFieldError =>
  new JsonataFieldError(
    `The JSONata expression '${expression}' specified for the field '${field}' returned a value out of range. Expected ${expected}, but was ${value}`,
    field,
  );
