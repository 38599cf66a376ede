/**
 * The JSONPath query language of the owned engine
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html): paths, payload
 * templates, ResultPath and intrinsic functions. Every function is pure; failures are StateError
 * with the ASL error name and the Cause AWS gives after its "An error occurred while executing the
 * state 'X' (entered at the event id #N). " prefix, which the interpreter adds.
 */
export { CHOICE_FIELD, readPath, tryReadPath } from './paths';
export { applyPayloadTemplate } from './payload';
export { applyResultPath, RESULT_PATH_MATCH_FAILURE } from './result-path';
export { evaluateIntrinsic, INTRINSIC_NAMES } from './intrinsics/evaluate';
export { INTRINSIC_FAILURE } from './intrinsics/arguments';
export { IntrinsicSyntaxError, isIntrinsicCall, MAX_INTRINSIC_NESTING, parseIntrinsic } from './intrinsics/parse';
