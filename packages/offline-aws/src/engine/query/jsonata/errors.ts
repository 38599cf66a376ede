/**
 * The errors a JSONata field raises at run time, with AWS's Cause wording. Every one is
 * `States.QueryEvaluationError` ("Transforming data with JSONata in Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html, "Handling
 * expression errors"), which Retry and Catch can match.
 *
 * The Cause AWS reports is `An error occurred while executing the state '<State>' (entered at the
 * event id #<N>). ` followed by the text built here: the interpreter, which knows the state and
 * the event, adds that prefix. `location` is the EvaluationFailed event's `location` field
 * (API_EvaluationFailedEventDetails.html).
 */
import { StateError } from '../../errors';
import type { Json } from '../types';

export const QUERY_EVALUATION_ERROR = 'States.QueryEvaluationError';

/** A `States.QueryEvaluationError` that also says which field failed (`Output/result`, `Items`). */
export class JsonataFieldError extends StateError {
  constructor(
    message: string,
    readonly location: string,
  ) {
    super(QUERY_EVALUATION_ERROR, message);
  }
}

const head = (expression: string, location: string): string =>
  `The JSONata expression '${expression}' specified for the field '${location}'`;

/** The expression yielded nothing (recorded on AWS: `$doesNotExist` in Output, Output/result, Assign/result). */
export const returnedNothing = (expression: string, location: string): JsonataFieldError =>
  new JsonataFieldError(`${head(expression, location)} returned nothing (undefined).`, location);

/** The result is no JSON value, e.g. a function (recorded on AWS: `$fn := function($x){$x}` in Items). */
export const unsupportedResult = (expression: string, location: string): JsonataFieldError =>
  new JsonataFieldError(`${head(expression, location)} returned an unsupported result type.`, location);

/**
 * JSONata threw. AWS writes `. <code>: <message>` for a coded JSONata error (recorded on AWS:
 * `T1006: Attempted to invoke a non-function` for an unknown function) and `: <message>` for one
 * without a code (AWS's own limits, e.g. "Expression evaluation memory limit exceeded").
 */
export const threwError = (
  expression: string,
  location: string,
  code: string | undefined,
  message: string,
): JsonataFieldError =>
  new JsonataFieldError(
    code === undefined
      ? `${head(expression, location)} threw an error during evaluation: ${message}`
      : `${head(expression, location)} threw an error during evaluation. ${code}: ${message}`,
    location,
  );

/** The JSON type name AWS uses in "Expected 'array', but was 'number'". */
export const jsonTypeName = (value: Json): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

/**
 * The result has a JSON type the field does not take (recorded on AWS for Items: `Expected
 * 'array', but was 'number' for value: 1`, the value as compact JSON).
 */
export const unexpectedType = (
  expression: string,
  location: string,
  expected: string,
  value: Json,
): JsonataFieldError =>
  new JsonataFieldError(
    `${head(expression, location)} returned an unexpected result type. Expected '${expected}', but was '${jsonTypeName(value)}' for value: ${JSON.stringify(value)}`,
    location,
  );
