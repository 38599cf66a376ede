/** A scope for the JSONPath unit tests: the input, a context and variables from plain objects. */
import type { EvaluationScope, Json, JsonObject } from '../../../../src/engine/query/types';

export function scopeOf(input: Json, options: { context?: JsonObject; variables?: JsonObject } = {}): EvaluationScope {
  const variables = options.variables ?? {};
  return {
    input,
    context: options.context ?? {},
    variables: {
      get: (name) => (Object.hasOwn(variables, name) ? variables[name] : undefined),
      all: () => ({ ...variables }),
    },
  };
}

/** The StateError a call throws, as `{ name, message }` (fails the test when nothing is thrown). */
export function thrown(call: () => unknown): { name: string; message: string } {
  try {
    call();
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message };
  }
  throw new Error('expected the call to throw');
}
