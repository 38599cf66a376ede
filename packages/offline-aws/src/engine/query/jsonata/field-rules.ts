/**
 * Definition-time rules of the two query languages for one state ("Transforming data with
 * JSONata in Step Functions", https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html,
 * "Arguments and Output Fields", "Choice state", "No more path fields"): a JSONata state has no
 * InputPath, Parameters, ResultSelector, ResultPath, OutputPath nor any `…Path` field, and its
 * Choice rules use `Condition`; a JSONPath state has no Arguments, Output, Items nor Condition.
 * A JSONata state's expressions must parse, and its Assign keys must name variables.
 *
 * Messages are AWS's CreateStateMachine form, `<CODE>: <message> at <JSON pointer>`. Recorded on
 * AWS: `'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine`. Seen
 * on AWS by others (not recorded here): `The QueryLanguage is set to 'JSONata', but field
 * 'Parameters' is only supported for the 'JSONPath' QueryLanguage`, and the JSONata codes of
 * validate.ts. Ours: the JSONPath-state mirror of that message, the unclosed `{%` and the
 * variable-name messages (query/variables.ts).
 */
import type { Json, JsonObject, QueryLanguage } from '../types';
import { assignNameIssues } from '../variables';
import { topLevelReference, validateJsonataExpression } from './validate';
import { expressionOf, isJsonataTemplate, isUnclosedTemplate } from './template';

const SCHEMA = 'SCHEMA_VALIDATION_FAILED';

/** Fields only a JSONPath state has. */
const JSONPATH_ONLY = [
  'InputPath',
  'Parameters',
  'ResultSelector',
  'ResultPath',
  'OutputPath',
  'ItemsPath',
  'SecondsPath',
  'TimestampPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'ErrorPath',
  'CausePath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
];
/** Fields only a JSONata state has. */
const JSONATA_ONLY = ['Arguments', 'Output', 'Items'];
/** A JSONPath Choice rule's fields (Variable and the comparisons, And/Or/Not). */
const JSONPATH_RULE =
  /^(Variable|And|Or|Not|(String|Numeric|Boolean|Timestamp)\w+|Is(Null|Present|Numeric|String|Boolean|Timestamp))$/;

/** The fields of a JSONata state whose strings are JSONata (ASL fields that take `{% %}`). */
const EVALUATED = [
  'Arguments',
  'Output',
  'Assign',
  'Items',
  'ItemSelector',
  'Seconds',
  'Timestamp',
  'TimeoutSeconds',
  'HeartbeatSeconds',
  'Error',
  'Cause',
  'MaxConcurrency',
  'ToleratedFailureCount',
  'ToleratedFailurePercentage',
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'Credentials',
];

const other = (language: QueryLanguage): QueryLanguage => (language === 'JSONata' ? 'JSONPath' : 'JSONata');
const asObject = (value: Json | undefined): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
const asList = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
const pointerKey = (key: string | number): string => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** The fields of `object` the language does not have. */
function foreignFields(object: JsonObject, language: QueryLanguage, at: string, rule = false): string[] {
  const foreign = (field: string): boolean =>
    language === 'JSONata'
      ? JSONPATH_ONLY.includes(field) || (rule && JSONPATH_RULE.test(field))
      : JSONATA_ONLY.includes(field) || (rule && field === 'Condition');
  return Object.keys(object)
    .filter(foreign)
    .map(
      (field) =>
        `${SCHEMA}: The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${other(language)}' QueryLanguage at ${at}/${pointerKey(field)}`,
    );
}

/** Every expression issue in a JSONata value, at its JSON pointer. */
function expressionIssues(value: Json, at: string): string[] {
  if (isJsonataTemplate(value)) {
    const expression = expressionOf(value);
    const parseError = validateJsonataExpression(expression);
    if (parseError !== undefined) return [`INVALID_JSONATA_EXPRESSION: ${parseError} at ${at}`];
    const name = topLevelReference(expression);
    return name === undefined
      ? []
      : [`UNSUPPORTED_JSONATA_EXPRESSION: Reference to '${name}' at the top level is not supported. at ${at}`];
  }
  if (isUnclosedTemplate(value)) {
    return [`INVALID_JSONATA_EXPRESSION: A JSONata expression must start with '{%' and end with '%}' at ${at}`];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => expressionIssues(item, `${at}/${i}`));
  const object = asObject(value);
  if (object === undefined) return [];
  return Object.entries(object).flatMap(([key, member]) => expressionIssues(member, `${at}/${pointerKey(key)}`));
}

/** The issues of an object that may carry `Assign` and JSONata fields (a state, a Choice rule, a Catcher). */
function jsonataIssues(object: JsonObject, fields: string[], at: string): string[] {
  const issues = fields.flatMap((field) =>
    object[field] === undefined ? [] : expressionIssues(object[field], `${at}/${field}`),
  );
  const assign = asObject(object.Assign);
  if (assign !== undefined)
    issues.push(...assignNameIssues(assign).map((issue) => `${SCHEMA}: ${issue} at ${at}/Assign`));
  return issues;
}

/**
 * AWS's validation messages for one state (not its branches' or item processor's states: the
 * caller walks those with their own `at`).
 * @param language the definition's top-level QueryLanguage (JSONPath when absent); the state's
 *   own `QueryLanguage`, when set, decides.
 * @param at the state's JSON pointer, e.g. `/States/Pass`.
 */
export function jsonataFieldIssues(state: JsonObject, language: QueryLanguage, at = ''): string[] {
  const own = state.QueryLanguage;
  if (language === 'JSONata' && own === 'JSONPath') {
    return [`${SCHEMA}: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at ${at}`];
  }
  const effective: QueryLanguage = own === 'JSONata' || own === 'JSONPath' ? own : language;
  const issues = foreignFields(state, effective, at);
  asList(state.Choices).forEach((rule, i) => {
    const object = asObject(rule);
    if (object === undefined) return;
    issues.push(...foreignFields(object, effective, `${at}/Choices/${i}`, true));
    if (effective === 'JSONata') issues.push(...jsonataIssues(object, ['Condition', 'Output'], `${at}/Choices/${i}`));
  });
  asList(state.Catch).forEach((catcher, i) => {
    const object = asObject(catcher);
    if (object === undefined) return;
    issues.push(...foreignFields(object, effective, `${at}/Catch/${i}`));
    if (effective === 'JSONata') issues.push(...jsonataIssues(object, ['Output'], `${at}/Catch/${i}`));
  });
  if (effective === 'JSONata') issues.push(...jsonataIssues(state, EVALUATED, at));
  else {
    const assign = asObject(state.Assign);
    if (assign !== undefined)
      issues.push(...assignNameIssues(assign).map((issue) => `${SCHEMA}: ${issue} at ${at}/Assign`));
  }
  return issues;
}
