/**
 * Evaluating an intrinsic function call (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html)
 * against a state's scope: arguments first (paths read as payload templates read them, nested
 * calls evaluated inside out), then the function.
 */
import { StateError } from '../../../errors';
import type { EvaluationScope, Json } from '../../types';
import { readPath } from '../paths';
import { INTRINSIC_FAILURE, expectCount, intrinsicFailure } from './arguments';
import { array, arrayContains, arrayGetItem, arrayLength, arrayPartition, arrayRange, arrayUnique } from './array';
import { IntrinsicSyntaxError, parseIntrinsic, type IntrinsicArgument, type IntrinsicCall } from './parse';
import {
  base64Decode,
  base64Encode,
  format,
  hash,
  jsonMerge,
  jsonToString,
  mathAdd,
  mathRandom,
  stringSplit,
  stringToJson,
  uuid,
} from './values';

/** Every intrinsic AWS documents but States.Format, which reads its template's escapes itself. */
const FUNCTIONS: Readonly<Record<string, (args: Json[]) => Json>> = {
  'States.Array': array,
  'States.ArrayPartition': arrayPartition,
  'States.ArrayContains': arrayContains,
  'States.ArrayRange': arrayRange,
  'States.ArrayGetItem': arrayGetItem,
  'States.ArrayLength': arrayLength,
  'States.ArrayUnique': arrayUnique,
  'States.Base64Encode': base64Encode,
  'States.Base64Decode': base64Decode,
  'States.Hash': hash,
  'States.JsonMerge': jsonMerge,
  'States.StringToJson': stringToJson,
  'States.JsonToString': jsonToString,
  'States.MathRandom': mathRandom,
  'States.MathAdd': mathAdd,
  'States.StringSplit': stringSplit,
  'States.UUID': uuid,
};

/** The names of the intrinsics AWS documents, for the definition check. */
export const INTRINSIC_NAMES: readonly string[] = [...Object.keys(FUNCTIONS), 'States.Format'];

/**
 * The value of `expression`, e.g. `States.Format('{} items', States.ArrayLength($.items))`.
 * @param field the payload key holding the call (`greeting.$`), named when a path argument reads
 *   nothing.
 * @throws StateError `States.IntrinsicFailure` when the call is malformed, nests deeper than 10, names
 *   an unknown function or a function rejects its arguments; `States.Runtime` when a path argument
 *   names nothing (as for any path of a payload template).
 */
export function evaluateIntrinsic(expression: string, scope: EvaluationScope, field = 'Parameters'): Json {
  let call: IntrinsicCall;
  try {
    call = parseIntrinsic(expression);
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError) throw new StateError(INTRINSIC_FAILURE, error.message);
    throw error;
  }
  return evaluateCall(call, scope, field);
}

function evaluateCall(call: IntrinsicCall, scope: EvaluationScope, field: string): Json {
  const values = call.args.map((argument) => evaluateArgument(argument, scope, field));
  if (call.name === 'States.Format') {
    expectCount(call.name, values, 1, Infinity);
    const [first] = call.args;
    if (first?.kind === 'string') return format(first.escaped, true, values.slice(1));
    if (typeof values[0] !== 'string') throw intrinsicFailure(call.name, 'the template must be a string');
    return format(values[0], false, values.slice(1));
  }
  const implementation = FUNCTIONS[call.name];
  if (implementation === undefined)
    throw new StateError(INTRINSIC_FAILURE, `'${call.name}' is not an intrinsic function`);
  return implementation(values);
}

function evaluateArgument(argument: IntrinsicArgument, scope: EvaluationScope, field: string): Json {
  switch (argument.kind) {
    case 'string':
    case 'literal':
      return argument.value;
    case 'path':
      return readPath(argument.path, scope, field);
    case 'call':
      return evaluateCall(argument, scope, field);
  }
}
