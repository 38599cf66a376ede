/**
 * fast-check arbitraries for the bad-input property tests (test/unit/properties/,
 * test/slow/bad-input.test.ts).
 *
 * Each entry point has an `InputSpec`: the schema its handler parses with, an arbitrary of *valid*
 * inputs, and where its fields are (dotted paths, `*` for "some element of this array"), with their
 * documented limits, optional and nullable ones marked (valid inputs carry null in nullable fields
 * now and then). `malformedInput(spec)` mutates valid inputs (drop a required field, wrong type,
 * bad numbers, over-long strings, control characters, unknown enum values, extra keys in strict
 * objects, arrays too short or too long, near-miss formats, deep nesting) or builds junk from
 * scratch (non-object values, `fc.anything()`). The HTTP arbitraries add what only a request can
 * be: no body, not JSON, base64, deeply nested text, over 16 KiB, bad path parameters and headers.
 *
 * The field list must name every field the schema declares (nested objects and array elements
 * included): `malformedCases` walks the schema and throws, naming the entry point and the fields,
 * when it does not (arbitraries/spec-check.ts). A discriminated union is one spec, its
 * variant-only fields marked with their `variants`.
 *
 * Every case is invalid *by construction*, from the documented limits and formats (the test
 * oracle, in arbitraries/formats.ts), not by asking the schema: a schema that loses a limit makes
 * the property tests fail. Only fully random values (`fc.anything()`, random text) are filtered,
 * with the schema.
 *
 * Every generated case is a `BrokenInput` (arbitraries/broken-input.ts): the input, the field broken
 * (dotted path, array index picked), the mutation and the field's value. A failing property prints
 * those (cut to a few hundred characters); the property checks the `input`.
 *
 * This file is the entry point the tests import; the arbitraries live in arbitraries/, one module
 * per concern: formats and valid values, near misses, input specs (HTTP bodies, Task inputs, the
 * SNS event), the mutations that break them, HTTP requests, SNS messages, and what a rejection
 * must look like.
 */
export type { Field, FieldType, InputSpec, SpecDraft } from './arbitraries/spec';
export { schemaFields, type SchemaField } from './arbitraries/schema-fields';
export { assertSpecDescribesSchema, specProblems } from './arbitraries/spec-check';
export { createOrderBody, submitReviewBody } from './arbitraries/http-bodies';
export { taskInputs, type TaskFunction } from './arbitraries/task-inputs';
export { notifyCustomerEvent, orderEvent } from './arbitraries/sns-events';
export { jsonRoundTrip } from './arbitraries/json-text';
export { ABSENT, BrokenInput } from './arbitraries/broken-input';
export { malformedCases, malformedInput, type MalformedCase, type MalformedOptions } from './arbitraries/malformed';
export {
  expectedStatus,
  httpEvent,
  httpRoutes,
  malformedBodyCases,
  type HttpCase,
  type HttpRouteSpec,
} from './arbitraries/http';
export { malformedMessageEventArb, malformedMessageEventCases } from './arbitraries/sns-messages';
export {
  expectHttpRejection,
  expectInvokedValidationError,
  expectValidationError,
  rejectionOf,
} from './arbitraries/rejections';
