/**
 * A state's fields evaluated in its query language — the one place the interpreter meets the two
 * languages (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html):
 * - JSONPath: InputPath → Parameters → (the state's work) → ResultSelector → ResultPath → OutputPath
 *   (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html);
 * - JSONata: Arguments → (the state's work) → Output, with `$states.input`, `.result`, `.errorOutput`
 *   and `.context` (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html).
 * Assign, in both, is evaluated after the work, all assignments against the same values, and applied
 * at once after Output (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
 */
import { evaluateAssign, evaluateJsonataField } from '../query/jsonata';
import { applyPayloadTemplate, applyResultPath, readPath } from '../query/jsonpath';
import type { EvaluationScope, Json, JsonObject, QueryLanguage } from '../query/types';
import type { Place, RunContext } from './context';

/** The state's query language: its own `QueryLanguage`, else the definition's. */
export function languageOf(state: JsonObject, context: RunContext): QueryLanguage {
  return state.QueryLanguage === 'JSONata' || state.QueryLanguage === 'JSONPath'
    ? state.QueryLanguage
    : context.queryLanguage;
}

/** The context object (`$$`, `$states.context`) for a state entered at `enteredTime`. */
export function contextObject(
  context: RunContext,
  place: Place,
  state: { name: string; enteredTime: string; retryCount?: number; token?: string },
): JsonObject {
  const object: JsonObject = {
    Execution: { ...context.execution },
    StateMachine: { ...context.stateMachine },
    State: {
      Name: state.name,
      EnteredTime: state.enteredTime,
      ...(state.retryCount === undefined ? {} : { RetryCount: state.retryCount }),
    },
  };
  if (state.token !== undefined) object.Task = { Token: state.token };
  if (place.map) object.Map = place.map;
  return object;
}

export function scopeOf(input: Json, contextObj: JsonObject, place: Place, extra: Partial<EvaluationScope> = {}) {
  return { input, context: contextObj, variables: place.variables, ...extra } satisfies EvaluationScope;
}

/**
 * What the state works on. JSONPath: InputPath (null: `{}`), then Parameters when the state type
 * takes them. JSONata: Arguments when the state type takes them, else the input.
 */
export async function effectiveInput(
  state: JsonObject,
  language: QueryLanguage,
  scope: EvaluationScope,
  withTemplate: boolean,
): Promise<Json> {
  if (language === 'JSONata') {
    return withTemplate && state.Arguments !== undefined
      ? evaluateJsonataField(state.Arguments, scope, 'Arguments')
      : scope.input;
  }
  const afterInputPath =
    state.InputPath === null
      ? {}
      : readPath(typeof state.InputPath === 'string' ? state.InputPath : '$', scope, 'InputPath');
  if (!withTemplate || state.Parameters === undefined) return afterInputPath;
  return applyPayloadTemplate(state.Parameters, { ...scope, input: afterInputPath }, 'Parameters');
}

/**
 * The state's output from its result. JSONPath: ResultSelector (when `selects`), ResultPath into the
 * raw input, OutputPath (null: `{}`). JSONata: Output evaluated with `$states.result` (default: the result).
 * @param defaultToInput JSONata states without a result (Pass without Output, Choice, Wait) output their input.
 */
export async function stateOutput(
  state: JsonObject,
  language: QueryLanguage,
  scope: EvaluationScope,
  result: Json,
  selects: boolean,
): Promise<Json> {
  if (language === 'JSONata') {
    return state.Output === undefined ? result : evaluateJsonataField(state.Output, { ...scope, result }, 'Output');
  }
  const selected =
    selects && state.ResultSelector !== undefined
      ? applyPayloadTemplate(state.ResultSelector, { ...scope, input: result }, 'ResultSelector')
      : result;
  const combined = applyResultPath(
    state.ResultPath === null ? null : typeof state.ResultPath === 'string' ? state.ResultPath : undefined,
    scope.input,
    selected,
  );
  if (state.OutputPath === null) return {};
  return readPath(
    typeof state.OutputPath === 'string' ? state.OutputPath : '$',
    { ...scope, input: combined },
    'OutputPath',
  );
}

/**
 * A caught error's output: the error output through the catcher's ResultPath (JSONPath; default `$`,
 * the error output replaces the input) or its Output (JSONata; default the error output).
 */
export async function catchOutput(
  catcher: JsonObject,
  language: QueryLanguage,
  scope: EvaluationScope,
  errorOutput: JsonObject,
): Promise<Json> {
  if (language === 'JSONata') {
    return catcher.Output === undefined ? errorOutput : evaluateJsonataField(catcher.Output, scope, 'Output');
  }
  const resultPath =
    catcher.ResultPath === null ? null : typeof catcher.ResultPath === 'string' ? catcher.ResultPath : undefined;
  return applyResultPath(resultPath, scope.input, errorOutput);
}

/** The ResultSelector'd result (JSONPath) that Assign's `$` reads; the raw result in JSONata. */
export function selectedResult(state: JsonObject, language: QueryLanguage, scope: EvaluationScope, result: Json): Json {
  if (language === 'JSONata' || state.ResultSelector === undefined) return result;
  return applyPayloadTemplate(state.ResultSelector, { ...scope, input: result }, 'ResultSelector');
}

/**
 * Evaluates an `Assign` block (a state's, a Choice rule's or a Catcher's) and applies it to the
 * place's scope. JSONPath: a payload template whose `$` is `assignInput`; JSONata: `$states.*`.
 * @returns what was assigned (the history's `assignedVariables`), or undefined without Assign.
 */
export async function assignVariables(
  assign: Json | undefined,
  language: QueryLanguage,
  scope: EvaluationScope,
  assignInput: Json,
  place: Place,
): Promise<JsonObject | undefined> {
  if (assign === undefined) return undefined;
  const block = assign !== null && typeof assign === 'object' && !Array.isArray(assign) ? assign : {};
  const assigned = await evaluateAssign(block, scope, language, (template, at) => {
    const values = applyPayloadTemplate(template, { ...at, input: assignInput }, 'Assign');
    return values !== null && typeof values === 'object' && !Array.isArray(values) ? values : {};
  });
  place.variables.assign(assigned);
  return assigned;
}

/** `assignedVariables` of a StateExited event: each value as its JSON text. */
export function assignedDetails(assigned: JsonObject | undefined): object {
  // An empty Assign records nothing (recorded on AWS).
  if (assigned === undefined || Object.keys(assigned).length === 0) return {};
  return {
    assignedVariables: Object.fromEntries(Object.entries(assigned).map(([k, v]) => [k, JSON.stringify(v)])),
    assignedVariablesDetails: { truncated: false },
  };
}
