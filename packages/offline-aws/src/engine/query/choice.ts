/**
 * The Choice state's decision (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html):
 * the `Next` of the first rule that matches, else `Default`, else a failure to transition out of
 * the state. JSONPath rules compare a `Variable` with an operator (`choice-operators.ts`) and nest
 * with `And` / `Or` / `Not`; JSONata rules give a `Condition` that must evaluate to a boolean.
 *
 * Errors are thrown as `StateError(name, cause)` with the cause AWS gives after its prefix
 * "An error occurred while executing the state '<name>' (entered at the event id #<id>). ",
 * which names what only the interpreter knows and so is the interpreter's to add.
 */
import { StateError } from '../errors';
import { operatorNamed } from './choice-operators';
import type { Json, JsonObject } from './types';

/** Reads a JSONPath (`$.a`, `$$.Execution.Input`, `$variable`…) against the state's scope. */
export type PathReader = (path: string) => { found: true; value: Json } | { found: false };

/** What a Choice state decided: where to go, and the rule that sent it there (none for Default). */
export interface ChoiceOutcome {
  next: string;
  /** The matching rule and its index in `Choices` (its own `Assign` / `Output` apply); absent for Default. */
  matched?: { rule: JsonObject; index: number };
}

/**
 * No rule matched and there is no Default. The docs page says the state machine "will throw an
 * error due to a failure to transition out of the state"; the execution fails with this error
 * and cause (States.Runtime, which no `States.ALL` catcher catches: concepts-error-handling.html),
 * not with the `States.NoChoiceMatched` the States Language specification names.
 */
export const NO_NEXT_STATE = {
  error: 'States.Runtime',
  cause: 'Failed to transition out of the state. The state does not point to a next state.',
} as const;

/** The cause when a rule's `Variable` (or a `…Path` operand) is not in the input (AWS's wording). */
export const invalidChoicePath = (path: string): string =>
  `Invalid path '${path}': The choice state's condition path references an invalid value.`;

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A definition fault the definition checks should have refused; never expected at run time. */
const malformed = (what: string, rule: JsonObject): StateError =>
  new StateError('States.Runtime', `Malformed Choice rule (${what}): ${JSON.stringify(rule)}`);

/** The fields a rule may carry beside its operator. */
const NOT_OPERATORS = new Set(['Variable', 'Next', 'Assign', 'Output', 'Comment']);

/** The value at `path`, or the Runtime error AWS raises when there is none. */
function readOrFail(read: PathReader, path: string): Json {
  const result = read(path);
  if (!result.found) throw new StateError('States.Runtime', invalidChoicePath(path));
  return result.value;
}

/**
 * Whether one JSONPath Choice rule holds. `And` and `Or` stop at the first rule that decides them,
 * so `{"And": [{"Variable": "$.x", "IsPresent": true}, {"Variable": "$.x", "StringEquals": "a"}]}`
 * never reads a missing `$.x` (the docs page's example). A type mismatch is `false`, not an error.
 * @throws StateError States.Runtime with `invalidChoicePath(path)` when the `Variable`, or the
 *   path of a `…Path` operator, is not present (except `IsPresent`, which tests exactly that).
 */
export function ruleMatches(rule: JsonObject, read: PathReader): boolean {
  if ('And' in rule || 'Or' in rule) {
    const rules = rule.And ?? rule.Or;
    if (!Array.isArray(rules) || !rules.every(isObject)) throw malformed('And/Or needs an array of rules', rule);
    return 'And' in rule
      ? rules.every((inner) => ruleMatches(inner, read))
      : rules.some((inner) => ruleMatches(inner, read));
  }
  if ('Not' in rule) {
    if (!isObject(rule.Not)) throw malformed('Not needs one rule', rule);
    return !ruleMatches(rule.Not, read);
  }
  const name = Object.keys(rule).find((key) => !NOT_OPERATORS.has(key));
  const operator = name === undefined ? undefined : operatorNamed(name);
  const operand = name === undefined ? undefined : rule[name];
  if (typeof rule.Variable !== 'string' || !operator || operand === undefined)
    throw malformed('Variable and operator', rule);
  if (operator.kind === 'present') return read(rule.Variable).found === operand;
  const value = readOrFail(read, rule.Variable);
  if (operator.kind === 'test') return operator.test(value) === operand;
  if (!operator.operandIsPath) return operator.compare(value, operand);
  if (typeof operand !== 'string') throw malformed(`${operator.name} needs a path`, rule);
  return operator.compare(value, readOrFail(read, operand));
}

function rulesOf(state: JsonObject): JsonObject[] {
  const rules = state.Choices;
  if (!Array.isArray(rules) || !rules.every(isObject)) throw malformed('Choices needs an array of rules', state);
  return rules;
}

function outcome(state: JsonObject, matched: { rule: JsonObject; index: number } | undefined): ChoiceOutcome {
  const next = matched ? matched.rule.Next : state.Default;
  if (typeof next === 'string') return matched ? { next, matched } : { next };
  if (matched) throw malformed('a rule needs Next', matched.rule);
  throw new StateError(NO_NEXT_STATE.error, NO_NEXT_STATE.cause);
}

/**
 * The outcome of a JSONPath Choice state: its rules in order, the first that matches wins (later
 * ones are not evaluated), else `Default`.
 * @throws StateError States.Runtime `NO_NEXT_STATE.cause` when nothing matches and there is no
 *   Default; States.Runtime `invalidChoicePath` from `ruleMatches`.
 */
export function decideJsonPath(state: JsonObject, read: PathReader): ChoiceOutcome {
  const rules = rulesOf(state);
  const index = rules.findIndex((rule) => ruleMatches(rule, read));
  return outcome(state, index < 0 ? undefined : { rule: rules[index] as JsonObject, index });
}

/** The `Next` of the first matching rule, else `Default` (see `decideJsonPath` for the errors). */
export const chooseJsonPath = (state: JsonObject, read: PathReader): string => decideJsonPath(state, read).next;

/** The expression of a `{% … %}` field as AWS quotes it in a cause (trimmed, without the delimiters). */
const expressionText = (condition: Json): string => {
  const text = typeof condition === 'string' ? condition : JSON.stringify(condition);
  const inner = /^\{%([\s\S]*)%\}$/.exec(text.trim());
  return inner ? (inner[1] as string).trim() : text;
};

const jsonType = (value: Json): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * The outcome of a JSONata Choice state: each rule's `Condition` evaluated in order (literal
 * `true`/`false` included; `evaluate` is the JSONata module's, given the field it evaluates, e.g.
 * `Choices[1]/Condition`), the first that is `true` wins, else `Default`.
 * @throws StateError States.QueryEvaluationError when a Condition returns nothing ("… returned
 *   nothing (undefined).") or a non-boolean ("… returned an unexpected result type. Expected
 *   'boolean', but was 'string' for value: \"yes\"" — AWS's wording for the Map state's `Items`,
 *   recorded on AWS, with the Condition's field name); States.Runtime `NO_NEXT_STATE.cause`.
 */
export async function decideJsonata(
  state: JsonObject,
  evaluate: (condition: Json, field: string) => Promise<Json | undefined>,
): Promise<ChoiceOutcome> {
  const rules = rulesOf(state);
  for (const [index, rule] of rules.entries()) {
    const field = `Choices[${index}]/Condition`;
    const condition = rule.Condition;
    if (condition === undefined) throw malformed('a JSONata rule needs Condition', rule);
    const value = await evaluate(condition, field);
    const quoted = `The JSONata expression '${expressionText(condition)}' specified for the field '${field}'`;
    if (value === undefined)
      throw new StateError('States.QueryEvaluationError', `${quoted} returned nothing (undefined).`);
    if (typeof value !== 'boolean') {
      throw new StateError(
        'States.QueryEvaluationError',
        `${quoted} returned an unexpected result type. Expected 'boolean', but was '${jsonType(value)}' for value: ${JSON.stringify(value)}`,
      );
    }
    if (value) return outcome(state, { rule, index });
  }
  return outcome(state, undefined);
}

/** The `Next` of the first rule whose Condition is `true`, else `Default` (errors: `decideJsonata`). */
export const chooseJsonata = async (
  state: JsonObject,
  evaluate: (condition: Json, field: string) => Promise<Json | undefined>,
): Promise<string> => (await decideJsonata(state, evaluate)).next;
