/**
 * ResultPath (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html):
 * where a state's result goes in its input to make its output.
 */
import { StateError } from '../../errors';
import type { Json } from '../types';
import { isObject, parseSteps, type PathStep } from './reference-path';

/** The ASL error when the result cannot be placed (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). */
export const RESULT_PATH_MATCH_FAILURE = 'States.ResultPathMatchFailure';

/**
 * The state's output before OutputPath.
 * - `undefined` (no ResultPath) or `"$"`: the result replaces the input.
 * - `null`: the result is discarded, the output is the input.
 * - a Reference Path (`$.a.b`, `$['a'][0]`): a copy of the input with the result set there; missing
 *   objects on the way are created, as AWS does.
 *
 * `input` is the state's raw input (before InputPath); neither argument is mutated.
 * @throws StateError `States.ResultPathMatchFailure` when the path goes through something that is
 *   not an object (the input is a string, `$.a.b` where `a` is a number, an index past an array's
 *   end), with AWS's cause "Unable to apply ReferencePath $.a to input \"text\"" (as AWS reported it
 *   for a string input); `States.Runtime` when `resultPath` is not a Reference Path on `$` (the
 *   definition check refuses those first).
 */
export function applyResultPath(resultPath: string | null | undefined, input: Json, result: Json): Json {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return input;
  const steps = referenceSteps(resultPath);
  const output = structuredClone(input);
  const failure = () =>
    new StateError(
      RESULT_PATH_MATCH_FAILURE,
      `Unable to apply ReferencePath ${resultPath} to input ${JSON.stringify(input)}`,
    );
  let parent: Json = output;
  for (const [position, step] of steps.entries()) {
    const last = position === steps.length - 1;
    if (step.kind === 'name') {
      if (!isObject(parent)) throw failure();
      if (last) parent[step.name] = structuredClone(result);
      else {
        if (!Object.hasOwn(parent, step.name)) parent[step.name] = {};
        parent = parent[step.name] as Json;
      }
    } else {
      if (!Array.isArray(parent)) throw failure();
      const index = step.index < 0 ? parent.length + step.index : step.index;
      if (index < 0 || index >= parent.length) throw failure();
      if (last) parent[index] = structuredClone(result);
      else parent = parent[index] as Json;
    }
  }
  return output;
}

function referenceSteps(resultPath: string): PathStep[] {
  const invalid = () =>
    new StateError('States.Runtime', `Invalid ResultPath '${resultPath}': it must be a Reference Path on '$'`);
  if (!resultPath.startsWith('$') || resultPath.startsWith('$$')) throw invalid();
  const rest = resultPath.slice(1);
  if (rest !== '' && rest[0] !== '.' && rest[0] !== '[') throw invalid();
  let steps: PathStep[] | undefined;
  try {
    steps = parseSteps(rest);
  } catch {
    throw invalid();
  }
  if (steps === undefined) throw invalid();
  return steps;
}
