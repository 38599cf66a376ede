/**
 * Payload templates of JSONPath states (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html):
 * Parameters, ResultSelector, ItemSelector and Assign. A key ending in `.$` takes the value of its
 * path or intrinsic call under the key without `.$`; every other value is kept as written, objects
 * and arrays walked.
 */
import { StateError } from '../../errors';
import type { EvaluationScope, Json, JsonObject } from '../types';
import { evaluateIntrinsic } from './intrinsics/evaluate';
import { isIntrinsicCall } from './intrinsics/parse';
import { readPath } from './paths';
import { isObject } from './reference-path';

/** How AWS names a JSON value's type in "must be a STRING … but was an ARRAY". */
const typeName = (value: Json): string => {
  if (Array.isArray(value)) return 'an ARRAY';
  if (value === null) return 'NULL';
  if (typeof value === 'object') return 'an OBJECT';
  return typeof value === 'number' ? 'a NUMBER' : 'a BOOLEAN';
};

/**
 * The template with its `.$` keys evaluated against `scope`.
 *
 * What the caller passes as `scope.input` (`$`) depends on the field:
 * - Parameters, ItemSelector: the state's input after InputPath (ItemSelector reads the item as
 *   `$$.Map.Item.Value`, so `context` must carry `Map`).
 * - ResultSelector: the task's (or Map's, Parallel's) raw result.
 * - Assign (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html): the
 *   state's result before ResultPath: for a Task/Map/Parallel its result after ResultSelector, for
 *   a Pass its Result or Parameters output or else its input (recorded on AWS: a Pass with
 *   `"Parameters": {"input": "PENDING"}` assigns `$.input` as "PENDING"), for a Choice or a Wait its
 *   input after InputPath; in a Catch, the error output. Variables read in Assign are the values
 *   before this state's assignments (all of a state's assignments happen at once).
 *
 * @param field the state field holding the template (`Parameters`, `ResultSelector`,
 *   `ItemSelector`, `Assign`), named when a `.$` value is neither a path nor an intrinsic call.
 * @throws StateError `States.Runtime` when a `.$` value is not a string (AWS: "The value for the
 *   field 'a.$' must be a STRING that contains a JSONPath but was an ARRAY") or is not a path or
 *   call, or when a path names nothing ("The JSONPath '$.x' specified for the field 'a.$' could
 *   not be found in the input '{…}'", recorded on AWS); `States.IntrinsicFailure` from an
 *   intrinsic (intrinsics/evaluate.ts).
 */
export function applyPayloadTemplate(template: Json, scope: EvaluationScope, field: string): Json {
  if (Array.isArray(template)) return template.map((item) => applyPayloadTemplate(item, scope, field));
  if (!isObject(template)) return template;
  const output: JsonObject = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.length > 2 && key.endsWith('.$')) output[key.slice(0, -2)] = dynamicValue(key, value, scope, field);
    else output[key] = applyPayloadTemplate(value, scope, field);
  }
  return output;
}

function dynamicValue(key: string, value: Json, scope: EvaluationScope, field: string): Json {
  if (typeof value !== 'string')
    throw new StateError(
      'States.Runtime',
      `The value for the field '${key}' must be a STRING that contains a JSONPath but was ${typeName(value)}`,
    );
  if (isIntrinsicCall(value)) return evaluateIntrinsic(value.trim(), scope, key);
  if (value.startsWith('$')) return readPath(value, scope, key);
  throw new StateError(
    'States.Runtime',
    `The value for the field '${key}' in ${field} must be a valid JSONPath or a valid intrinsic function call`,
  );
}
