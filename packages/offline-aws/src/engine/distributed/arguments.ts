/**
 * The S3 call's arguments of a Distributed Map's ItemReader or ResultWriter: its Parameters
 * (JSONPath: a payload template on the state's effective input) or Arguments (JSONata), then the
 * Bucket (and Key, Prefix, VersionId) they must name as strings.
 */
import { StateError } from '../errors';
import { evaluateJsonataField } from '../query/jsonata';
import { applyPayloadTemplate } from '../query/jsonpath';
import type { EvaluationScope, Json, JsonObject } from '../query/types';
import type { StateRun } from '../interpreter/state-run';

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The block's evaluated Parameters / Arguments.
 * @param scope the state's scope (JSONata: `$states.input` is the state's input).
 * @param effective the state's effective input (JSONPath: what `$` is).
 * @param block `ItemReader` or `ResultWriter`, for the error.
 * @throws StateError States.Runtime when they are not an object (States.QueryEvaluationError for JSONata's own failures).
 */
export async function blockArguments(
  run: StateRun,
  scope: EvaluationScope,
  effective: Json,
  owner: JsonObject,
  block: string,
): Promise<JsonObject> {
  const jsonata = run.language === 'JSONata';
  const field = jsonata ? 'Arguments' : 'Parameters';
  const template = owner[field];
  if (template === undefined) return {};
  const value = jsonata
    ? await evaluateJsonataField(template, scope, `${block}.${field}`)
    : applyPayloadTemplate(template, { ...scope, input: effective }, `${block}.${field}`);
  if (!isObject(value)) {
    throw new StateError(
      'States.Runtime',
      `The ${block}'s ${field} must be an object but was: ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A string argument, or undefined when absent. @throws StateError States.Runtime when not a string. */
export function stringArgument(args: JsonObject, name: string, block: string, required: boolean): string | undefined {
  const value = args[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string' || (required && value === '')) {
    throw new StateError(
      'States.Runtime',
      `The ${block}'s ${name} must be a non-empty string but was: ${JSON.stringify(value ?? null)}`,
    );
  }
  return value;
}
