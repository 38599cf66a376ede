/**
 * Reading a Path in a JSONPath state (https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html):
 * `$…` reads the state's input, `$$…` the context object
 * (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html) and
 * `$name…` a variable (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
 *
 * A definite path (a Reference Path: `.name`, `['name']`, `[index]`) gives the one node it names
 * and fails when there is none. An indefinite path (`*`, `..`, a filter, a slice, a union) is
 * evaluated with jsonpath-plus and gives the list of what matched, `[]` when nothing did (recorded
 * on AWS: `$.items[*]`, `$.items[1:]` on `{}` give `[]`).
 *
 * Causes are the text AWS puts after "An error occurred while executing the state 'X' (entered at
 * the event id #N). ": the interpreter, which knows the state and the event, adds that prefix.
 */
import { JSONPath } from 'jsonpath-plus';
import { StateError } from '../../errors';
import type { EvaluationScope, Json } from '../types';
import { parseSteps, walk } from './reference-path';

/** A variable's name, as `Assign` accepts it: a letter or `_`, then letters, digits or `_`. */
const VARIABLE = /^\$([\p{L}_][\p{L}\p{N}_]*)/u;

/** The field that reads a path whose Choice wording applies (`Variable` and the `…Path` comparisons). */
export const CHOICE_FIELD = 'Choice';

type Lookup = { found: true; value: Json } | { found: false; detail: string };

/**
 * Evaluates `path` against the scope.
 * @throws SyntaxError when `path` is not a path.
 */
function lookup(path: string, scope: EvaluationScope): Lookup {
  if (!path.startsWith('$')) throw new SyntaxError(`a path starts with '$'`);
  let document: Json | undefined;
  let rest: string;
  if (path.startsWith('$$')) {
    document = scope.context;
    rest = path.slice(2);
  } else if (path.length === 1 || path[1] === '.' || path[1] === '[') {
    document = scope.input;
    rest = path.slice(1);
  } else {
    const name = VARIABLE.exec(path)?.[1];
    if (name === undefined) throw new SyntaxError(`'${path}' is not a path`);
    document = scope.variables.get(name);
    rest = path.slice(name.length + 1);
    if (document === undefined) return { found: false, detail: `The variable '${name}' is not defined` };
  }
  const steps = parseSteps(rest);
  if (steps !== undefined) return walk(document, steps);
  return { found: true, value: queryAll(`$${rest}`, document) };
}

/**
 * Every node an indefinite path matches, in document order; `[]` for none (and on a scalar).
 * @throws SyntaxError when jsonpath-plus cannot evaluate the path.
 */
function queryAll(path: string, document: Json): Json[] {
  if (typeof document !== 'object' || document === null) return [];
  let matches: unknown;
  try {
    // 'safe': jsonpath-plus's own evaluator for filters, never JavaScript's eval.
    matches = JSONPath({ path, json: document, wrap: true, eval: 'safe' });
  } catch (error) {
    // A filter it cannot evaluate (Jayway's `in`, `=~` …): the path is refused, never half-read.
    throw new SyntaxError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  return Array.isArray(matches) ? (matches as Json[]) : [];
}

/**
 * The value `path` names (`$`, `$.a.b`, `$$.Execution.Id`, `$var.field`), or for an indefinite
 * path the list of matches. The result may share structure with the scope: do not mutate it.
 *
 * @param field which field holds the path; it picks AWS's wording when a definite path names
 *   nothing: `InputPath`/`OutputPath` (the default), "Invalid path '$.x' : No results for path:
 *   $['x']" (recorded on AWS); {@link CHOICE_FIELD}, "Invalid path '$.x': The choice state's
 *   condition path references an invalid value."; any other (`ItemsPath`, `SecondsPath`,
 *   `ErrorPath`, `key.$` of a payload template…), "The JSONPath '$.x' specified for the field
 *   'ErrorPath' could not be found in the input '{…}'" (recorded on AWS for ErrorPath, CausePath
 *   and `key.$`).
 * @throws StateError `States.Runtime` when a definite path names nothing or is not a path.
 */
export function readPath(path: string, scope: EvaluationScope, field = 'InputPath'): Json {
  let result: Lookup;
  try {
    result = lookup(path, scope);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    result = { found: false, detail: `Invalid JSONPath syntax: ${error.message}` };
  }
  if (result.found) return result.value;
  throw new StateError('States.Runtime', notFoundCause(path, field, result.detail, scope.input));
}

/**
 * Choice's `IsPresent` (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html):
 * whether `path` names a node, and its value. An indefinite path is always present (its list may
 * be empty); an undefined variable or a malformed path is not.
 */
export function tryReadPath(path: string, scope: EvaluationScope): { found: true; value: Json } | { found: false } {
  try {
    const result = lookup(path, scope);
    return result.found ? result : { found: false };
  } catch (error) {
    if (error instanceof SyntaxError) return { found: false };
    throw error;
  }
}

function notFoundCause(path: string, field: string, detail: string, input: Json): string {
  if (field === 'InputPath' || field === 'OutputPath') return `Invalid path '${path}' : ${detail}`;
  if (field === CHOICE_FIELD)
    return `Invalid path '${path}': The choice state's condition path references an invalid value.`;
  return `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(input)}'`;
}
