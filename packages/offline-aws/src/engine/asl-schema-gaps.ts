/**
 * What asl-validator 4.0.0's schemas refuse although AWS accepts it (executions recorded on AWS):
 * a JSONata `Output` that is not an object or expression (`null`, `1`, `"text"`, a list), an
 * `Assign` value that is or holds a list, a Choice rule's `Condition` written as a boolean, a
 * fractional `ToleratedFailurePercentage`; and, as AWS documents, a Distributed Map's `ResultWriter`
 * with a `WriterConfig` but no `Resource` (the results formatted, not exported:
 * https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html, "Required field
 * combinations"). The validator is given a copy with those values replaced
 * by ones its schemas take; everything else is validated as written.
 */
import { asArray, asObject, type JsonObject } from './definition';
import type { Json } from '../serverless/config';

const isObject = (value: Json | undefined): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Whether a value is or holds a list (the schema's oneOf refuses lists in Assign values). */
const holdsList = (value: Json | undefined): boolean =>
  Array.isArray(value) || (isObject(value) && Object.values(value).some(holdsList));

function mendHolder(holder: JsonObject): void {
  if ('Output' in holder && !isObject(holder.Output) && typeof holder.Output !== 'string') holder.Output = {};
  if (typeof holder.Output === 'string' && !holder.Output.startsWith('{%')) holder.Output = {};
  if (isObject(holder.Assign)) {
    for (const key of Object.keys(holder.Assign)) {
      if (holdsList(holder.Assign[key])) holder.Assign[key] = null;
    }
  }
  if (typeof holder.Condition === 'boolean') holder.Condition = `{% ${String(holder.Condition)} %}`;
}

function mendStates(states: JsonObject): void {
  for (const raw of Object.values(states)) {
    if (!isObject(raw)) continue;
    mendHolder(raw);
    asArray(raw.Choices).forEach((rule) => isObject(rule) && mendHolder(rule));
    asArray(raw.Catch).forEach((catcher) => isObject(catcher) && mendHolder(catcher));
    const writer = raw.ResultWriter;
    if (isObject(writer) && writer.Resource === undefined && isObject(writer.WriterConfig)) {
      raw.ResultWriter = { ...writer, Resource: 'arn:aws:states:::s3:putObject' };
    }
    if (typeof raw.ToleratedFailurePercentage === 'number') {
      raw.ToleratedFailurePercentage = Math.floor(raw.ToleratedFailurePercentage);
    }
    asArray(raw.Branches).forEach((branch) => mendStates(asObject(asObject(branch).States)));
    for (const key of ['ItemProcessor', 'Iterator']) {
      if (isObject(raw[key])) mendStates(asObject(asObject(raw[key]).States));
    }
  }
}

/** A copy of `definition` for asl-validator, with the values above replaced. */
export function forSchemaValidation(definition: JsonObject): JsonObject {
  const copy = structuredClone(definition);
  mendStates(asObject(copy.States));
  return copy;
}
