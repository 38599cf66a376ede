/**
 * What every query-language evaluator of the owned engine shares: the data a state's fields are
 * evaluated against (its input, the context object `$$` / `$states.context`, the variables in
 * scope) and how they fail (StateError with the ASL error name and AWS's Cause).
 *
 * Both query languages sit behind these types (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html):
 * JSONPath (`query/jsonpath/`) and JSONata (`query/jsonata/`).
 */
import type { Json } from '../../serverless/config';

export type { Json } from '../../serverless/config';
export type JsonObject = { [key: string]: Json };

/** `"JSONPath"` (the default) or `"JSONata"`: the definition's top-level `QueryLanguage`, or a state's own. */
export type QueryLanguage = 'JSONPath' | 'JSONata';

/**
 * The variables a state can read (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html):
 * its own workflow's, and, inside a Parallel branch or a Map iteration, the outer ones (read-only
 * there). `get` walks outwards; `undefined` means not defined anywhere in scope.
 */
export interface VariableReader {
  get(name: string): Json | undefined;
  /** Every variable visible, innermost winning (JSONata binds them all). */
  all(): JsonObject;
}

/**
 * What a state's fields are evaluated against.
 * - `input`: the state's input (JSONPath `$` in InputPath/Parameters; JSONata `$states.input`).
 * - `context`: the context object (`$$` / `$states.context`): Execution, State, StateMachine, Task, Map.
 * - `variables`: the variables in scope (`$name` in both languages).
 * - `result` / `errorOutput`: what JSONata's `$states.result` / `$states.errorOutput` give in the
 *   fields where AWS allows them (Output and Assign after a Task/Map/Parallel; Catch's Output/Assign).
 */
export interface EvaluationScope {
  input: Json;
  context: JsonObject;
  variables: VariableReader;
  result?: Json;
  errorOutput?: Json;
}
