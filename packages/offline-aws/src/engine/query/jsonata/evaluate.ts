/**
 * Evaluates the JSONata in a state's field ("Transforming data with JSONata in Step Functions",
 * https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): a whole-string
 * `{% expr %}` is evaluated, objects and arrays are walked, every other value is a literal.
 *
 * The language is the `jsonata` package, 2.2.2. Step Functions follows the JSONata 2.0.6
 * language; what 2.1–2.2 changed that an expression can see: the `??` and `?:` operators (new in
 * 2.1.0; refused here at definition time, see validate.ts, since 2.0.6 cannot parse them) and a
 * handful of fixes ($formatNumber picture parsing, $toMillis with more than three fractional
 * digits, $string precision, `$contains` with an undefined token, empty joins). AWS's own limits
 * on memory and recursion (causes without a JSONata code) are not reproduced.
 */
import jsonata from 'jsonata';
import type { EvaluationScope, Json, JsonObject } from '../types';
import { returnedNothing, threwError, unexpectedType, unsupportedResult } from './errors';
import { bindStepFunctionsFunctions } from './functions';
import { childLocation, expressionOf, isJsonataTemplate } from './template';

/** Compiled expressions by text: a definition's expressions are evaluated again and again. */
const compiled = new Map<string, jsonata.Expression>();
const MAX_COMPILED = 2000;

/** The expression compiled once, with AWS's functions bound. A parse error throws as jsonata throws it. */
export function compileJsonata(expression: string): jsonata.Expression {
  let found = compiled.get(expression);
  if (found === undefined) {
    found = jsonata(expression);
    bindStepFunctionsFunctions(found);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(expression, found);
  }
  return found;
}

/**
 * What an expression sees: `$states` (`input`, `context`, and `result` / `errorOutput` only
 * where the scope has them) and every variable in scope as `$name` (workflow-variables.html).
 */
export function jsonataBindings(scope: EvaluationScope): Record<string, unknown> {
  const states: JsonObject = { input: scope.input, context: scope.context };
  if (scope.result !== undefined) states.result = scope.result;
  if (scope.errorOutput !== undefined) states.errorOutput = scope.errorOutput;
  return { ...scope.variables.all(), states };
}

/** Marks a value that is not JSON (a function, a regex, a non-finite number). */
const NOT_JSON = Symbol('not JSON');

/** A JSONata result as JSON: sequences become arrays, undefined object members are dropped. */
function toJson(value: unknown): Json | undefined | typeof NOT_JSON {
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  // `+ 0` turns -0 into 0, as JSON writes it (AWS's `$parse("-0")` is 0).
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : NOT_JSON;
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const item of value) {
      const json = toJson(item);
      if (json === NOT_JSON) return NOT_JSON;
      if (json !== undefined) items.push(json);
    }
    return items;
  }
  if (typeof value !== 'object' || value instanceof RegExp) return NOT_JSON;
  // jsonata's lambdas are plain objects marked `_jsonata_lambda`; native functions are functions.
  if ((value as { _jsonata_lambda?: unknown })._jsonata_lambda === true) return NOT_JSON;
  const object: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    const json = toJson(member);
    if (json === NOT_JSON) return NOT_JSON;
    if (json !== undefined) object[key] = json;
  }
  return object;
}

/** What jsonata throws (its own errors, or a function's). */
interface JsonataThrown {
  code?: unknown;
  message?: unknown;
}

/**
 * Evaluates one expression (the text inside `{% %}`) for the field at `location`.
 * @throws JsonataFieldError (States.QueryEvaluationError) when it throws, yields nothing or yields
 *   no JSON value, with AWS's cause.
 */
export async function evaluateJsonataExpression(
  expression: string,
  scope: EvaluationScope,
  location: string,
): Promise<Json> {
  let result: unknown;
  try {
    result = await compileJsonata(expression).evaluate(undefined, jsonataBindings(scope));
  } catch (error) {
    const thrown = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as JsonataThrown;
    const code = typeof thrown.code === 'string' ? thrown.code : undefined;
    throw threwError(expression, location, code, typeof thrown.message === 'string' ? thrown.message : String(error));
  }
  const json = toJson(result);
  if (json === undefined) throw returnedNothing(expression, location);
  if (json === NOT_JSON) throw unsupportedResult(expression, location);
  return json;
}

async function evaluateAt(value: Json, scope: EvaluationScope, location: string): Promise<Json> {
  if (isJsonataTemplate(value)) return evaluateJsonataExpression(expressionOf(value), scope, location);
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const [i, item] of value.entries()) items.push(await evaluateAt(item, scope, childLocation(location, i)));
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const object: JsonObject = {};
    for (const [key, member] of Object.entries(value)) {
      object[key] = await evaluateAt(member, scope, childLocation(location, key));
    }
    return object;
  }
  return value;
}

/**
 * The value of a JSONata state's field: Arguments, Output, an Assign value, Items, ItemSelector,
 * Seconds, Timestamp, TimeoutSeconds, HeartbeatSeconds, Error, Cause, Condition, a Catcher's
 * Output or Assign… `field` is the field's location as AWS names it (`Output`, `Assign/total`,
 * `Choices[0]/Condition` is the interpreter's to choose); nested members extend it
 * (`Output/result`). Expressions are evaluated in document order, each against the same scope.
 * @throws JsonataFieldError (States.QueryEvaluationError) from the first expression that fails.
 */
export function evaluateJsonataField(value: Json, scope: EvaluationScope, field: string): Promise<Json> {
  return evaluateAt(value, scope, field);
}

/**
 * A JSONata Map state's `Items`: an array, literal or evaluated (recorded on AWS: an expression
 * that yields a number, string, boolean, object or null fails with "Expected 'array'").
 * @throws JsonataFieldError as evaluateJsonataField, or for a result that is not an array.
 */
export async function evaluateJsonataItems(value: Json, scope: EvaluationScope): Promise<Json[]> {
  const items = await evaluateJsonataField(value, scope, 'Items');
  if (Array.isArray(items)) return items;
  throw unexpectedType(isJsonataTemplate(value) ? expressionOf(value) : JSON.stringify(value), 'Items', 'array', items);
}
