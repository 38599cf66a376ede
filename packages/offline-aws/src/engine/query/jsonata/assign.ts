/**
 * A state's `Assign` ("Passing data between states with variables",
 * https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html, "Evaluation order
 * in an assign field"): every value is evaluated first, against the variables as they were on
 * state entry, and only then are the new values assigned, all at once; the order of the keys does
 * not matter. An expression that yields nothing fails the state (recorded on AWS:
 * `... specified for the field 'Assign/result' returned nothing (undefined).`).
 */
import type { EvaluationScope, JsonObject, QueryLanguage } from '../types';
import { checkAssignedSizes, variableNameOf } from '../variables';
import { evaluateJsonataField } from './evaluate';
import { childLocation } from './template';

/** How a JSONPath state's Assign is evaluated: the JSONPath module's payload template. */
export type JsonPathAssign = (assign: JsonObject, scope: EvaluationScope) => JsonObject | Promise<JsonObject>;

/**
 * The variables an Assign field sets: `{ name: value }`, names without `.$`, sizes checked. The
 * scope is the same for every value and is not changed: the caller applies the result (to the
 * innermost scope, or for a Catcher's Assign to the scope of the state that caught).
 * @param language the state's query language. A JSONPath Assign is evaluated by `jsonPath` (the
 *   JSONPath module's), then the same checks apply.
 * @throws JsonataFieldError (States.QueryEvaluationError) from the first value that fails, with
 *   the location `Assign/<name>`; StateError States.DataLimitExceeded over the size quotas.
 */
export async function evaluateAssign(
  assign: JsonObject,
  scope: EvaluationScope,
  language: QueryLanguage,
  jsonPath?: JsonPathAssign,
): Promise<JsonObject> {
  let assigned: JsonObject;
  if (language === 'JSONata') {
    assigned = {};
    for (const [name, value] of Object.entries(assign)) {
      assigned[name] = await evaluateJsonataField(value, scope, childLocation('Assign', name));
    }
  } else {
    if (jsonPath === undefined) throw new Error('A JSONPath Assign needs the JSONPath evaluator');
    const evaluated = await jsonPath(assign, scope);
    assigned = Object.fromEntries(Object.entries(evaluated).map(([key, value]) => [variableNameOf(key), value]));
  }
  checkAssignedSizes(assigned);
  return assigned;
}
