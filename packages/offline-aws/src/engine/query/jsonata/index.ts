/**
 * The JSONata query language of the owned engine: what the interpreter calls.
 * Step Functions follows JSONata 2.0.6; the `jsonata` package here is 2.2.2 (evaluate.ts says
 * what differs and how).
 */
export { evaluateAssign, type JsonPathAssign } from './assign';
export { JsonataFieldError, QUERY_EVALUATION_ERROR } from './errors';
export { evaluateJsonataExpression, evaluateJsonataField, evaluateJsonataItems, jsonataBindings } from './evaluate';
export { checkJsonataFieldResult, isOffsetDateTime } from './field-results';
export { jsonataFieldIssues } from './field-rules';
export { childLocation, expressionOf, isJsonataTemplate, isUnclosedTemplate } from './template';
export { topLevelReference, validateJsonataExpression } from './validate';
