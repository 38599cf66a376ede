/** A small evaluation scope for the JSONata tests: its variables are a plain object. */
import type { EvaluationScope, Json, JsonObject } from '../../../../src/engine/query/types';

export function scopeOf(
  input: Json,
  variables: JsonObject = {},
  extra: Partial<EvaluationScope> = {},
): EvaluationScope {
  return {
    input,
    context: { Execution: { Id: 'arn:aws:states:us-east-1:111111111111:execution:sm:run', Input: input } },
    variables: { get: (name) => variables[name], all: () => ({ ...variables }) },
    ...extra,
  };
}
